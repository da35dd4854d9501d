#pragma once
// The scenery the scoring and viewer tests score sites in, UTM 42N, 60 x 40 cells of 1 km
// (x 400..460 km, y 3000..3040 km): five sites (S3 a polygon, S4 inside the park, S5 named like
// an HTML injection), a road along the southern edge, two regions (West score 40, East 30), a
// park, a glacier and a copper prospectivity model of 0.01 x column index. Towns differ per suite.
#include <sstream>
#include <string>
#include <vector>

#include "../../test_support.hpp"
#include "sites_test_support.hpp"
#include "stages/run_context.hpp"

namespace oremap::test {

struct SiteScenery {
  TempDir dir;
  Grid grid = make_grid(32642, 400000, 3040000, 1000, 60, 40);
  std::string cu_model = dir.file("cu_model.tif");

  explicit SiteScenery(const std::vector<Feature>& towns) {
    write_text_file(
        dir.file("sites.geojson"),
        feature_collection({
            {geo_point(410000, 3010000), R"("site_id":"S1","name":"Alpha","cu":1,"au":0)"},
            {geo_point(430000, 3020000), R"("site_id":"S2","name":"Bravo","cu":1,"au":1)"},
            {geo_box(440000, 3005000, 446000, 3011000), R"("site_id":"S3","name":"Charlie","cu":1,"au":1)"},
            {geo_point(450000, 3030000), R"("site_id":"S4","name":"Delta","cu":1,"au":0)"},
            {geo_point(420000, 3035000), R"("site_id":"S5","name":"<img src=x onerror=alert(1)>","cu":0,"au":1)"},
        }));
    write_text_file(dir.file("roads.geojson"),
                    feature_collection({{geo_line({{400000, 3000000}, {460000, 3000000}}), R"("name":"N-5")"}}));
    write_text_file(dir.file("regions.geojson"),
                    feature_collection({{geo_box(400000, 3000000, 430000, 3040000), R"("name":"West","score":40)"},
                                        {geo_box(430000, 3000000, 460000, 3040000), R"("name":"East","score":30)"}}));
    write_text_file(dir.file("towns.geojson"), feature_collection(towns));
    write_text_file(dir.file("parks.geojson"),
                    feature_collection({{geo_box(448000, 3028000, 452000, 3032000), R"("name":"Park One")"}}));
    write_text_file(dir.file("glaciers.geojson"),
                    feature_collection({{geo_box(411000, 3011000, 412000, 3012000), R"("name":null)"}}));
    std::vector<float> cu;
    for (int r = 0; r < grid.rows; ++r)
      for (int c = 0; c < grid.cols; ++c) cu.push_back(0.01f * static_cast<float>(c));
    write_float_raster(cu_model, grid, cu);
  }

  // [project], [grid] and the six vector layers, for a project called `name`.
  static std::string header(const std::string& name) {
    std::ostringstream t;
    t << "\n[project]\nname = \"" << name << "\"\noutput = \"out\"\n"
      << R"(
[grid]
crs = "EPSG:32642"
cell_size = 1000
bbox = [400000, 3000000, 460000, 3040000]
bbox_crs = "EPSG:32642"
)";
    for (const char* id : {"sites", "roads", "regions", "towns", "parks", "glaciers"})
      t << "\n[[layers]]\nid = \"" << id << "\"\npath = \"" << id << ".geojson\"\ncrs = \"EPSG:32642\"\n";
    return t.str();
  }

  project::Project load() const { return project::load_project(dir.path() / "project.toml"); }

  // A run context as the raster stages leave it: the copper model computed.
  static RunContext context(const project::Project& p, const Grid& grid, const Log& log, const std::string& model,
                            int threads) {
    RunContext ctx(p, grid, log);
    ctx.threads = threads;
    ctx.rasters["cu_model"] = std::filesystem::path(model);
    ctx.model_of_commodity["copper"] = "cu_model";
    return ctx;
  }
};

}  // namespace oremap::test
