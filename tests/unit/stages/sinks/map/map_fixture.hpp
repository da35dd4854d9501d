#pragma once
// A tiny map case whose pixels are known: a 40 x 30 km grid in UTM 42N whose copper model is
// 0, 0.25, 0.75 and 1 in four vertical bands of 10 km, a road along the bottom, three sites
// (two ranked near the top, one excluded), a park, a flat DEM; parsed as `oremap` would.
#include <sstream>
#include <string>
#include <vector>

#include "../../stage_fixture.hpp"
#include "stages/run_context.hpp"
#include "stages/sites/site_result.hpp"

namespace oremap::test {

struct MapFixture {
  TempDir dir;
  // x 400..440 km, y 3000..3030 km, 1 km cells.
  Grid grid = make_grid(32642, 400000, 3030000, 1000, 40, 30);
  std::ostringstream log_text;
  Log log{log_text, Verbosity::verbose};

  explicit MapFixture(const std::string& map_section = default_map()) {
    std::vector<double> cu, dem;
    for (int r = 0; r < grid.rows; ++r)
      for (int c = 0; c < grid.cols; ++c) {
        cu.push_back(c < 10 ? 0.0 : c < 20 ? 0.25 : c < 30 ? 0.75 : 1.0);
        dem.push_back(500);
      }
    write_grid_raster(dir.file("cu.tif"), grid, cu);
    write_grid_raster(dir.file("dem.tif"), grid, dem);
    write_text_file(dir.file("roads.geojson"),
                    feature_collection({{geo_line({{400000, 3002000}, {440000, 3002000}}), "\"class\":\"road\""}}));
    write_text_file(
        dir.file("parks.geojson"),
        feature_collection({{geo_polygon({{402000, 3004000}, {406000, 3004000}, {406000, 3008000}, {402000, 3008000}}),
                             "\"name\":\"Park\""}}));
    write_text_file(dir.file("project.toml"), project_text() + map_section);
  }

  static std::string default_map() {
    return "[map]\nwidth = 800\nheight = 600\ndpi = 96\nformats = [\"png\", \"svg\", \"pdf\"]\n"
           "infrastructure = [\"roads\"]\nrange = [0, 1]\nattribution = \"Test data, CC BY 4.0\"\n";
  }

  static std::string project_text() {
    return R"(
[project]
name = "map test"
output = "out"

[grid]
crs = "EPSG:32642"
cell_size = 1000
bbox = [400000, 3000000, 440000, 3030000]
bbox_crs = "EPSG:32642"

[[layers]]
id = "roads"
path = "roads.geojson"
crs = "EPSG:32642"

[[layers]]
id = "parks"
path = "parks.geojson"
crs = "EPSG:32642"

[[layers]]
id = "dem"
path = "dem.tif"

[[exclusions]]
id = "in_park"
layer = "parks"

)";
  }

  project::Project load() const { return project::load_project(dir.path() / "project.toml"); }

  RunContext context(const project::Project& p) const {
    RunContext ctx(p, grid, log);
    ctx.rasters["cu_model"] = fs::path(dir.file("cu.tif"));
    ctx.rasters["dem"] = fs::path(dir.file("dem.tif"));
    ctx.model_of_commodity["copper"] = "cu_model";
    return ctx;
  }

  static sites::SiteRow site(const std::string& name, double x, double y, int rank, double score) {
    sites::SiteRow r;
    r.id = name;
    r.name = name;
    r.x = x;
    r.y = y;
    r.rank = rank;
    r.score = score;
    r.excluded = rank == 0;
    return r;
  }

  // Alpha and Bravo ranked near the top edge; Charlie excluded inside the park.
  static std::vector<sites::CommodityResult> results() {
    sites::CommodityResult cu;
    cu.commodity = "copper";
    cu.rows = {site("Alpha", 410000, 3026000, 1, 0.9), site("Bravo", 425000, 3026000, 2, 0.4),
               site("Charlie", 404000, 3006000, 0, 0)};
    return {cu};
  }
};

}  // namespace oremap::test
