// Keys of [sites], [[criteria]] and [[exclusions]]: the site-scoring half of a project.
#include "project/schema.hpp"

namespace oremap::project {

Section sites_section() {
  return {"sites", false, false, "Candidate sites scored and ranked against the criteria.",
          {
              {"layer", Type::string, true, "Point or polygon layer of candidate sites.", {}, {}, {}, false,
               Ref::layer},
              {"id_field", Type::string, false, "Attribute with a unique site id.", {}, {}, {}, false, Ref::none,
               "the feature id"},
              {"name_field", Type::string, false, "Attribute with the site's name.", {}, {}, {}, false, Ref::none,
               "\"name\""},
              {"commodities", Type::string_table, false,
               "Commodity -> OGR SQL filter selecting its sites, e.g. { copper = \"cu_listed = 1\" }. A site may "
               "match several commodities and is then scored once per commodity."},
              {"commodity", Type::string, false, "The one commodity of every site (instead of `commodities`).",
               {"copper", "gold", "ree"}},
              {"point_radius", Type::number, false, "Radius (m) around point sites for zonal statistics.", {}, 0.0, {},
               false, Ref::none, "1000"},
              {"draws", Type::integer, false, "Monte-Carlo weight draws for rank uncertainty.", {}, 0.0, 1000000.0,
               false, Ref::none, "1000"},
              {"concentration", Type::number, false, "Dirichlet concentration around the declared weights.", {}, 0.0,
               {}, true, Ref::none, "50"},
              {"seed", Type::integer, false, "Random seed (results are reproducible).", {}, 0.0, {}, false,
               Ref::none, "42"},
              {"top_k", Type::integer, false, "Report P(rank <= top_k).", {}, 1.0, 1e6, false, Ref::none, "5"},
              {"sensitivity", Type::number, false, "One-at-a-time weight change (fraction, 0.2 = +/-20 %).", {}, 0.0,
               1.0, true, Ref::none, "0.2"},
          },
          {},
          {}};
}

Section criteria_section() {
  Section s{"criteria", true, false,
            "Criteria a site is scored on. Each has a weight and a transform of its raw value to [0,1]: "
            "`bounds = [a, b]` with `better = \"lower\"|\"higher\"` (linear), or a fuzzy `function` with its "
            "parameters as in [[evidence]] kind fuzzy.",
            {
                {"id", Type::string, true, "Unique name."},
                {"weight", Type::number, true, "Relative weight (>= 0); weights are normalised to sum 1.", {}, 0.0},
                {"bounds", Type::number_list, false, "[a, b]: raw values mapped linearly to [0,1] between them.", {},
                 {}, {}, false, Ref::none, "", 2},
                {"better", Type::string, false, "Whether lower or higher raw values score higher.",
                 {"lower", "higher"}, {}, {}, false, Ref::none, "\"higher\""},
                {"function", Type::string, false, "Fuzzy membership instead of bounds.",
                 {"linear", "gaussian", "large", "small", "near", "power"}},
                {"min", Type::number, false, "Fuzzy linear/power parameter."},
                {"max", Type::number, false, "Fuzzy linear/power parameter."},
                {"midpoint", Type::number, false, "Fuzzy gaussian/large/small/near parameter."},
                {"spread", Type::number, false, "Fuzzy spread (> 0).", {}, 0.0, {}, true},
                {"exponent", Type::number, false, "Fuzzy power exponent (> 0).", {}, 0.0, {}, true},
                {"commodities", Type::string_list, false,
                 "Commodities this criterion scores (e.g. [\"copper\"]); weights are normalised per commodity.",
                 {"copper", "gold", "ree"}, {}, {}, false, Ref::none, "every commodity"},
                {"unit", Type::string, false, "Unit of the raw value, shown in the outputs.", {}, {}, {}, false,
                 Ref::none, "m for distance, count for count"},
                {"description", Type::string, false, "Why this criterion and weight."},
            },
            {},
            {}};
  s.kinds["distance"] = {
      {"layer", Type::string, true, "Features to measure to (roads, railways, ports...).", {}, {}, {}, false,
       Ref::layer},
      {"name_field", Type::string, false, "Attribute naming the nearest feature in the outputs."},
      {"geodesic", Type::boolean, false, "Measure on the ellipsoid between the nearest points (long distances).",
       {}, {}, {}, false, Ref::none, "false"},
  };
  s.kind_help["distance"] = "Distance in metres between true geometries (GEOS STRtree nearest, grid CRS).";
  s.kinds["region"] = {
      {"layer", Type::string, true, "Polygons carrying the attribute (e.g. provinces).", {}, {}, {}, false,
       Ref::layer},
      {"field", Type::string, true, "Numeric attribute (e.g. a governance score)."},
      {"statistic", Type::string, false, "Polygon sites: area-weighted mean, or min/max over regions touched.",
       {"mean", "min", "max"}, {}, {}, false, Ref::none, "\"mean\""},
      {"default", Type::number, true, "Raw value for a site in no region (or a region with no value); flagged."},
  };
  s.kind_help["region"] = "Attribute of the region containing the site (prepared geometries).";
  s.kinds["count"] = {
      {"layer", Type::string, true, "Features counted (e.g. towns).", {}, {}, {}, false, Ref::layer},
      {"radius", Type::number, true, "Radius in metres.", {}, 0.0, {}, true},
      {"field", Type::string, false, "Sum this attribute instead of counting (e.g. population)."},
  };
  s.kind_help["count"] = "Count (or attribute sum) of features within a radius of the site.";
  s.kinds["zonal"] = {
      {"raster", Type::string, true,
       "Raster id (layer, evidence or model), or \"prospectivity\" for the model of the site's commodity."},
      {"statistic", Type::string, false, "Statistic over the site's cells.",
       {"mean", "max", "min", "percentile", "coverage"}, {}, {}, false, Ref::none, "\"mean\""},
      {"percentile", Type::number, false, "For statistic = percentile.", {}, 0.0, 100.0, false, Ref::none, "90"},
      {"all_touched", Type::boolean, false, "Polygon sites: every touched cell, not just centres inside.", {}, {}, {},
       false, Ref::none, "false"},
  };
  s.kind_help["zonal"] = "Statistic of a raster over the site (polygon, or a circle of point_radius).";
  return s;
}

Section exclusions_section() {
  return {"exclusions", true, false,
          "Hard constraints: a site inside or within `distance` of a layer's features is excluded (kept in the "
          "outputs, marked, unranked), or with `penalty` its score is multiplied by (1 - penalty).",
          {
              {"id", Type::string, true, "Unique name; shown as the reason."},
              {"layer", Type::string, true, "Protected areas, disputed areas, glaciers...", {}, {}, {}, false,
               Ref::layer},
              {"distance", Type::number, false, "Buffer in metres.", {}, 0.0, {}, false, Ref::none, "0"},
              {"penalty", Type::number, false, "Soft: multiply the score by 1 - penalty instead of excluding.", {},
               0.0, 1.0},
              {"name_field", Type::string, false, "Attribute naming the feature in the reason (e.g. a park's name)."},
              {"description", Type::string, false, "Why sites here are excluded or penalised."},
          },
          {},
          {}};
}

}  // namespace oremap::project
