// The map's raster pipeline: resampled strip reads (averages computed by hand), the colour
// range, relief factors from GDAL's hillshade, and the background colour of a pixel.
#include <catch2/catch.hpp>
#include <cmath>

#include "../../stage_fixture.hpp"
#include "stages/sinks/map/raster.hpp"

using namespace oremap;
using namespace oremap::sinks;
using namespace oremap::sinks::map;

namespace {

gdal::DatasetPtr open(const std::string& p) { return gdal::open_dataset(p, GDAL_OF_RASTER); }

}  // namespace

TEST_CASE("read_resampled averages blocks when the map is coarser than the raster", "[map]") {
  test::TempDir dir;
  // 4 x 4 cells, value = 4 * row + col.
  const Grid g = test::make_grid(32642, 0, 4000, 1000, 4, 4);
  std::vector<double> v;
  for (int i = 0; i < 16; ++i) v.push_back(i);
  test::write_grid_raster(dir.file("r.tif"), g, v);
  auto ds = open(dir.file("r.tif"));
  // 2 x 2: (0+1+4+5)/4 = 2.5, (2+3+6+7)/4 = 4.5, (8+9+12+13)/4 = 10.5, (10+11+14+15)/4 = 12.5.
  const auto out = read_resampled(*ds, 2, 2, std::nullopt);
  REQUIRE(out.size() == 4);
  CHECK(out[0] == Approx(2.5));
  CHECK(out[1] == Approx(4.5));
  CHECK(out[2] == Approx(10.5));
  CHECK(out[3] == Approx(12.5));
}

TEST_CASE("read_resampled repeats cells when the map is finer than the raster", "[map]") {
  test::TempDir dir;
  const Grid g = test::make_grid(32642, 0, 2000, 1000, 2, 2);
  test::write_grid_raster(dir.file("r.tif"), g, {1, 2, 3, 4});
  auto ds = open(dir.file("r.tif"));
  const auto out = read_resampled(*ds, 4, 4, std::nullopt);
  const std::vector<float> expected = {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4};
  CHECK(out == expected);
}

TEST_CASE("read_resampled gives the same pixels whatever the strip size", "[map]") {
  test::TempDir dir;
  // 300 x 200 cells read into 75 x 50 pixels (4 x 4 averages), in one strip and in one-row strips.
  const Grid g = test::make_grid(32642, 0, 200000, 1000, 300, 200);
  std::vector<double> v;
  for (int r = 0; r < 200; ++r)
    for (int c = 0; c < 300; ++c) v.push_back(std::sin(r * 0.1) * 100 + c);
  test::write_grid_raster(dir.file("r.tif"), g, v);
  auto ds = open(dir.file("r.tif"));
  const auto whole = read_resampled(*ds, 75, 50, std::nullopt);
  const auto strips = read_resampled(*ds, 75, 50, std::nullopt, 1.0);  // budget of 1 cell: one output row a strip
  CHECK(whole == strips);
  // Pixel (row 1, col 2) averages rows 4..7, cols 8..11: mean(sin(0.1 r)) * 100 + 9.5.
  double s = 0;
  for (int r = 4; r < 8; ++r) s += std::sin(r * 0.1) * 25;
  CHECK(whole[1 * 75 + 2] == Approx(s + 9.5).epsilon(1e-5));
}

TEST_CASE("read_resampled turns the declared nodata value into NaN", "[map]") {
  test::TempDir dir;
  const Grid g = test::make_grid(32642, 0, 2000, 1000, 2, 2);
  test::write_grid_raster(dir.file("r.tif"), g, {-9999, 2, 3, 4});
  auto ds = open(dir.file("r.tif"));
  const auto out = read_resampled(*ds, 2, 2, -9999.0);
  CHECK(std::isnan(out[0]));
  CHECK(out[3] == 4);
}

TEST_CASE("value ranges widen to round numbers", "[map]") {
  CHECK_FALSE(value_range({NAN, NAN}));
  const auto r = value_range({NAN, 0.5f, -1.0f, 3.0f});
  REQUIRE(r);
  CHECK((*r)[0] == -1.0);
  CHECK((*r)[1] == 3.0);
  struct Case {
    double lo, hi, nice_lo, nice_hi;
  };
  // Steps: span / 5 rounded up to 1, 2 or 5 x 10^k: 0.1998 -> 0.2; 0.0024 -> 0.005; 0.12 -> 0.2; 2.22 -> 5.
  const Case cases[] = {
      {0, 0.999, 0, 1}, {0.0003, 0.0123, 0, 0.015}, {0.2, 0.8, 0.2, 0.8}, {-3.2, 7.9, -5, 10}, {5, 5, 5, 5}};
  for (const auto& c : cases) {
    INFO(c.lo << " .. " << c.hi);
    const auto n = nice_range(c.lo, c.hi);
    CHECK(n[0] == Approx(c.nice_lo).margin(1e-12));
    CHECK(n[1] == Approx(c.nice_hi).margin(1e-12));
  }
}

TEST_CASE("relief factors: 1 on level ground, brighter facing the sun, darker facing away", "[map]") {
  const int n = 20;
  auto plane = [n](double dx, double dy) {  // elevation rising dx m per pixel east, dy m per pixel south
    std::vector<float> dem;
    for (int r = 0; r < n; ++r)
      for (int c = 0; c < n; ++c) dem.push_back(static_cast<float>(1000 + dx * c + dy * r));
    return dem;
  };
  const std::size_t centre = static_cast<std::size_t>(n / 2 * n + n / 2);
  const auto flat = hillshade_factors(plane(0, 0), n, n, 100, 1.0);
  CHECK(flat[centre] == Approx(1).margin(0.01));
  // The sun is in the north-west (azimuth 315): a slope rising to the south-east faces it.
  const auto lit = hillshade_factors(plane(30, 30), n, n, 100, 1.0);
  const auto shaded = hillshade_factors(plane(-30, -30), n, n, 100, 1.0);
  CHECK(lit[centre] > 1.05);
  CHECK(shaded[centre] < 0.95);
  // Strength scales the effect: half strength, half the departure from 1.
  const auto half = hillshade_factors(plane(-30, -30), n, n, 100, 0.5);
  CHECK(half[centre] - 1 == Approx((shaded[centre] - 1) / 2).margin(0.01));
  // No DEM value, no shading.
  auto holes = plane(30, 30);
  for (auto& v : holes) v = NAN;
  CHECK(hillshade_factors(holes, n, n, 100, 1.0)[centre] == 1.0f);
}

TEST_CASE("a pixel's colour is viridis of its scaled value, times the relief", "[map]") {
  const std::array<double, 2> range{0, 2};
  CHECK(background_colour(0.0f, range, 1.0f) == viridis(0));
  CHECK(background_colour(1.0f, range, 1.0f) == viridis(0.5));  // #21918c
  CHECK(background_colour(2.0f, range, 1.0f) == Rgb{0xfd, 0xe7, 0x25});
  // Halved by a relief factor of 0.5: #21918c -> (16.5, 72.5, 70) rounded half away from zero.
  CHECK(background_colour(1.0f, range, 0.5f) == Rgb{17, 73, 70});
  // No value: light grey, still shaded.
  CHECK(background_colour(NAN, range, 1.0f) == Rgb{228, 228, 226});
  // A constant raster (empty range) takes the middle of the ramp.
  CHECK(background_colour(5.0f, {5, 5}, 1.0f) == viridis(0.5));
}
