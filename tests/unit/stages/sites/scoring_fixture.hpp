#pragma once
// A small scoring project whose every score is computed by hand in site_scoring_test.cpp: the
// site scenery (site_scenery.hpp) with four towns and a DEM raster layer.
#include <string>

#include "site_scenery.hpp"

namespace oremap::test {

// Towns T1-T4, a DEM raster layer (600 m everywhere) and its criteria.
struct ScoringFixture : SiteScenery {
  explicit ScoringFixture(const std::string& extra_project_text = "")
      : SiteScenery({{geo_point(410000, 3015000), R"("name":"T1")"},
                     {geo_point(412000, 3010000), R"("name":"T2")"},
                     {geo_point(430000, 3030000), R"("name":"T3")"},
                     {geo_point(455000, 3030000), R"("name":"T4")"}}) {
    write_float_raster(dir.file("dem.tif"), grid,
                       std::vector<float>(static_cast<std::size_t>(grid.cell_count()), 600.0f));
    write_text_file(dir.file("project.toml"), project_text() + extra_project_text);
  }

  static std::string project_text() {
    return header("scoring test") + R"(
[[layers]]
id = "dem"
path = "dem.tif"

[sites]
layer = "sites"
id_field = "site_id"
commodities = { copper = "cu = 1", gold = "au = 1" }
point_radius = 1000
draws = 200
concentration = 50
seed = 7
top_k = 2
sensitivity = 0.2

[[criteria]]
id = "road_dist"
kind = "distance"
layer = "roads"
weight = 3
bounds = [0, 40000]
better = "lower"

[[criteria]]
id = "governance"
kind = "region"
layer = "regions"
field = "score"
default = 0
weight = 2
bounds = [0, 50]

[[criteria]]
id = "towns_near"
kind = "count"
layer = "towns"
radius = 15000
weight = 1
bounds = [0, 3]

[[criteria]]
id = "cu_prosp"
kind = "zonal"
raster = "prospectivity"
commodities = ["copper"]
weight = 4
function = "linear"
min = 0
max = 1

[[criteria]]
id = "elevation"
kind = "zonal"
raster = "dem"
statistic = "max"
weight = 1
bounds = [0, 3000]
better = "lower"

[[exclusions]]
id = "in_park"
layer = "parks"

[[exclusions]]
id = "near_glacier"
layer = "glaciers"
distance = 2000
penalty = 0.5
)";
  }
};

}  // namespace oremap::test
