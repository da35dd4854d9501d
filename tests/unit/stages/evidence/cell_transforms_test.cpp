// Cell-by-cell evidence steps end to end (fuzzy, reclassify, normalise, invert, log) on 3 x 3
// rasters with one nodata cell. Every expected value is a literal with its arithmetic; the
// statistics that mslarge, z-score and percentile need are computed by hand in the comments.
#include <catch2/catch.hpp>
#include <cmath>

#include "../stage_fixture.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

const double nd = std::nan("");  // nodata

// 3 x 3 cells of 100 m; the last cell (row 2, col 2) is nodata (-9999 in the file).
const Grid kGrid = make_grid(32642, 500000, 3000300, 100, 3, 3);

std::string project_with(const std::string& steps) {
  return grid_toml(500000, 3000000, 100, 3, 3) + R"(
[[layers]]
id = "x"
path = "x.tif"
)" + steps;
}

struct Expected {
  const char* id;
  std::vector<double> values;  // row-major, NaN = nodata
};

void check_rasters(StageRun& run, const std::vector<Expected>& table) {
  for (const auto& e : table) {
    INFO("step " << e.id);
    const RasterData got = run.raster(e.id);
    REQUIRE(got.values.size() == e.values.size());
    for (std::size_t i = 0; i < e.values.size(); ++i) {
      INFO("cell " << i);
      if (std::isnan(e.values[i]))
        CHECK(std::isnan(got.values[i]));
      else
        CHECK(got.values[i] == Approx(e.values[i]).margin(1e-6));
    }
  }
}

}  // namespace

