// Distance to a vector layer is exact to the geometry: every cell of a random scene (long
// polylines, polygons with holes, multipoints) against a brute-force GEOS distance from the cell
// centre to every feature, on a grid whose origin is off the lattice of whole cells.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>

#include "../stage_fixture.hpp"
#include "geos/handles.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

using XY = std::array<double, 2>;

// Coordinates rounded to the millimetre, so GeoJSON and WKT (both written with 3 decimals) give
// the brute force and the run the same doubles.
double mm(double v) { return std::round(v * 1000) / 1000; }

std::string wkt_coords(const std::vector<XY>& xy) {
  std::string out = "(";
  for (std::size_t i = 0; i < xy.size(); ++i) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%.3f %.3f", i ? ", " : "", xy[i][0], xy[i][1]);
    out += buf;
  }
  return out + ")";
}

struct SceneFeature {
  std::string geojson, wkt;
};

SceneFeature line(const std::vector<XY>& xy) { return {geo_line(xy), "LINESTRING " + wkt_coords(xy)}; }

SceneFeature polygon(const std::vector<std::vector<XY>>& rings) {
  std::string g = "{\"type\":\"Polygon\",\"coordinates\":[", w = "POLYGON (";
  for (std::size_t i = 0; i < rings.size(); ++i) {
    g += (i ? "," : "") + coords(rings[i]);
    w += (i ? ", " : "") + wkt_coords(rings[i]);
  }
  return {g + "]}", w + ")"};
}

SceneFeature multipoint(const std::vector<XY>& xy) {
  std::string w = "MULTIPOINT (";
  for (std::size_t i = 0; i < xy.size(); ++i) w += (i ? ", " : "") + wkt_coords({xy[i]});
  return {"{\"type\":\"MultiPoint\",\"coordinates\":" + coords(xy) + "}", w + ")"};
}

// A road-like polyline: n vertices, legs of 8-40 m, the heading drifting at every vertex.
std::vector<XY> random_walk(std::mt19937& rng, XY at, int n) {
  std::uniform_real_distribution<double> leg(8, 40), turn(-0.35, 0.35), start(0, 6.283);
  double heading = start(rng);
  std::vector<XY> xy = {{mm(at[0]), mm(at[1])}};
  for (int i = 1; i < n; ++i) {
    heading += turn(rng);
    at = {at[0] + leg(rng) * std::cos(heading), at[1] + leg(rng) * std::sin(heading)};
    xy.push_back({mm(at[0]), mm(at[1])});
  }
  return xy;
}

// A closed star-shaped ring around c: radii in [r0, r1] at n increasing angles.
std::vector<XY> star_ring(std::mt19937& rng, XY c, double r0, double r1, int n) {
  std::uniform_real_distribution<double> radius(r0, r1);
  std::vector<XY> ring;
  for (int i = 0; i < n; ++i) {
    const double a = 6.283185307179586 * i / n, r = radius(rng);
    ring.push_back({mm(c[0] + r * std::cos(a)), mm(c[1] + r * std::sin(a))});
  }
  ring.push_back(ring.front());
  return ring;
}

// The grid: 30 m cells, origin on the lattice through (500007.3, 3000013.9), not on whole cells.
constexpr double kX0 = 500007.3, kY0 = 3000013.9, kCell = 30;
constexpr int kCols = 70, kRows = 60;

}  // namespace

