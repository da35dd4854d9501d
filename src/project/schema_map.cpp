// Keys of [map]: the site-ranking maps (stages/sinks/map/site_map.hpp; docs/maps.md).
#include "project/schema.hpp"
#include "project/schema_builder.hpp"

namespace oremap::project {

using namespace declare;

Section map_section() {
  return table("map")
      .doc(
          "Site-ranking maps, one per commodity, in output/maps/<commodity>.png (.svg, .pdf): the commodity's "
          "prospectivity over a hillshade, infrastructure, hatched exclusions, boundaries and the ranked sites, "
          "with legend, scale bar, north arrow, CRS note and data credits. See docs/maps.md.")
      .keys({
          integer("width").at_least(200).at_most(20000).otherwise(2000).doc(
              "Page width in pixels of the PNG (SVG and PDF: the same size at `dpi`)."),
          integer("height")
              .at_least(200)
              .at_most(20000)
              .shown_as("from the grid's aspect ratio")
              .doc("Page height in pixels."),
          number("dpi").at_least(36).at_most(1200).otherwise(200).doc(
              "Dots per inch: text and line sizes are given in points, so 200 dpi draws a 9 pt label 25 px "
              "high; SVG and PDF pages measure width / dpi inches."),
          texts("formats").one_of({"png", "svg", "pdf"}).otherwise({"png", "svg"}).doc("Files written per commodity."),
          text("title")
              .shown_as("\"<Commodity> prospectivity and ranked sites\"")
              .doc("Map title; \"{commodity}\" is replaced by the commodity's name."),
          integer("top_n").at_least(0).at_most(1000).otherwise(10).doc(
              "Label the N best-ranked sites by name (labels that would overlap are left out) and list them "
              "in the legend. Every ranked site shows its rank number."),
          integer("town_labels")
              .at_least(0)
              .at_most(1000)
              .otherwise(25)
              .doc("Name up to N towns of the infrastructure layers (class town), most populous first (a pop_max "
                   "or population attribute), where they fit around the sites' labels."),
          texts("boundaries")
              .refers_to(Ref::layer)
              .shown_as("none")
              .doc("Administrative boundary layers (polygons or lines), the most important first: the first is "
                   "drawn heaviest."),
          texts("infrastructure")
              .refers_to(Ref::layer)
              .shown_as("none")
              .doc("Infrastructure layers (roads, railways, power lines, ports...). Each feature is styled by "
                   "class: its `class` attribute or the layer id (motorway, road, rail, power/transmission, "
                   "pipeline, port, airport, town/place), unless `infrastructure_classes` says otherwise."),
          text_table("infrastructure_classes")
              .doc("Layer id -> class for layers whose class cannot be guessed, e.g. { n5 = \"road\" }. Classes: "
                   "motorway, road, railway, power, pipeline, port, airport, town, other."),
          texts("exclusions")
              .refers_to(Ref::layer)
              .shown_as("the layers of [[exclusions]]")
              .doc("Layers drawn hatched as excluded areas (with the buffer of the [[exclusions]] entry that uses "
                   "them). [] draws none."),
          text("dem")
              .refers_to(Ref::raster)
              .shown_as("no hillshade")
              .doc("Elevation raster (a raster layer or step id) for the hillshade."),
          number("hillshade")
              .at_least(0)
              .at_most(1)
              .otherwise(0.6)
              .doc("Strength of the relief shading over the prospectivity colours."),
          numbers("range")
              .items(2)
              .shown_as("the data's min and max, widened to round numbers")
              .doc("Prospectivity values mapped to the two ends of the colour ramp, [min, max]."),
          text_table("deposits")
              .shown_as("none")
              .doc("Commodity -> point layer of known deposits drawn on that commodity's map as white stars with "
                   "a legend entry, e.g. { copper = \"porphyry_cu\", gold = \"gold_sites\" }."),
          flag("rank_intervals")
              .otherwise(false)
              .doc("List each top-N site in the legend with its Monte-Carlo 5-95 % rank interval (rank_p05 to "
                   "rank_p95), e.g. \"ranks 1-3\"."),
          text("attribution")
              .doc("Data credits printed in the map footer. Licences such as CC BY and ODC-By require them: set "
                   "it (the run warns and the map says so when it is missing)."),
      });
}

}  // namespace oremap::project
