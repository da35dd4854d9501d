// Keys of [[evidence]], [[models]] and [outputs]: the raster half of a project.
#include "project/schema.hpp"
#include "project/schema_builder.hpp"

namespace oremap::project {

using namespace declare;

namespace {

Key input_raster() {
  return text("input")
      .mandatory()
      .refers_to(Ref::raster)
      .doc("Id of the raster this step transforms (raster layer, evidence or model).");
}
Key input_vector(const std::string& help) { return text("input").mandatory().refers_to(Ref::layer).doc(help); }

}  // namespace

Section evidence_section() {
  return tables("evidence")
      .doc(
          "Evidence rasters on the analysis grid. Each step has an `id` and a `kind`; `input` refers to a layer or "
          "an earlier step by id. Nodata propagates: a cell missing an input is nodata.")
      .keys({
          text("id").mandatory().doc("Unique name."),
          text("description").doc("Why this evidence: the geology it stands for."),
          flag("write").otherwise(false).doc("Also write this evidence as a Cloud-Optimised GeoTIFF."),
          text("unit").doc("Unit of the values, the band unit of the written GeoTIFF (e.g. \"ppm\" for an interpolated "
                           "survey). Default: m for distance, 1 (dimensionless) for every other kind."),
      })
      .kind("distance",
            "Exact Euclidean distance in metres from each cell centre to the nearest feature: a vector layer's "
            "geometry itself, or the centre of the nearest feature cell of a raster.",
            {
                text("input").mandatory().refers_to(Ref::step).doc(
                    "Layer or raster step: vector features (the distance to their lines, polygon boundaries "
                    "and points, 0 where a cell centre lies inside a polygon) or raster cells whose value is "
                    "in `values` (any non-zero data cell by default)."),
                numbers("values").doc("Raster input: the cell values that count as features."),
                number("cap").above(0).doc("Distances above this many metres are set to it."),
                number("max_distance")
                    .above(0)
                    .doc("Cells farther than this many metres from every feature are nodata (as gdal_proximity "
                         "-maxdist); `cap` clamps instead."),
                flag("keep_nodata")
                    .otherwise(true)
                    .doc("Raster input: a cell where the input is nodata is nodata in the output too; false "
                         "gives it its distance like any other cell. Vector input: no effect."),
            })
      .kind("fuzzy", "Fuzzy membership of a raster, in [0,1].",
            {
                input_raster(),
                text("function")
                    .mandatory()
                    .one_of({"linear", "gaussian", "large", "small", "near", "mslarge", "mssmall", "power"})
                    .doc("Membership function (ArcGIS/QGIS definitions, docs/formulas.md)."),
                number("min").doc("linear/power: value with membership 0 (linear: 1 if min > max)."),
                number("max").doc("linear/power: value with membership 1."),
                number("midpoint").doc("gaussian/large/small/near: the midpoint."),
                number("spread").above(0).doc("gaussian/large/small/near: the spread (> 0)."),
                number("width").above(0).doc(
                    "gaussian/near: instead of spread, the distance from the midpoint (in the input's units) at "
                    "which membership falls to 0.5; spread = ln 2 / width^2 (gaussian) or 1 / width^2 (near)."),
                number("mean_multiplier").otherwise(1).doc("mslarge/mssmall: a, multiplies the raster's mean."),
                number("std_multiplier")
                    .otherwise(1)
                    .doc("mslarge/mssmall: b, multiplies the raster's standard deviation."),
                text("std")
                    .one_of({"population", "sample"})
                    .doc("mslarge/mssmall: the raster's standard deviation over its n data cells "
                         "(\"population\", the default, as ArcGIS) or over n - 1 (\"sample\")."),
                number("exponent").above(0).doc("power: the exponent (> 0)."),
            })
      .kind("reclassify", "Ranges or a categorical table to values. Give `ranges` or `classes`.",
            {
                input_raster(),
                number_rows("ranges").items(3).doc("[[from, to, value], ...]: from <= x < to becomes value."),
                number_rows("classes").items(2).doc("[[class, value], ...]: categorical table, exact matches."),
                number("default").doc("Value for cells no range or class matches (nodata if omitted)."),
            })
      .kind("normalise", "Rescales a raster using statistics over all its data cells inside the mask.",
            {
                input_raster(),
                text("method")
                    .one_of({"minmax", "zscore", "percentile"})
                    .otherwise("minmax")
                    .doc("minmax: (x-min)/(max-min); zscore: (x-mean)/std; percentile: rank in [0,1]."),
            })
      .kind("invert", "1 - x: the fuzzy complement of a [0,1] raster.", {input_raster()})
      .kind("log", "Natural logarithm ln(x + offset); cells with x + offset <= 0 become nodata (counted).",
            {
                input_raster(),
                number("offset").otherwise(0).doc("Added before the logarithm (for zeros)."),
            })
      .kind("interpolate", "Point survey onto the grid with GDAL's gridding (gdal_grid).",
            {
                input_vector("Point layer of the survey (e.g. stream-sediment samples)."),
                text("field").mandatory().doc("Attribute to interpolate (e.g. \"cu_ppm\")."),
                text("method")
                    .one_of({"invdist", "average", "nearest"})
                    .otherwise("invdist")
                    .doc("GDAL gridding algorithm."),
                number("power").above(0).otherwise(2).doc("invdist: the power."),
                number("radius").at_least(0).otherwise(0).doc("Search radius in metres (0 = all points for invdist)."),
                integer("min_points").at_least(0).otherwise(0).doc("Fewer points in the radius gives nodata."),
                integer("max_points").at_least(0).otherwise(0).doc("Use at most this many nearest points (0 = all)."),
            })
      .kind("rasterise", "A vector attribute burnt into the grid with GDAL's rasteriser.",
            {
                input_vector("Polygon layer (e.g. geologic provinces, governance regions)."),
                text("field").doc("Attribute burnt into cells; without it cells inside get `burn`."),
                number("burn").otherwise(1).doc("Value for cells inside a polygon when no field is given."),
                number("outside").doc("Value for cells outside every polygon (nodata if omitted)."),
                flag("all_touched").otherwise(false).doc("Burn every cell a polygon touches, not just centres inside."),
            });
}

Section models_section() {
  return tables("models")
      .doc("Prospectivity models, one or more per commodity. Each writes `<output>/<id>.tif` (COG).")
      .keys({
          text("id").mandatory().doc("Unique name; also the output file name."),
          text("commodity").mandatory().one_of({"copper", "gold", "ree"}).doc("Commodity the model maps."),
          text("description").doc("Why these inputs and weights (cite the literature)."),
          texts("inputs").mandatory().refers_to(Ref::raster).doc("Evidence ids combined by the model."),
          text("preset")
              .one_of({"porphyry-cu", "orogenic-au", "carbonatite-ree"})
              .doc("Use a documented recipe instead of kind and inputs (see Model presets below)."),
          text_table("roles").doc("Preset roles mapped to layer ids, e.g. { arcs = \"arcs\" }."),
      })
      .kind("weighted", "Weighted sum of [0,1] evidence.",
            {
                numbers("weights").mandatory().at_least(0).doc("One weight per input (>= 0); normalised to sum 1."),
                texts("constraints")
                    .refers_to(Ref::raster)
                    .doc("Rasters whose cells > 0 are restricted (e.g. protected areas)."),
                text("restricted").one_of({"zero", "nodata"}).otherwise("zero").doc("What restricted cells become."),
            })
      .kind("fuzzy", "Fuzzy overlay of [0,1] memberships.",
            {
                text("operator")
                    .mandatory()
                    .one_of({"and", "or", "product", "sum", "gamma"})
                    .doc("Fuzzy overlay operator."),
                number("gamma").at_least(0).at_most(1).otherwise(0.9).doc("gamma operator: SUM^g * PRODUCT^(1-g)."),
            })
      .kind(
          "wofe", "Weights of evidence (Bonham-Carter 1994): posterior probability, its std, weights CSV.",
          {
              text("deposits")
                  .mandatory()
                  .refers_to(Ref::layer)
                  .doc("Point layer of known deposits of this commodity (training)."),
              texts("types")
                  .one_of({"binary", "categorical", "ascending", "descending"})
                  .shown_as("all binary")
                  .doc("Per input: binary (cells > 0 are the pattern), categorical (each value a class), "
                       "ascending or descending (cumulative classes, threshold chosen by maximum studentized "
                       "contrast)."),
              texts("classing")
                  .one_of({"quantile", "unique", "breaks"})
                  .shown_as("all quantile")
                  .doc("Per input, how ascending/descending evidence is cut into the classes whose cumulative "
                       "splits are tested: quantile (`classes` quantiles), unique (every distinct value closes a "
                       "class, as ArcSDM and EIS Toolkit do for integer rasters; at most 256 values), breaks (the "
                       "input's row of `breaks`)."),
              number_rows("breaks").shown_as("none").doc(
                  "Per input, the class edges of a `breaks` input, ascending (class k holds values <= its edge, "
                  "the last class the rest), e.g. [[], [500, 1000, 2000, 5000]]; [] for the other inputs."),
              integer("classes").at_least(2).at_most(100).otherwise(10).doc(
                  "ascending/descending with classing quantile: number of quantile classes."),
              number("unit_cell_km2").above(0).otherwise(1).doc("Unit-cell area in km2 (Bonham-Carter's unit cell)."),
              number("min_confidence").at_least(0).otherwise(1.96).doc("Minimum studentized contrast for a threshold."),
          })
      .kind("logistic", "Logistic regression (IRLS) of deposit cells against background cells.",
            {
                text("deposits").mandatory().refers_to(Ref::layer).doc("Point layer of known deposits (label 1)."),
                integer("background").at_least(10).otherwise(5000).doc("Random non-deposit cells sampled as label 0."),
                integer("seed").at_least(0).otherwise(42).doc("Random seed for the background sample."),
            })
      .kind("boosted_trees",
            "Gradient-boosted trees or a random forest (XGBoost) of deposit cells against background cells; "
            "importance CSV.",
            {
                text("deposits").mandatory().refers_to(Ref::layer).doc("Point layer of known deposits (label 1)."),
                integer("background")
                    .at_least(10)
                    .otherwise(5000)
                    .doc("Random non-deposit cells sampled as label 0 (drawn as for `logistic`)."),
                integer("seed").at_least(0).otherwise(42).doc("Random seed for the background sample and the trees."),
                text("mode")
                    .one_of({"boosting", "random_forest"})
                    .otherwise("boosting")
                    .doc("`boosting`: trees added one after another, each correcting the previous ones; "
                         "`random_forest`: independent trees on random subsets, averaged."),
                integer("trees").at_least(1).at_most(5000).otherwise(100).doc(
                    "boosting: the rounds (one tree each); random_forest: the trees of the forest."),
                integer("max_depth").at_least(1).at_most(20).otherwise(4).doc("Greatest depth of a tree."),
                number("learning_rate")
                    .above(0)
                    .at_most(1)
                    .otherwise(0.1)
                    .doc("boosting: how much each tree's correction counts (random_forest uses 1)."),
                number("subsample")
                    .above(0)
                    .at_most(1)
                    .shown_as("1 (boosting), 0.8 (random_forest)")
                    .doc("Share of the sample's rows each tree is grown on, drawn at random."),
                number("column_sample")
                    .above(0)
                    .at_most(1)
                    .shown_as("1 (boosting), 0.8 (random_forest)")
                    .doc("Share of the inputs each split may choose from, drawn at random."),
            });
}

Section outputs_section() {
  return table("outputs")
      .doc("How results are written.")
      .keys({
          text("format")
              .one_of({"cog", "gtiff"})
              .otherwise("cog")
              .doc("Raster outputs: `cog` is a Cloud-Optimised GeoTIFF with overviews (QGIS, web viewers, "
                   "archives); `gtiff` a plain tiled GeoTIFF without overviews, fastest to write (scripts, further "
                   "processing)."),
          text("compression")
              .one_of({"deflate", "zstd", "lzw", "none"})
              .otherwise("zstd")
              .doc("Lossless compression of raster outputs: `zstd` writes fastest, `deflate` suits the oldest "
                   "readers, `none` writes the most bytes."),
          integer("compression_level")
              .at_least(1)
              .at_most(22)
              .shown_as("1 for zstd, 6 for deflate")
              .doc("Compression effort: zstd 1-22, deflate 1-12; higher is smaller and slower. Not for lzw or "
                   "none."),
          flag("evidence").otherwise(false).doc("Write every evidence raster as a COG too."),
          integer("geojson_decimals").at_least(1).at_most(15).otherwise(6).doc("Coordinate decimals in GeoJSON."),
          text("postgis").doc(
              "Also write the ranked sites to PostGIS: a GDAL connection string, e.g. \"PG:host=db dbname=geo "
              "user=me\" (add active_schema=... for another schema). One table sites_<commodity> per commodity, "
              "each replaced in one transaction."),
      });
}

}  // namespace oremap::project
