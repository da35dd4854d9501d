// Keys of [[evidence]], [[models]] and [outputs]: the raster half of a project.
#include "project/schema.hpp"

namespace oremap::project {

namespace {

Key input_raster() {
  return {"input", Type::string, true, "Id of the raster this step transforms (raster layer, evidence or model).",
          {}, {}, {}, false, Ref::raster};
}
Key input_vector(const std::string& help) {
  return {"input", Type::string, true, help, {}, {}, {}, false, Ref::layer};
}

}  // namespace

Section evidence_section() {
  Section s{"evidence", true, false,
            "Evidence rasters on the analysis grid. Each step has an `id` and a `kind`; `input` refers to a "
            "layer or an earlier step by id. Nodata propagates: a cell missing an input is nodata.",
            {
                {"id", Type::string, true, "Unique name."},
                {"description", Type::string, false, "Why this evidence: the geology it stands for."},
                {"write", Type::boolean, false, "Also write this evidence as a Cloud-Optimised GeoTIFF.", {}, {}, {},
                 false, Ref::none, "false"},
            },
            {},
            {}};
  s.kinds["distance"] = {
      {"input", Type::string, true,
       "Layer or raster step: vector features (lines all-touched, polygons filled, points at their cell) or "
       "raster cells whose value is in `values` (any non-zero data cell by default).",
       {}, {}, {}, false, Ref::step},
      {"values", Type::number_list, false, "Raster input: the cell values that count as features."},
      {"cap", Type::number, false, "Distances above this many metres are set to it.", {}, 0.0, {}, true},
  };
  s.kind_help["distance"] = "Exact Euclidean distance in metres from each cell centre to the nearest feature cell.";
  s.kinds["fuzzy"] = {
      input_raster(),
      {"function", Type::string, true, "Membership function (ArcGIS/QGIS definitions, docs/formulas.md).",
       {"linear", "gaussian", "large", "small", "near", "mslarge", "mssmall", "power"}},
      {"min", Type::number, false, "linear/power: value with membership 0 (linear: 1 if min > max)."},
      {"max", Type::number, false, "linear/power: value with membership 1."},
      {"midpoint", Type::number, false, "gaussian/large/small/near: the midpoint."},
      {"spread", Type::number, false, "gaussian/large/small/near: the spread (> 0).", {}, 0.0, {}, true},
      {"mean_multiplier", Type::number, false, "mslarge/mssmall: a, multiplies the raster's mean.", {}, {}, {},
       false, Ref::none, "1"},
      {"std_multiplier", Type::number, false, "mslarge/mssmall: b, multiplies the raster's standard deviation.",
       {}, {}, {}, false, Ref::none, "1"},
      {"exponent", Type::number, false, "power: the exponent (> 0).", {}, 0.0, {}, true},
  };
  s.kind_help["fuzzy"] = "Fuzzy membership of a raster, in [0,1].";
  s.kinds["reclassify"] = {
      input_raster(),
      {"ranges", Type::number_rows, false, "[[from, to, value], ...]: from <= x < to becomes value.", {}, {}, {},
       false, Ref::none, "", 3},
      {"classes", Type::number_rows, false, "[[class, value], ...]: categorical table, exact matches.", {}, {}, {},
       false, Ref::none, "", 2},
      {"default", Type::number, false, "Value for cells no range or class matches (nodata if omitted)."},
  };
  s.kind_help["reclassify"] = "Ranges or a categorical table to values. Give `ranges` or `classes`.";
  s.kinds["normalise"] = {
      input_raster(),
      {"method", Type::string, false, "minmax: (x-min)/(max-min); zscore: (x-mean)/std; percentile: rank in [0,1].",
       {"minmax", "zscore", "percentile"}, {}, {}, false, Ref::none, "\"minmax\""},
  };
  s.kind_help["normalise"] = "Rescales a raster using statistics over all its data cells inside the mask.";
  s.kinds["invert"] = {input_raster()};
  s.kind_help["invert"] = "1 - x: the fuzzy complement of a [0,1] raster.";
  s.kinds["log"] = {
      input_raster(),
      {"offset", Type::number, false, "Added before the logarithm (for zeros).", {}, {}, {}, false, Ref::none, "0"},
  };
  s.kind_help["log"] = "Natural logarithm ln(x + offset); cells with x + offset <= 0 become nodata (counted).";
  s.kinds["interpolate"] = {
      input_vector("Point layer of the survey (e.g. stream-sediment samples)."),
      {"field", Type::string, true, "Attribute to interpolate (e.g. \"cu_ppm\")."},
      {"method", Type::string, false, "GDAL gridding algorithm.", {"invdist", "average", "nearest"}, {}, {}, false,
       Ref::none, "\"invdist\""},
      {"power", Type::number, false, "invdist: the power.", {}, 0.0, {}, true, Ref::none, "2"},
      {"radius", Type::number, false, "Search radius in metres (0 = all points for invdist).", {}, 0.0, {}, false,
       Ref::none, "0"},
      {"min_points", Type::integer, false, "Fewer points in the radius gives nodata.", {}, 0.0, {}, false,
       Ref::none, "0"},
      {"max_points", Type::integer, false, "Use at most this many nearest points (0 = all).", {}, 0.0, {}, false,
       Ref::none, "0"},
  };
  s.kind_help["interpolate"] = "Point survey onto the grid with GDAL's gridding (gdal_grid).";
  s.kinds["rasterise"] = {
      input_vector("Polygon layer (e.g. geologic provinces, governance regions)."),
      {"field", Type::string, false, "Attribute burnt into cells; without it cells inside get `burn`."},
      {"burn", Type::number, false, "Value for cells inside a polygon when no field is given.", {}, {}, {}, false,
       Ref::none, "1"},
      {"outside", Type::number, false, "Value for cells outside every polygon (nodata if omitted)."},
      {"all_touched", Type::boolean, false, "Burn every cell a polygon touches, not just centres inside.", {}, {},
       {}, false, Ref::none, "false"},
  };
  s.kind_help["rasterise"] = "A vector attribute burnt into the grid with GDAL's rasteriser.";
  return s;
}

Section models_section() {
  Section s{"models", true, false,
            "Prospectivity models, one or more per commodity. Each writes `<output>/<id>.tif` (COG).",
            {
                {"id", Type::string, true, "Unique name; also the output file name."},
                {"commodity", Type::string, true, "Commodity the model maps.", {"copper", "gold", "ree"}},
                {"description", Type::string, false, "Why these inputs and weights (cite the literature)."},
                {"inputs", Type::string_list, true, "Evidence ids combined by the model.", {}, {}, {}, false,
                 Ref::raster},
                {"preset", Type::string, false,
                 "Use a documented recipe instead of kind and inputs (see Model presets below).",
                 {"porphyry-cu", "orogenic-au", "carbonatite-ree"}},
                {"roles", Type::string_table, false, "Preset roles mapped to layer ids, e.g. { arcs = \"arcs\" }."},
            },
            {},
            {}};
  s.kinds["weighted"] = {
      {"weights", Type::number_list, true, "One weight per input (>= 0); normalised to sum 1.", {}, 0.0},
      {"constraints", Type::string_list, false, "Rasters whose cells > 0 are restricted (e.g. protected areas).",
       {}, {}, {}, false, Ref::raster},
      {"restricted", Type::string, false, "What restricted cells become.", {"zero", "nodata"}, {}, {}, false,
       Ref::none, "\"zero\""},
  };
  s.kind_help["weighted"] = "Weighted sum of [0,1] evidence.";
  s.kinds["fuzzy"] = {
      {"operator", Type::string, true, "Fuzzy overlay operator.", {"and", "or", "product", "sum", "gamma"}},
      {"gamma", Type::number, false, "gamma operator: SUM^g * PRODUCT^(1-g).", {}, 0.0, 1.0, false, Ref::none, "0.9"},
  };
  s.kind_help["fuzzy"] = "Fuzzy overlay of [0,1] memberships.";
  s.kinds["wofe"] = {
      {"deposits", Type::string, true, "Point layer of known deposits of this commodity (training).", {}, {}, {},
       false, Ref::layer},
      {"types", Type::string_list, false,
       "Per input: binary (cells > 0 are the pattern), categorical (each value a class), ascending or "
       "descending (cumulative classes, threshold chosen by maximum studentized contrast).",
       {"binary", "categorical", "ascending", "descending"}, {}, {}, false, Ref::none, "all binary"},
      {"classes", Type::integer, false, "ascending/descending: number of quantile classes.", {}, 2.0, 100.0, false,
       Ref::none, "10"},
      {"unit_cell_km2", Type::number, false, "Unit-cell area in km2 (Bonham-Carter's unit cell).", {}, 0.0, {},
       true, Ref::none, "1"},
      {"min_confidence", Type::number, false, "Minimum studentized contrast for a threshold.", {}, 0.0, {}, false,
       Ref::none, "1.96"},
  };
  s.kind_help["wofe"] = "Weights of evidence (Bonham-Carter 1994): posterior probability, its std, weights CSV.";
  s.kinds["logistic"] = {
      {"deposits", Type::string, true, "Point layer of known deposits (label 1).", {}, {}, {}, false, Ref::layer},
      {"background", Type::integer, false, "Random non-deposit cells sampled as label 0.", {}, 10.0, {}, false,
       Ref::none, "5000"},
      {"seed", Type::integer, false, "Random seed for the background sample.", {}, 0.0, {}, false, Ref::none, "42"},
  };
  s.kind_help["logistic"] = "Logistic regression (IRLS) of deposit cells against background cells.";
  return s;
}

Section outputs_section() {
  return {"outputs", false, false, "How results are written.",
          {
              {"format", Type::string, false,
               "Raster outputs: `cog` is a Cloud-Optimised GeoTIFF with overviews (QGIS, web viewers, archives); "
               "`gtiff` a plain tiled GeoTIFF without overviews, fastest to write (scripts, further processing).",
               {"cog", "gtiff"}, {}, {}, false, Ref::none, "\"cog\""},
              {"compression", Type::string, false,
               "Lossless compression of raster outputs: `zstd` writes fastest, `deflate` suits the oldest readers, "
               "`none` writes the most bytes.",
               {"deflate", "zstd", "lzw", "none"}, {}, {}, false, Ref::none, "\"zstd\""},
              {"compression_level", Type::integer, false,
               "Compression effort: zstd 1-22, deflate 1-12; higher is smaller and slower. Not for lzw or none.", {},
               1.0, 22.0, false, Ref::none, "1 for zstd, 6 for deflate"},
              {"evidence", Type::boolean, false, "Write every evidence raster as a COG too.", {}, {}, {}, false,
               Ref::none, "false"},
              {"geojson_decimals", Type::integer, false, "Coordinate decimals in GeoJSON.", {}, 1.0, 15.0, false,
               Ref::none, "6"},
          },
          {},
          {}};
}

}  // namespace oremap::project
