// Keys of [sites], [[criteria]] and [[exclusions]]: the site-scoring half of a project.
#include "project/schema.hpp"
#include "project/schema_builder.hpp"

namespace oremap::project {

using namespace declare;

Section sites_section() {
  return table("sites")
      .doc("Candidate sites scored and ranked against the criteria.")
      .keys({
          text("layer").mandatory().refers_to(Ref::layer).doc("Point or polygon layer of candidate sites."),
          text("id_field").shown_as("the feature id").doc("Attribute with a unique site id."),
          text("name_field").otherwise("name").doc("Attribute with the site's name."),
          text_table("commodities")
              .doc("Commodity -> OGR SQL filter selecting its sites, e.g. { copper = \"cu_listed = 1\" }. A site "
                   "may match several commodities and is then scored once per commodity."),
          text("commodity")
              .one_of({"copper", "gold", "ree"})
              .doc("The one commodity of every site (instead of `commodities`)."),
          text_table("model")
              .shown_as("the first [[models]] entry of each commodity")
              .doc("Commodity -> the model its sites are scored against (the `raster = \"prospectivity\"` "
                   "criteria), shown first in the viewer and drawn on the maps, e.g. { copper = \"copper_wofe\" }. "
                   "The model must be one of that commodity's [[models]]."),
          number("point_radius").at_least(0).otherwise(1000).doc("Radius (m) around point sites for zonal statistics."),
          integer("draws").at_least(0).at_most(1000000).otherwise(1000).doc(
              "Monte-Carlo weight draws for rank uncertainty."),
          number("concentration").above(0).otherwise(50).doc("Dirichlet concentration around the declared weights."),
          integer("seed").at_least(0).otherwise(42).doc("Random seed (results are reproducible)."),
          integer("top_k").at_least(1).at_most(1e6).otherwise(5).doc("Report P(rank <= top_k)."),
          number("sensitivity")
              .above(0)
              .at_most(1)
              .otherwise(0.2)
              .doc("One-at-a-time weight change (fraction, 0.2 = +/-20 %)."),
          number("duplicate_distance")
              .at_least(0)
              .otherwise(5000)
              .doc("Records of a commodity with similar names within this distance (m) are reported as possible "
                   "duplicates."),
          number("duplicate_similarity")
              .above(0)
              .at_most(1)
              .otherwise(0.8)
              .doc("Name similarity (1 - edit distance / length, on lower-case letters and digits) that counts as "
                   "similar."),
          number("same_place")
              .at_least(0)
              .otherwise(100)
              .doc("Records closer than this (m) are reported as possible duplicates whatever their names."),
          flag("merge_duplicates")
              .otherwise(false)
              .doc("Score each group of possible duplicates once, as its first record in layer order."),
      });
}

Section criteria_section() {
  return tables("criteria")
      .doc(
          "Criteria a site is scored on. Each has a weight and a transform of its raw value to [0,1]: "
          "`bounds = [a, b]` with `better = \"lower\"|\"higher\"` (linear), or a fuzzy `function` with its "
          "parameters as in [[evidence]] kind fuzzy.")
      .keys({
          text("id").mandatory().doc("Unique name."),
          number("weight").mandatory().at_least(0).doc("Relative weight (>= 0); weights are normalised to sum 1."),
          numbers("bounds").items(2).doc("[a, b]: raw values mapped linearly to [0,1] between them."),
          text("better")
              .one_of({"lower", "higher"})
              .otherwise("higher")
              .doc("Whether lower or higher raw values score higher."),
          text("function")
              .one_of({"linear", "gaussian", "large", "small", "near", "power"})
              .doc("Fuzzy membership instead of bounds."),
          number("min").doc("Fuzzy linear/power parameter."),
          number("max").doc("Fuzzy linear/power parameter."),
          number("midpoint").doc("Fuzzy gaussian/large/small/near parameter."),
          number("spread").above(0).doc("Fuzzy spread (> 0)."),
          number("exponent").above(0).doc("Fuzzy power exponent (> 0)."),
          texts("commodities")
              .one_of({"copper", "gold", "ree"})
              .shown_as("every commodity")
              .doc("Commodities this criterion scores (e.g. [\"copper\"]); weights are normalised per commodity."),
          text("unit").shown_as("m for distance, count for count").doc("Unit of the raw value, shown in the outputs."),
          text("description").doc("Why this criterion and weight."),
          text("missing")
              .one_of({"unranked", "zero", "penalty"})
              .otherwise("unranked")
              .doc("A site with no value (e.g. no prospectivity data): listed without a rank, with the reason "
                   "(unranked); scored 0 on this criterion (zero); or ranked on its other criteria, their weights "
                   "renormalised, with its score multiplied by 1 - missing_penalty (penalty)."),
          number("missing_penalty")
              .at_least(0)
              .at_most(1)
              .otherwise(0.5)
              .doc("For missing = \"penalty\": the share of the score a site without a value loses."),
      })
      .kind("distance", "Distance in metres between true geometries (GEOS STRtree nearest, grid CRS).",
            {
                text("layer")
                    .mandatory()
                    .refers_to(Ref::layer)
                    .doc("Features to measure to (roads, railways, ports...)."),
                text("name_field").doc("Attribute naming the nearest feature in the outputs."),
                flag("geodesic")
                    .otherwise(false)
                    .doc("Measure on the ellipsoid between the nearest points (long distances)."),
            })
      .kind(
          "region", "Attribute of the region containing the site (prepared geometries).",
          {
              text("layer").mandatory().refers_to(Ref::layer).doc("Polygons carrying the attribute (e.g. provinces)."),
              text("field").mandatory().doc("Numeric attribute (e.g. a governance score)."),
              text("name_field")
                  .shown_as("\"name\" when the layer has it, else the feature number")
                  .doc("Attribute naming the region in the outputs (e.g. \"NAME_0\": \"Chile\", not #2)."),
              text("statistic")
                  .one_of({"mean", "min", "max"})
                  .otherwise("mean")
                  .doc("Polygon sites: area-weighted mean, or min/max over regions touched."),
              number("default").mandatory().doc(
                  "Raw value for a site in no region (or a region with no value); flagged."),
          })
      .kind("count", "Count (or attribute sum) of features within a radius of the site.",
            {
                text("layer").mandatory().refers_to(Ref::layer).doc("Features counted (e.g. towns)."),
                number("radius").mandatory().above(0).doc("Radius in metres."),
                text("field").doc("Sum this attribute instead of counting (e.g. population)."),
            })
      .kind("zonal", "Statistic of a raster over the site (polygon, or a circle of point_radius).",
            {
                text("raster").mandatory().doc(
                    "Raster id (layer, evidence or model), or \"prospectivity\" for the model of the site's "
                    "commodity."),
                text("statistic")
                    .one_of({"mean", "max", "min", "percentile", "coverage", "std", "std_sample", "sum", "count"})
                    .otherwise("mean")
                    .doc("Statistic over the site's data cells: std is the population standard deviation (n, as "
                         "QGIS and ArcGIS zonal statistics), std_sample the sample one (n - 1; NaN for one cell), "
                         "count the data cells, coverage the share of all the site's cells that are > 0."),
                number("percentile").at_least(0).at_most(100).otherwise(90).doc("For statistic = percentile."),
                flag("all_touched").otherwise(false).doc("Polygon sites: every touched cell, not just centres inside."),
            });
}

Section exclusions_section() {
  return tables("exclusions")
      .doc(
          "Hard constraints: a site inside or within `distance` of a layer's features is excluded (kept in the "
          "outputs, marked, unranked), or with `penalty` its score is multiplied by (1 - penalty).")
      .keys({
          text("id").mandatory().doc("Unique name; shown as the reason."),
          text("layer").mandatory().refers_to(Ref::layer).doc("Protected areas, disputed areas, glaciers..."),
          number("distance").at_least(0).otherwise(0).doc("Buffer in metres."),
          number("penalty").at_least(0).at_most(1).doc("Soft: multiply the score by 1 - penalty instead of excluding."),
          text("name_field").doc("Attribute naming the feature in the reason (e.g. a park's name)."),
          text("description").doc("Why sites here are excluded or penalised."),
      });
}

}  // namespace oremap::project