TEST_CASE("fuzzy membership evidence follows the ArcGIS formulas cell by cell", "[stages][fuzzy]") {
  TempDir dir;
  // Data cells 2, 4, 4, 4, 5, 5, 7, 9: mean 40 / 8 = 5; deviations -3 -1 -1 -1 0 0 2 4, squares
  // sum 9+1+1+1+0+0+4+16 = 32, population variance 32 / 8 = 4, std 2. The nodata cell is not counted.
  write_grid_raster(dir.path() / "x.tif", kGrid, {2, 4, 4, 4, 5, 5, 7, 9, -9999}, -9999.0);
  StageRun run(dir.path(), project_with(R"(
[[evidence]]
id = "lin"
kind = "fuzzy"
input = "x"
function = "linear"
min = 2
max = 9

[[evidence]]
id = "gau"
kind = "fuzzy"
input = "x"
function = "gaussian"
midpoint = 5
spread = 0.5

[[evidence]]
id = "msl"
kind = "fuzzy"
input = "x"
function = "mslarge"

[[evidence]]
id = "mss"
kind = "fuzzy"
input = "x"
function = "mssmall"

[[evidence]]
id = "msl_ab"
kind = "fuzzy"
input = "x"
function = "mslarge"
mean_multiplier = 0.5
std_multiplier = 2

[[evidence]]
id = "gau_width"
kind = "fuzzy"
input = "x"
function = "gaussian"
midpoint = 5
width = 2

[[evidence]]
id = "near_width"
kind = "fuzzy"
input = "x"
function = "near"
midpoint = 5
width = 2

[[evidence]]
id = "msl_sample"
kind = "fuzzy"
input = "x"
function = "mslarge"
std = "sample"
)"));
  run.run();
  check_rasters(
      run,
      {
          // linear: (x - 2) / 7
          {"lin", {0, 2.0 / 7, 2.0 / 7, 2.0 / 7, 3.0 / 7, 3.0 / 7, 5.0 / 7, 1, nd}},
          // gaussian: exp(-0.5 (x - 5)^2): x=2 -> e^-4.5, 4 -> e^-0.5, 5 -> 1, 7 -> e^-2, 9 -> e^-8
          {"gau",
           {std::exp(-4.5), std::exp(-0.5), std::exp(-0.5), std::exp(-0.5), 1, 1, std::exp(-2.0), std::exp(-8.0), nd}},
          // mslarge, m = 5, s = 2: 0 for x <= 5, else 1 - 2 / (x - 5 + 2): 7 -> 1 - 2/4, 9 -> 1 - 2/6
          {"msl", {0, 0, 0, 0, 0, 0, 0.5, 2.0 / 3, nd}},
          // mssmall: 1 for x <= 5, else 2 / (x - 3): 7 -> 0.5, 9 -> 1/3
          {"mss", {1, 1, 1, 1, 1, 1, 0.5, 1.0 / 3, nd}},
          // mslarge with a = 0.5, b = 2: a m = 2.5, b s = 4; 0 for x <= 2.5, else 1 - 4 / (x + 1.5):
          // 4 -> 1 - 4/5.5, 5 -> 1 - 4/6.5, 7 -> 1 - 4/8.5, 9 -> 1 - 4/10.5
          {"msl_ab",
           {0, 1 - 4 / 5.5, 1 - 4 / 5.5, 1 - 4 / 5.5, 1 - 4 / 6.5, 1 - 4 / 6.5, 1 - 4 / 8.5, 1 - 4 / 10.5, nd}},
          // gaussian with width 2: spread ln 2 / 4, so 2^(-(x - 5)^2 / 4): x=2 -> 2^-2.25, 4 -> 2^-0.25,
          // 7 -> 0.5 (the width), 9 -> 2^-4
          {"gau_width",
           {std::pow(2, -2.25), std::pow(2, -0.25), std::pow(2, -0.25), std::pow(2, -0.25), 1, 1, 0.5, 1.0 / 16, nd}},
          // near with width 2: spread 1 / 4, so 1 / (1 + (x - 5)^2 / 4): 2 -> 4/13, 4 -> 0.8, 7 -> 0.5, 9 -> 0.2
          {"near_width", {4.0 / 13, 0.8, 0.8, 0.8, 1, 1, 0.5, 0.2, nd}},
          // mslarge with the sample std: s = sqrt(32 / 7) = 2.138090; 7 -> 1 - s / (2 + s),
          // 9 -> 1 - s / (4 + s)
          {"msl_sample", {0, 0, 0, 0, 0, 0, 1 - 2.138090 / 4.138090, 1 - 2.138090 / 6.138090, nd}},
      });
}

TEST_CASE("fuzzy width: only for gaussian and near, and not with spread", "[stages][fuzzy]") {
  TempDir dir;
  write_grid_raster(dir.path() / "x.tif", kGrid, {2, 4, 4, 4, 5, 5, 7, 9, -9999}, -9999.0);
  StageRun both(dir.path(), project_with(R"(
[[evidence]]
id = "g"
kind = "fuzzy"
input = "x"
function = "gaussian"
midpoint = 5
spread = 0.1
width = 2
)"));
  CHECK_THROWS_WITH(both.run(), Catch::Contains("evidence 'g'") && Catch::Contains("give spread or width, not both"));
  StageRun linear(dir.path(), project_with(R"(
[[evidence]]
id = "l"
kind = "fuzzy"
input = "x"
function = "linear"
min = 2
max = 9
width = 2
)"));
  CHECK_THROWS_WITH(linear.run(), Catch::Contains("width applies to the gaussian and near functions only"));
}

TEST_CASE("reclassify, normalise, invert and log evidence by hand", "[stages][transforms]") {
  TempDir dir;
  // Data cells -1, 0, 1, 2, 2, 3, 5, 10 (n = 8, min -1, max 10, sum 22), then nodata.
  write_grid_raster(dir.path() / "x.tif", kGrid, {-1, 0, 1, 2, 2, 3, 5, 10, -9999}, -9999.0);
  StageRun run(dir.path(), project_with(R"(
[[evidence]]
id = "ranges_default"
kind = "reclassify"
input = "x"
ranges = [[0, 2, 10], [2, 5, 20]]
default = 0

[[evidence]]
id = "ranges"
kind = "reclassify"
input = "x"
ranges = [[0, 2, 10], [2, 5, 20]]

[[evidence]]
id = "classes"
kind = "reclassify"
input = "x"
classes = [[2, 1], [10, 7], [-1, 3]]

[[evidence]]
id = "classes_default"
kind = "reclassify"
input = "x"
classes = [[2, 1]]
default = -5

[[evidence]]
id = "minmax"
kind = "normalise"
input = "x"

[[evidence]]
id = "zscore"
kind = "normalise"
input = "x"
method = "zscore"

[[evidence]]
id = "percentile"
kind = "normalise"
input = "x"
method = "percentile"

[[evidence]]
id = "inverted"
kind = "invert"
input = "minmax"

[[evidence]]
id = "ln_offset"
kind = "log"
input = "x"
offset = 1
write = true  # computed in the run (an unread per-cell step is never computed), so its warning is logged

[[evidence]]
id = "ln"
kind = "log"
input = "x"
write = true

[outputs]
format = "gtiff"
)"));
  run.run();
  // z-score: mean 22/8 = 2.75; squared deviations 14.0625 + 7.5625 + 3.0625 + 2 * 0.5625 + 0.0625
  // + 5.0625 + 52.5625 = 83.5; population variance 83.5 / 8 = 10.4375.
  const double sd = std::sqrt(10.4375);
  auto z = [sd](double x) { return (x - 2.75) / sd; };
  check_rasters(
      run, {
               // from <= x < to: 0 and 1 -> 10; 2, 2, 3 -> 20; 5 is not < 5 and -1, 10 match nothing -> default
               {"ranges_default", {0, 10, 10, 20, 20, 20, 0, 0, nd}},
               {"ranges", {nd, 10, 10, 20, 20, 20, nd, nd, nd}},
               {"classes", {3, nd, nd, 1, 1, nd, nd, 7, nd}},
               {"classes_default", {-5, -5, -5, 1, 1, -5, -5, -5, nd}},
               // (x - min) / (max - min) = (x + 1) / 11
               {"minmax", {0, 1.0 / 11, 2.0 / 11, 3.0 / 11, 3.0 / 11, 4.0 / 11, 6.0 / 11, 1, nd}},
               {"zscore", {z(-1), z(0), z(1), z(2), z(2), z(3), z(5), z(10), nd}},
               // share of the 8 data cells <= x; the tie at 2 takes the higher rank 5/8
               {"percentile", {1.0 / 8, 2.0 / 8, 3.0 / 8, 5.0 / 8, 5.0 / 8, 6.0 / 8, 7.0 / 8, 1, nd}},
               // 1 - (x + 1) / 11 = (10 - x) / 11
               {"inverted", {1, 10.0 / 11, 9.0 / 11, 8.0 / 11, 8.0 / 11, 7.0 / 11, 5.0 / 11, 0, nd}},
               // ln(x + 1): x = -1 gives ln 0, nodata
               {"ln_offset",
                {nd, 0, std::log(2.0), std::log(3.0), std::log(3.0), std::log(4.0), std::log(6.0), std::log(11.0), nd}},
               // ln(x): -1 and 0 are nodata
               {"ln", {nd, nd, 0, std::log(2.0), std::log(2.0), std::log(3.0), std::log(5.0), std::log(10.0), nd}},
           });
  // Cells the logarithm sets to nodata are counted in a warning.
  CHECK_THAT(run.log(), Catch::Contains("warning: evidence ln_offset: 1 cells with x + offset <= 0 set to nodata; "
                                        "raise `offset` to keep them"));
  CHECK_THAT(run.log(), Catch::Contains("warning: evidence ln: 2 cells with x + offset <= 0 set to nodata"));
}
