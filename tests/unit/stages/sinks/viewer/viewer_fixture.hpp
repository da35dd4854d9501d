#pragma once
// A small scored project for the viewer tests: the site scenery (../sites/site_scenery.hpp) with
// two towns.
#include <string>

#include "../../sites/site_scenery.hpp"

namespace oremap::test {

struct ViewerFixture : SiteScenery {
  explicit ViewerFixture(const std::string& extra_project_text = "")
      : SiteScenery({{geo_point(410000, 3015000), R"("name":"T1")"}, {geo_point(455000, 3030000), R"("name":"T2")"}}) {
    write_text_file(dir.file("project.toml"), project_text() + extra_project_text);
  }

  static std::string project_text() {
    return header("viewer test") + R"(
[sites]
layer = "sites"
id_field = "site_id"
commodities = { copper = "cu = 1", gold = "au = 1" }
draws = 50
seed = 7
top_k = 2

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
id = "town_count"
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
bounds = [0, 1]

[[exclusions]]
id = "in_park"
layer = "parks"
name_field = "name"

[[exclusions]]
id = "near_glacier"
layer = "glaciers"
distance = 2000
penalty = 0.5
)";
  }

  RunContext context(const project::Project& p, const Log& log) const {
    return SiteScenery::context(p, grid, log, cu_model, 1);
  }
};

}  // namespace oremap::test
