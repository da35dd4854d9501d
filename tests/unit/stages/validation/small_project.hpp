#pragma once
// A 4 x 3 project for the validation tests: one score raster with ties and a nodata cell, and
// known deposits (two in one cell, one in the nodata cell, one off the grid). The validation
// stage's tests and the report sink's tests both run it.
#include <string>

#include "../stage_fixture.hpp"

namespace oremap::test {

// 4 x 3 cells of 1 km from (500000, 3000000): cell (r, c) has its centre at
// x = 500500 + 1000 c, y = 3002500 - 1000 r.
inline const Grid kSmall = make_grid(32642, 500000, 3003000, 1000, 4, 3);
inline std::string small_centre(int r, int c) { return geo_point(500500 + 1000.0 * c, 3002500 - 1000.0 * r); }

// Scores (row by row; -9999 is the raster's nodata):
//   0.9  0.8  0.8    0.5
//   0.5  0.2  -9999  0.1
//   0.1  0.1  0.0    0.0
// Deposits: two in (0,0), one in (0,1), one in (1,0), one in the nodata cell (1,2), one off the grid.
inline void write_small(const TempDir& dir) {
  write_grid_raster(dir.path() / "s.tif", kSmall, {0.9, 0.8, 0.8, 0.5, 0.5, 0.2, -9999, 0.1, 0.1, 0.1, 0.0, 0.0},
                    -9999.0);
  write_text_file(dir.path() / "deps.geojson",
                  feature_collection({{small_centre(0, 0), "\"name\": \"A\""},
                                      {geo_point(500200, 3002800), "\"name\": \"A2\""},
                                      {small_centre(0, 1), "\"name\": \"B\""},
                                      {small_centre(1, 0), "\"name\": \"C\""},
                                      {small_centre(1, 2), "\"name\": \"in nodata\""},
                                      {geo_point(600000, 3001000), "\"name\": \"off the grid\""}}));
}

inline const std::string kSmallProject = grid_toml(500000, 3000000, 1000, 4, 3) + R"(
[[layers]]
id = "s"
path = "s.tif"

[[layers]]
id = "deps"
path = "deps.geojson"
crs = "EPSG:32642"

[[models]]
id = "copper_w"
commodity = "copper"
kind = "weighted"
description = "Score <b>as is</b>"
inputs = ["s"]
weights = [1]

[[models]]
id = "gold_w"
commodity = "gold"
kind = "weighted"
inputs = ["s"]
weights = [1]

[report]
deposits = { copper = "deps" }
)";

}  // namespace oremap::test
