// model_colour_range: the exact minimum and maximum over every data cell (nodata and NaN
// skipped), read strip by strip, widened to round numbers; a fixed range wins.
#include "stages/sinks/model_range.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "../../test_support.hpp"

using namespace oremap;
namespace fs = std::filesystem;

TEST_CASE("model colour range: every strip read, nodata and NaN skipped", "[styles]") {
  test::TempDir dir;
  // 3000 rows of 1000 cells: the reads come in strips of about 2 M cells, so the extremes in
  // the first and the last row lie in different strips.
  const int cols = 1000, rows = 3000;
  const Grid grid = test::make_grid(32642, 500000, 3010000, 100, cols, rows);
  std::vector<double> v(static_cast<std::size_t>(cols) * rows, 0.005);
  v[10] = 0.0003;              // the minimum, row 0
  v[v.size() - 5] = 0.0123;    // the maximum, the last row
  v[1500 * cols + 7] = -9999;  // nodata: not the minimum
  v[2000 * cols + 9] = std::nan("");
  const fs::path plain = dir.file("plain.tif"), tiled = dir.file("tiled.tif");
  test::write_grid_raster(plain, grid, v, -9999.0);
  test::run_ok("gdal_translate -q -co TILED=YES -co COMPRESS=DEFLATE " + test::shell_quote(plain.string()) + " " +
               test::shell_quote(tiled.string()));
  for (const fs::path& file : {plain, tiled}) {
    INFO(file.filename());
    const auto range = sinks::model_colour_range(file, std::nullopt);
    REQUIRE(range);
    // [0.0003, 0.0123] widened to steps of 0.005 (map_raster_test): [0, 0.015].
    CHECK((*range)[0] == Approx(0).margin(1e-12));
    CHECK((*range)[1] == Approx(0.015).margin(1e-12));
  }
  const auto fixed = sinks::model_colour_range(plain, std::array<double, 2>{0.1, 0.9});
  REQUIRE(fixed);
  CHECK((*fixed)[0] == 0.1);
  CHECK((*fixed)[1] == 0.9);
}

TEST_CASE("model colour range: none for a raster without data", "[styles]") {
  test::TempDir dir;
  const Grid grid = test::make_grid(32642, 500000, 3010000, 100, 4, 3);
  test::write_grid_raster(dir.file("empty.tif"), grid, std::vector<double>(12, -1), -1.0);
  CHECK_FALSE(sinks::model_colour_range(dir.file("empty.tif"), std::nullopt));
}
