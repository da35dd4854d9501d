// Zonal statistics of a grid raster over point and polygon sites, computed by hand.
#include "stages/sites/zonal.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "../../test_support.hpp"
#include "sites_test_support.hpp"

using namespace oremap;
using namespace oremap::sites;

namespace {

const double kNaN = std::nan("");

// 5 x 4 grid of 10 m cells, x 0..50, y 0..40 (UTM 42N). Cell (row r, col c) holds 10 r + c,
// centre (10 c + 5, 35 - 10 r); cell (row 1, col 1) = 11 is nodata.
struct Fixture {
  test::TempDir dir;
  Grid grid = test::make_grid(32642, 0, 40, 10, 5, 4);
  std::string path = dir.file("r.tif");
  Fixture() {
    std::vector<float> v;
    for (int r = 0; r < 4; ++r)
      for (int c = 0; c < 5; ++c) v.push_back(r == 1 && c == 1 ? std::nanf("") : static_cast<float>(10 * r + c));
    test::write_float_raster(path, grid, v);
  }
  ZonalReader reader() {
    std::vector<gdal::DatasetPtr> chain;
    chain.push_back(open_on_grid(path, grid, "test raster"));
    return ZonalReader(std::move(chain), grid, "test raster");
  }
};

}  // namespace

TEST_CASE("zonal statistics of a list of cells", "[sites]") {
  const std::vector<double> cells = {4, 1, kNaN, 3, 2, 0};
  CHECK(zonal_statistic(cells, ZonalStatistic::mean, 0) == Approx(2.0));  // (4+1+3+2+0)/5
  CHECK(zonal_statistic(cells, ZonalStatistic::min, 0) == 0.0);
  CHECK(zonal_statistic(cells, ZonalStatistic::max, 0) == 4.0);
  // Sorted data 0 1 2 3 4; p90: h = 4 * 0.9 = 3.6 -> 3 + 0.6 * (4 - 3) = 3.6 (numpy's default).
  CHECK(zonal_statistic(cells, ZonalStatistic::percentile, 90) == Approx(3.6));
  CHECK(zonal_statistic(cells, ZonalStatistic::percentile, 50) == Approx(2.0));
  // 4 of the 6 cells hold a value > 0 (the nodata cell counts in the denominator).
  CHECK(zonal_statistic(cells, ZonalStatistic::coverage, 0) == Approx(4.0 / 6.0));
  CHECK(std::isnan(zonal_statistic({kNaN, kNaN}, ZonalStatistic::mean, 0)));
  // Data 4 1 3 2 0: sum 10, count 5, mean 2, squared deviations 4 1 1 0 4 = 10:
  // population std sqrt(10 / 5) = sqrt 2 (numpy's std), sample sqrt(10 / 4) (numpy's ddof = 1).
  CHECK(zonal_statistic(cells, ZonalStatistic::sum, 0) == 10.0);
  CHECK(zonal_statistic(cells, ZonalStatistic::count, 0) == 5.0);
  CHECK(zonal_statistic(cells, ZonalStatistic::std, 0) == Approx(std::sqrt(2.0)));
  CHECK(zonal_statistic(cells, ZonalStatistic::std_sample, 0) == Approx(std::sqrt(2.5)));
  CHECK(zonal_statistic({7, kNaN}, ZonalStatistic::std, 0) == 0.0);
  CHECK(std::isnan(zonal_statistic({7, kNaN}, ZonalStatistic::std_sample, 0)));  // one value: undefined
}

TEST_CASE("zonal: polygon sites use cell centres inside, or every cell they touch", "[sites]") {
  Fixture f;
  ZonalReader reader = f.reader();
  geos::Context ctx;
  // x 8..32, y 12..28 covers the centres x 15, 25 and y 25, 15: rows 1-2, cols 1-2 ->
  // values 11 (nodata), 12, 21, 22.
  auto site = geos::from_wkt(ctx, "POLYGON ((8 12, 32 12, 32 28, 8 28, 8 12))");
  std::vector<double> cells = reader.cells(ctx, *site, false, 0, false);
  REQUIRE(cells.size() == 4);
  Measurement m = reader.measure(ctx, *site, false, 0, false, ZonalStatistic::mean, 0);
  CHECK(m.raw == Approx((12.0 + 21 + 22) / 3));
  CHECK(m.feature == "3 cells with data");  // the nodata cell is not counted
  CHECK(m.note == "1 of 4 cells nodata");
  // All touched: x 8..32 meets the interiors of cols 0-3, y 12..28 those of rows 1-2 (row 0 is
  // y 30..40, row 3 y 0..10): 10, 11 (nodata), 12, 13, 20, 21, 22, 23 -> mean of 7 values = 121 / 7.
  Measurement all = reader.measure(ctx, *site, false, 0, true, ZonalStatistic::mean, 0);
  CHECK(all.feature == "7 cells with data");
  CHECK(all.raw == Approx((10.0 + 12 + 13 + 20 + 21 + 22 + 23) / 7));
  // A cell-aligned polygon (x 10..30, y 10..30) touches cols 1-2, rows 1-2 only: cells that
  // share just an edge with it are not touched.
  auto aligned = geos::from_wkt(ctx, "POLYGON ((10 10, 30 10, 30 30, 10 30, 10 10))");
  CHECK(reader.cells(ctx, *aligned, false, 0, true).size() == 4);
  // A sliver holding no cell centre falls back to the cells it touches: x 1..3, y 31..33 is in
  // cell (row 0, col 0) = 0.
  auto sliver = geos::from_wkt(ctx, "POLYGON ((1 31, 3 31, 3 33, 1 33, 1 31))");
  const Measurement s = reader.measure(ctx, *sliver, false, 0, false, ZonalStatistic::max, 0);
  CHECK(s.raw == 0.0);
  CHECK(s.note == "no cell centre inside the polygon: measured over the 1 cells it touches");  // flagged
  CHECK(m.note.find("touches") == std::string::npos);
}

