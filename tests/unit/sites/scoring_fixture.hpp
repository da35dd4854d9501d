#pragma once
// A small scoring project in UTM 42N whose every score is computed by hand in
// site_scoring_test.cpp: five sites, roads, two regions, towns, a park, a glacier, a copper
// prospectivity model and a DEM raster layer.
#include <string>

#include "../test_support.hpp"
#include "sites_test_support.hpp"
#include "stages/run_context.hpp"

namespace oremap::test {

struct ScoringFixture {
  TempDir dir;
  // 60 x 40 cells of 1 km: x 400..460 km, y 3000..3040 km.
  Grid grid = make_grid(32642, 400000, 3040000, 1000, 60, 40);
  std::string cu_model = dir.file("cu_model.tif");

  explicit ScoringFixture(const std::string& extra_project_text = "") {
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
                                                                   {point(412000, 3010000), R"("name":"T2")"},
                                                                   {point(430000, 3030000), R"("name":"T3")"},
                                                                   {point(455000, 3030000), R"("name":"T4")"}}));
    write_text_file(dir.file("parks.geojson"),
                    feature_collection({{box(448000, 3028000, 452000, 3032000), R"("name":"Park One")"}}));
    write_text_file(dir.file("glaciers.geojson"),
                    feature_collection({{box(411000, 3011000, 412000, 3012000), R"("name":null)"}}));
    // Copper prospectivity: 0.01 x column index. DEM: 600 m everywhere.
    std::vector<float> cu, dem;
    for (int r = 0; r < grid.rows; ++r)
      for (int c = 0; c < grid.cols; ++c) {
        cu.push_back(0.01f * static_cast<float>(c));
        dem.push_back(600.0f);
      }
    write_grid_tiff(cu_model, grid, cu);
    write_grid_tiff(dir.file("dem.tif"), grid, dem);
    write_text_file(dir.file("project.toml"), project_text() + extra_project_text);
  }

  static std::string project_text() {
    return R"(
[project]
name = "scoring test"
output = "out"

[grid]
crs = "EPSG:32642"
cell_size = 1000
bbox = [400000, 3000000, 460000, 3040000]
bbox_crs = "EPSG:32642"

[[layers]]
id = "sites"
path = "sites.geojson"
crs = "EPSG:32642"

[[layers]]
id = "roads"
path = "roads.geojson"
crs = "EPSG:32642"

[[layers]]
id = "regions"
path = "regions.geojson"
crs = "EPSG:32642"

[[layers]]
id = "towns"
path = "towns.geojson"
crs = "EPSG:32642"

[[layers]]
id = "parks"
path = "parks.geojson"
crs = "EPSG:32642"

[[layers]]
id = "glaciers"
path = "glaciers.geojson"
crs = "EPSG:32642"

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

  project::Project load() const { return project::load_project(dir.path() / "project.toml"); }

  // A run context as the raster stages would leave it: the copper model computed.
  static RunContext context(const project::Project& p, const Grid& grid, const Log& log, const std::string& model,
                            int threads) {
    RunContext ctx(p, grid, log);
    ctx.threads = threads;
    ctx.rasters["cu_model"] = model;
    ctx.model_of_commodity["copper"] = "cu_model";
    return ctx;
  }
};

}  // namespace oremap::test
