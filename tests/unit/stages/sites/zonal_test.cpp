// Zonal statistics of a grid raster over point and polygon sites, computed by hand.
#include "stages/sites/zonal.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <sstream>

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

namespace {

// Brute force: every cell of the grid whose centre the polygon covers (GEOSIntersects of the
// centre, no preparation, no scan line), in row-major order.
std::vector<double> brute_cells(const geos::Context& ctx, const Grid& grid, const std::vector<float>& values,
                                const GEOSGeometry& polygon) {
  std::vector<double> out;
  for (int r = 0; r < grid.rows; ++r)
    for (int c = 0; c < grid.cols; ++c) {
      auto p = geos::own(ctx, GEOSGeom_createPointFromXY_r(ctx.get(), grid.cell_centre_x(c), grid.cell_centre_y(r)),
                         "point");
      if (GEOSIntersects_r(ctx.get(), &polygon, p.get()) == 1) out.push_back(values[r * grid.cols + c]);
    }
  return out;
}

// A star-shaped ring of `n` vertices around (x, y), radii in [0.5, 1] x `radius`.
std::string random_zone(std::mt19937_64& rng, double x, double y, double radius, int n) {
  std::uniform_real_distribution<double> u(0.5, 1.0);
  std::ostringstream wkt;
  wkt.precision(17);
  wkt << "POLYGON ((";
  double x0 = 0, y0 = 0;
  for (int k = 0; k < n; ++k) {
    const double a = 6.283185307179586 * k / n, rr = radius * u(rng);
    const double px = x + rr * std::cos(a), py = y + rr * std::sin(a);
    if (k == 0) x0 = px, y0 = py;
    wkt << px << ' ' << py << ", ";
  }
  wkt << x0 << ' ' << y0 << "))";
  return wkt.str();
}

}  // namespace

TEST_CASE("zonal: overlapping zones each get their own cells, as GEOS tests every centre", "[sites]") {
  test::TempDir dir;
  // 60 x 50 cells of 30 m, origin (1234.5, 9876.25): not a multiple of the cell size.
  const Grid grid = test::make_grid(32642, 1234.5, 9876.25, 30, 60, 50);
  std::mt19937_64 rng(21);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<float> values(60 * 50);
  for (auto& v : values) v = static_cast<float>(100 * u(rng));
  const std::string path = dir.file("z.tif");
  test::write_float_raster(path, grid, values);
  std::vector<gdal::DatasetPtr> chain;
  chain.push_back(open_on_grid(path, grid, "z"));
  ZonalReader reader(std::move(chain), grid, "z");
  geos::Context ctx;
  std::vector<std::string> zones;
  for (int i = 0; i < 40; ++i)  // overlapping one another, some crossing the grid's edge
    zones.push_back(random_zone(rng, 1234.5 + 1900 * u(rng), 9876.25 - 1600 * u(rng), 100 + 300 * u(rng), 24));
  zones.push_back(zones[3]);  // a zone twice
  // Edges through cell centres and vertices on centre rows (the rows GEOS decides):
  // x from 1234.5 + 30 * 10 + 15 = 1549.5, y on row 10's centre 9876.25 - 315 = 9561.25.
  zones.push_back("POLYGON ((1549.5 9561.25, 1909.5 9561.25, 1909.5 9261.25, 1549.5 9261.25, 1549.5 9561.25))");
  // A zone with a hole.
  zones.push_back(
      "POLYGON ((1300 9800, 2000 9800, 2000 9300, 1300 9300, 1300 9800), (1500 9700, 1800 9700, 1800 9400, 1500 9400, "
      "1500 9700))");
  std::size_t shared = 0;
  for (const auto& wkt : zones) {
    auto zone = geos::from_wkt(ctx, wkt);
    const std::vector<double> want = brute_cells(ctx, grid, values, *zone);
    std::vector<double> got = reader.cells(ctx, *zone, false, 0, false);
    got.erase(std::remove_if(got.begin(), got.end(), [](double v) { return std::isnan(v); }),
              got.end());  // beyond the edge
    REQUIRE(!want.empty());
    CHECK(got == want);  // the same cells in the same order: mean and max are the same bits
    double mean = 0, max = want[0];
    for (double v : want) mean += v, max = std::max(max, v);
    mean /= static_cast<double>(want.size());
    const Measurement m = reader.measure(ctx, *zone, false, 0, false, ZonalStatistic::mean, 0);
    CHECK(m.raw == mean);
    CHECK(reader.measure(ctx, *zone, false, 0, false, ZonalStatistic::max, 0).raw == max);
    shared += want.size();
  }
  CHECK(shared > 3000);  // more cells in zones than the 3000 of the grid: they overlap
}