TEST_CASE("vector distances equal a brute-force GEOS distance from each cell centre", "[stages][distance][vector]") {
  std::mt19937 rng(20261207);
  std::uniform_real_distribution<double> ux(kX0 - 100, kX0 + kCols * kCell + 100),
      uy(kY0 - 100, kY0 + kRows * kCell + 100);
  std::vector<SceneFeature> scene;
  for (int i = 0; i < 3; ++i) scene.push_back(line(random_walk(rng, {ux(rng), uy(rng)}, 300)));
  // A polygon with a hole, one without, one partly off the grid.
  const XY c1 = {kX0 + 600, kY0 + 1100};
  scene.push_back(polygon({star_ring(rng, c1, 220, 330, 40), star_ring(rng, c1, 60, 110, 17)}));
  scene.push_back(polygon({star_ring(rng, {kX0 + 1500, kY0 + 400}, 90, 200, 25)}));
  scene.push_back(polygon({star_ring(rng, {kX0 + 2050, kY0 + 1700}, 100, 260, 31)}));
  std::vector<XY> points;
  for (int i = 0; i < 25; ++i) points.push_back({mm(ux(rng)), mm(uy(rng))});
  scene.push_back(multipoint(points));

  TempDir dir;
  std::vector<Feature> features;
  for (const auto& f : scene) features.push_back({f.geojson, ""});
  write_text_file(dir.path() / "scene.geojson", feature_collection(features));
  char align[96];
  std::snprintf(align, sizeof align, "align = [%.1f, %.1f]", kX0, kY0);
  StageRun run(dir.path(), grid_toml(kX0, kY0, kCell, kCols, kRows, align) + R"(
[[layers]]
id = "scene"
path = "scene.geojson"
crs = "EPSG:32642"

[[evidence]]
id = "d"
kind = "distance"
input = "scene"

[[evidence]]
id = "d_capped"
kind = "distance"
input = "scene"
cap = 60

[[evidence]]
id = "d_near"
kind = "distance"
input = "scene"
max_distance = 90
)",
               2);
  const Grid& g = run.grid();
  REQUIRE(g.xmin == Approx(kX0).margin(1e-6));  // off the lattice of whole 30 m cells
  REQUIRE(std::fmod(g.xmin, kCell) != Approx(0).margin(0.1));
  run.run();

  geos::Context ctx;
  std::vector<geos::GeometryPtr> geometries;
  for (const auto& f : scene) geometries.push_back(geos::from_wkt(ctx, f.wkt));
  const RasterData d = run.raster("d"), capped = run.raster("d_capped"), near = run.raster("d_near");
  REQUIRE(d.cols == g.cols);
  REQUIRE(d.rows == g.rows);
  double worst = 0;
  int inside = 0;
  for (int r = 0; r < g.rows; ++r)
    for (int c = 0; c < g.cols; ++c) {
      const geos::GeometryPtr centre =
          geos::own(ctx, GEOSGeom_createPointFromXY_r(ctx.get(), g.cell_centre_x(c), g.cell_centre_y(r)), "point");
      double want = std::numeric_limits<double>::infinity();
      for (const auto& f : geometries) {
        double dist = 0;
        REQUIRE(GEOSDistance_r(ctx.get(), centre.get(), f.get(), &dist) == 1);
        want = std::min(want, dist);
      }
      inside += want == 0;
      INFO("cell row " << r << " col " << c << ": GEOS " << want);
      worst = std::max(worst, std::abs(d.at(r, c) - want));
      REQUIRE(d.at(r, c) == Approx(want).margin(0.01));
      CHECK(capped.at(r, c) == Approx(std::min(want, 60.0)).margin(0.01));
      if (std::abs(want - 90) > 0.01) {
        CHECK(std::isnan(near.at(r, c)) == (want > 90));
        if (want < 90) CHECK(near.at(r, c) == Approx(want).margin(0.01));
      }
    }
  INFO("largest difference " << worst << " m; " << inside << " cells inside polygons");
  CHECK(worst <= 0.01);
  CHECK(inside > 50);  // the scene does test the inside of polygons (and the hole, by the brute force)
}

TEST_CASE("a cell centre 7.5 m from a line measures 7.5 m, not 0", "[stages][distance][vector]") {
  // 100 m cells from (500000, 3000000): cell (row 2, col 3) has its centre at (500350, 3000250).
  // A horizontal line at y = 3000257.5 crosses row 2's cells (the old all-touched burn made them
  // 0); their centres are 7.5 m from it, row 1's 92.5 m, row 3's 107.5 m, row 0's 192.5 m. A point
  // at the centre of (4, 6) is 0 there; (4, 5) is 100 m from it (207.5 m from the line).
  TempDir dir;
  write_text_file(dir.path() / "line.geojson",
                  feature_collection(
                      {{geo_line({{500000, 3000257.5}, {500700, 3000257.5}}), ""}, {geo_point(500650, 3000050), ""}}));
  StageRun run(dir.path(), grid_toml(500000, 3000000, 100, 7, 5) + R"(
[[layers]]
id = "line"
path = "line.geojson"
crs = "EPSG:32642"

[[evidence]]
id = "d"
kind = "distance"
input = "line"

[[evidence]]
id = "d_cap"
kind = "distance"
input = "line"
cap = 50

[[evidence]]
id = "d_max"
kind = "distance"
input = "line"
max_distance = 100
)");
  run.run();
  const RasterData d = run.raster("d");
  CHECK(d.at(2, 3) == Approx(7.5).margin(1e-4));
  CHECK(d.at(2, 0) == Approx(7.5).margin(1e-4));
  CHECK(d.at(1, 3) == Approx(92.5).margin(1e-4));
  CHECK(d.at(3, 3) == Approx(107.5).margin(1e-4));
  CHECK(d.at(4, 6) == 0);
  CHECK(d.at(4, 5) == Approx(100).margin(1e-4));
  CHECK(d.at(0, 0) == Approx(192.5).margin(1e-4));
  const RasterData cap = run.raster("d_cap");
  CHECK(cap.at(2, 3) == Approx(7.5).margin(1e-4));
  CHECK(cap.at(1, 3) == Approx(50));  // 92.5 capped
  CHECK(cap.at(4, 6) == 0);
  const RasterData max = run.raster("d_max");
  CHECK(max.at(1, 3) == Approx(92.5).margin(1e-4));
  CHECK(std::isnan(max.at(3, 3)));                  // 107.5 m to the line, 316.2 m to the point: beyond 100 m
  CHECK(max.at(4, 5) == Approx(100).margin(1e-4));  // exactly 100 m: kept
  CHECK(std::isnan(max.at(0, 0)));
}
