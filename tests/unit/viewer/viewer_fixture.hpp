#pragma once
// A small scored project for the viewer tests (UTM 42N, 60 x 40 cells of 1 km): five sites, one
// a polygon, one inside a park, one named `<img src=x onerror=alert(1)>`; roads, two regions,
// towns, a park, a glacier and a copper prospectivity model (0.01 x column index).
#include <sstream>
#include <string>

#include "../sites/sites_test_support.hpp"
#include "../test_support.hpp"
#include "stages/run_context.hpp"

namespace oremap::test {

struct ViewerFixture {
  TempDir dir;
  Grid grid = make_grid(32642, 400000, 3040000, 1000, 60, 40);
  std::string cu_model = dir.file("cu_model.tif");

  explicit ViewerFixture(const std::string& extra_project_text = "") {
    write_text_file(
        dir.file("sites.geojson"),
        feature_collection({
            {point(410000, 3010000), R"("site_id":"S1","name":"Alpha","cu":1,"au":0)"},
            {point(430000, 3020000), R"("site_id":"S2","name":"Bravo","cu":1,"au":1)"},
            {box(440000, 3005000, 446000, 3011000), R"("site_id":"S3","name":"Charlie","cu":1,"au":1)"},
            {point(450000, 3030000), R"("site_id":"S4","name":"Delta","cu":1,"au":0)"},
            {point(420000, 3035000), R"("site_id":"S5","name":"<img src=x onerror=alert(1)>","cu":0,"au":1)"},
        }));
    write_text_file(dir.file("roads.geojson"),
                    feature_collection({{line({{400000, 3000000}, {460000, 3000000}}), R"("name":"N-5")"}}));
    write_text_file(dir.file("regions.geojson"),
                    feature_collection({{box(400000, 3000000, 430000, 3040000), R"("name":"West","score":40)"},
                                        {box(430000, 3000000, 460000, 3040000), R"("name":"East","score":30)"}}));
    write_text_file(dir.file("towns.geojson"), feature_collection({{point(410000, 3015000), R"("name":"T1")"},
                                                                   {point(455000, 3030000), R"("name":"T2")"}}));
    write_text_file(dir.file("parks.geojson"),
                    feature_collection({{box(448000, 3028000, 452000, 3032000), R"("name":"Park One")"}}));
    write_text_file(dir.file("glaciers.geojson"),
                    feature_collection({{box(411000, 3011000, 412000, 3012000), R"("name":null)"}}));
    std::vector<float> cu;
    for (int r = 0; r < grid.rows; ++r)
      for (int c = 0; c < grid.cols; ++c) cu.push_back(0.01f * static_cast<float>(c));
    write_grid_tiff(cu_model, grid, cu);
    write_text_file(dir.file("project.toml"), project_text() + extra_project_text);
  }

  static std::string project_text() {
    std::ostringstream t;
    t << R"(
[project]
name = "viewer test"
output = "out"

[grid]
crs = "EPSG:32642"
cell_size = 1000
bbox = [400000, 3000000, 460000, 3040000]
bbox_crs = "EPSG:32642"
)";
    for (const char* id : {"sites", "roads", "regions", "towns", "parks", "glaciers"})
      t << "\n[[layers]]\nid = \"" << id << "\"\npath = \"" << id << ".geojson\"\ncrs = \"EPSG:32642\"\n";
    t << R"(
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
    return t.str();
  }

  project::Project load() const { return project::load_project(dir.path() / "project.toml"); }

  // A run context as the raster stages leave it: the copper model computed.
  RunContext context(const project::Project& p, const Log& log) const {
    RunContext ctx(p, grid, log);
    ctx.rasters["cu_model"] = cu_model;
    ctx.model_of_commodity["copper"] = "cu_model";
    return ctx;
  }
};

}  // namespace oremap::test