TEST_CASE("zonal: a GEOS failure testing the cells an invalid polygon touches is an error", "[sites]") {
  Fixture f;
  ZonalReader reader = f.reader();
  geos::Context ctx;
  // A hole crossing its shell (x 10..40 of a shell x 8..32): GEOS's touches throws a
  // TopologyException on it and returns 2, which used to read as "does not only touch".
  auto site = geos::from_wkt(ctx, "POLYGON ((8 12, 32 12, 32 28, 8 28, 8 12), (10 14, 40 14, 40 16, 10 16, 10 14))");
  CHECK_THROWS_AS(reader.cells(ctx, *site, false, 0, true), LibraryError);
  CHECK_THROWS_WITH(reader.cells(ctx, *site, false, 0, true), Catch::Matchers::Contains("GEOS touches failed: "));
}

TEST_CASE("zonal: point sites use the cells whose centre is within the radius", "[sites]") {
  Fixture f;
  ZonalReader reader = f.reader();
  geos::Context ctx;
  auto p = geos::from_wkt(ctx, "POINT (25 25)");  // centre of row 1, col 2 (value 12)
  // Radius 10: that centre and the four at exactly 10 m: 2 (up), 22 (down), 11 (nodata), 13.
  CHECK(reader.cells(ctx, *p, true, 10, false).size() == 5);
  CHECK(reader.measure(ctx, *p, true, 10, false, ZonalStatistic::mean, 0).raw == Approx((12.0 + 2 + 22 + 13) / 4));
  // Radius 1: only the centre cell.
  CHECK(reader.measure(ctx, *p, true, 1, false, ZonalStatistic::mean, 0).raw == 12.0);
  // No centre within the radius: the cell holding the point (row 3, col 4 = 34).
  auto q = geos::from_wkt(ctx, "POINT (41 1)");
  CHECK(reader.measure(ctx, *q, true, 2, false, ZonalStatistic::mean, 0).raw == 34.0);
  // Outside the grid: no value, flagged.
  auto far = geos::from_wkt(ctx, "POINT (500 500)");
  Measurement m = reader.measure(ctx, *far, true, 5, false, ZonalStatistic::mean, 0);
  CHECK(std::isnan(m.raw));
  CHECK(m.note == "outside test raster");
}

TEST_CASE("zonal: a raster not on the grid is refused with both grids in the message", "[sites]") {
  Fixture f;
  Grid other = f.grid;
  other.cols = 6;
  test::QuietGdalErrors quiet;
  CHECK_THROWS_WITH(open_on_grid(f.path, other, "model 'cu'"),
                    Catch::Matchers::Contains("is not on the analysis grid: it has 5x4 cells") &&
                        Catch::Matchers::Contains("the grid has 6x4 cells"));
}

TEST_CASE("zonal: the part of a site beyond the grid's edge counts as nodata, and is noted", "[sites]") {
  Fixture f;
  ZonalReader reader = f.reader();
  geos::Context ctx;
  // x 32..68, y 2..18: cell centres x 35, 45 (cols 3, 4) on the grid and 55, 65 beyond its
  // eastern edge at x 50; y 15, 5 (rows 2, 3). On the grid: 23, 24, 33, 34; beyond: 4 cells.
  auto site = geos::from_wkt(ctx, "POLYGON ((32 2, 68 2, 68 18, 32 18, 32 2))");
  std::size_t outside = 0;
  const std::vector<double> cells = reader.cells(ctx, *site, false, 0, false, &outside);
  CHECK(cells.size() == 8);
  CHECK(outside == 4);
  // Every on-grid cell is > 0, but half the footprint is unknown: coverage 4 / 8, not 1.
  CHECK(reader.measure(ctx, *site, false, 0, false, ZonalStatistic::coverage, 0).raw == Approx(0.5));
  const Measurement mean = reader.measure(ctx, *site, false, 0, false, ZonalStatistic::mean, 0);
  CHECK(mean.raw == Approx((23 + 24 + 33 + 34) / 4.0));
  CHECK(mean.note == "4 of 8 cells beyond the grid's edge");
  // A site that misses the grid altogether selects nothing.
  auto away = geos::from_wkt(ctx, "POLYGON ((100 100, 120 100, 120 120, 100 120, 100 100))");
  CHECK(reader.cells(ctx, *away, false, 0, false).empty());
  CHECK(reader.measure(ctx, *away, false, 0, false, ZonalStatistic::mean, 0).note == "outside test raster");
}
