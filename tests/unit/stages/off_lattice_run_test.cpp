// A raster whose origin is not a whole multiple of the cell size, through a whole run: the grid
// takes its lattice, the raster is read in place (never resampled), and an evidence step equals
// the same formula applied to the raster's own pixels.
#include <catch2/catch.hpp>
#include <cmath>

#include "stage_fixture.hpp"
#include "stages/raster_plan.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

// The input: 10 x 8 pixels of 30 m from (200020, 3000020), whose lattice is 10, 20 m off whole
// cells (200020 = 6667 * 30 + 10, 3000020 = 100000 * 30 + 20). Pixel (r, c) holds
// 90 + 13c + 7r: 90..256, below, inside and above the membership's [100, 200].
const int kCols = 10, kRows = 8;
double pixel(int r, int c) { return 90 + 13.0 * c + 7.0 * r; }

void write_input(const fs::path& path) {
  std::vector<float> v;
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < kCols; ++c) v.push_back(static_cast<float>(pixel(r, c)));
  write_float_raster(path, make_grid(32642, 200020, 3000020, 30, kCols, kRows), v);
}

// bbox [200000, 2999750, 200360, 3000050] around the raster, a linear membership of it.
std::string project_toml(const std::string& align) {
  return grid_toml(200000, 2999750, 30, 12, 10, align) + R"(
[[layers]]
id = "x"
path = "x.tif"

[[evidence]]
id = "lin"
kind = "fuzzy"
input = "x"
function = "linear"
min = 100
max = 200
)";
}

}  // namespace

TEST_CASE("a raster off the whole-cell lattice is read in place and its evidence is exact per pixel",
          "[stages][align]") {
  TempDir dir;
  write_input(dir.path() / "x.tif");
  StageRun run(dir.path(), project_toml(""));
  // The grid takes the raster's lattice: x from floor((200000 - 10) / 30) * 30 + 10 = 199990 to
  // 200380, y from 2999750 to 3000050; the raster's pixel (0, 0) is grid cell (1, 1).
  const Grid& g = run.grid();
  REQUIRE(g.xmin == 199990);
  REQUIRE(g.ymax == 3000050);
  REQUIRE(g.cols == 13);
  REQUIRE(g.rows == 10);
  CHECK_THAT(plan_text(plan_rasters(run.project(), g), g, 1, 64u << 20),
             Catch::Matchers::Contains("read  x") && Catch::Matchers::Contains("a layer on the grid: read in place"));
  run.run();
  // No resampling: the layer is a view of its own file, never a warped copy in the work folder.
  CHECK(run.ctx().raster_file("x").extension() == ".vrt");
  CHECK_FALSE(fs::exists(run.ctx().work_dir / "x.tif"));
  CHECK_THAT(run.log(),
             Catch::Matchers::Contains("aligned to the lattice of raster layer 'x' (origin offset 10, 20 m"));
  CHECK_THAT(run.log(), Catch::Matchers::Contains("x: on the grid's lattice (pixel 0, 0 at cell 1, 1); read in place"));

  // lin = clamp((x - 100) / (200 - 100), 0, 1) of each pixel, at its cell; NaN around the raster.
  const RasterData lin = run.raster("lin");
  REQUIRE(lin.cols == 13);
  REQUIRE(lin.rows == 10);
  int differing = 0;
  for (int r = 0; r < g.rows; ++r)
    for (int c = 0; c < g.cols; ++c) {
      const int pr = r - 1, pc = c - 1;
      const bool inside = pr >= 0 && pr < kRows && pc >= 0 && pc < kCols;
      const double want = inside ? std::min(1.0, std::max(0.0, (pixel(pr, pc) - 100) / 100)) : NAN;
      const double got = lin.at(r, c);
      if (inside ? std::fabs(got - want) > 1e-6 : !std::isnan(got)) {
        ++differing;
        UNSCOPED_INFO("cell " << r << ", " << c << ": " << got << ", want " << want);
      }
    }
  CHECK(differing == 0);
  CHECK(lin.at(1, 1) == 0);                         // 90: below min
  CHECK(lin.at(2, 2) == Approx(0.1).margin(1e-6));  // 90 + 13 + 7 = 110
  CHECK(lin.at(8, 10) == 1);                        // 90 + 117 + 49 = 256: above max
}

TEST_CASE("with align = \"cell\" the same raster is resampled, as before alignment existed", "[stages][align]") {
  TempDir dir;
  write_input(dir.path() / "x.tif");
  StageRun run(dir.path(), project_toml("align = \"cell\"\n"));
  CHECK(run.grid().xmin == 199980);  // whole multiples of 30 m
  run.run();
  CHECK(run.ctx().raster_file("x").extension() == ".tif");
  CHECK(fs::exists(run.ctx().work_dir / "x.tif"));  // the warped copy
  CHECK_THAT(run.log(), !Catch::Matchers::Contains("read in place"));
}
