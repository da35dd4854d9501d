// GEOS measurements of a site against a layer, on inline WKT with hand-computed expectations.
#include "stages/sites/site_measures.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "../../test_support.hpp"
#include "sites_test_support.hpp"

using namespace oremap;
using namespace oremap::sites;
using Catch::Matchers::Contains;

namespace {

geos::GeometryPtr wkt(const geos::Context& ctx, const std::string& text) { return geos::from_wkt(ctx, text); }

}  // namespace

TEST_CASE("distance from a point to a segment: perpendicular foot or nearest end", "[sites]") {
  geos::Context ctx;
  SharedLayer shared = test::wkt_layer(ctx, {"LINESTRING (0 0, 10 0)"}, {"road"});
  LocalLayer roads(shared, ctx);
  // Foot of the perpendicular (3, 0) lies on the segment: distance = 4.
  CHECK(measure_distance(ctx, roads, *wkt(ctx, "POINT (3 4)"), "name").raw == Approx(4.0).margin(1e-12));
  // Beyond the end (10, 0): sqrt(3^2 + 4^2) = 5.
  CHECK(measure_distance(ctx, roads, *wkt(ctx, "POINT (13 4)"), "name").raw == Approx(5.0).margin(1e-12));
  // Before the start (0, 0): sqrt(3^2 + 4^2) = 5.
  CHECK(measure_distance(ctx, roads, *wkt(ctx, "POINT (-3 -4)"), "name").raw == Approx(5.0).margin(1e-12));
  // On the segment: 0.
  CHECK(measure_distance(ctx, roads, *wkt(ctx, "POINT (7 0)"), "name").raw == 0.0);
  CHECK(measure_distance(ctx, roads, *wkt(ctx, "POINT (3 4)"), "name").feature == "road");
}

TEST_CASE("distance from a polygon site to lines", "[sites]") {
  geos::Context ctx;
  const std::string square = "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))";
  {
    // Vertical line x = 5: the square's right edge x = 2 is 3 away.
    SharedLayer shared = test::wkt_layer(ctx, {"LINESTRING (5 -1, 5 5)"});
    LocalLayer l(shared, ctx);
    CHECK(measure_distance(ctx, l, *wkt(ctx, square), "name").raw == Approx(3.0).margin(1e-12));
  }
  {
    // Line x + y = 6: nearest polygon point is the corner (2, 2); |2 + 2 - 6| / sqrt(2) = sqrt(2).
    SharedLayer shared = test::wkt_layer(ctx, {"LINESTRING (6 0, 0 6)"});
    LocalLayer l(shared, ctx);
    CHECK(measure_distance(ctx, l, *wkt(ctx, square), "name").raw == Approx(std::sqrt(2.0)).margin(1e-12));
  }
  {
    // A line crossing the polygon: 0.
    SharedLayer shared = test::wkt_layer(ctx, {"LINESTRING (-1 1, 3 1)"});
    LocalLayer l(shared, ctx);
    CHECK(measure_distance(ctx, l, *wkt(ctx, square), "name").raw == 0.0);
  }
}

TEST_CASE("nearest feature: true geometry distance, not bounding boxes", "[sites]") {
  geos::Context ctx;
  // A long diagonal line whose box contains the site, and a short segment 3 away. The site
  // (0, 10) is |0 - 10| / sqrt(2) = 7.07 from the diagonal y = x, so the segment is nearer.
  SharedLayer shared =
      test::wkt_layer(ctx, {"LINESTRING (-100 -100, 100 100)", "LINESTRING (-5 13, 5 13)"}, {"diagonal", "short"});
  LocalLayer l(shared, ctx);
  Measurement m = measure_distance(ctx, l, *wkt(ctx, "POINT (0 10)"), "name");
  CHECK(m.raw == Approx(3.0).margin(1e-12));
  CHECK(m.feature == "short");
}

TEST_CASE("nearest feature ties go to the first feature in layer order", "[sites]") {
  geos::Context ctx;
  std::vector<std::string> lines;
  std::vector<std::string> names;
  // Many distractors far away so the STRtree has several levels, then two lines 5 from (5, 0).
  for (int i = 0; i < 200; ++i) {
    lines.push_back("LINESTRING (" + std::to_string(1000 + i * 10) + " 0, " + std::to_string(1005 + i * 10) + " 0)");
    names.push_back("far" + std::to_string(i));
  }
  std::vector<std::string> a = lines, an = names;
  a.insert(a.begin() + 50, "LINESTRING (0 -5, 10 -5)");
  an.insert(an.begin() + 50, "south");
  a.insert(a.begin() + 120, "LINESTRING (0 5, 10 5)");
  an.insert(an.begin() + 120, "north");
  SharedLayer shared = test::wkt_layer(ctx, a, an);
  LocalLayer l(shared, ctx);
  Measurement m = measure_distance(ctx, l, *wkt(ctx, "POINT (5 0)"), "name");
  CHECK(m.raw == 5.0);
  CHECK(m.feature == "south");  // index 50 < 120

  std::swap(a[50], a[120]);
  std::swap(an[50], an[120]);
  SharedLayer swapped = test::wkt_layer(ctx, a, an);
  LocalLayer l2(swapped, ctx);
  CHECK(measure_distance(ctx, l2, *wkt(ctx, "POINT (5 0)"), "name").feature == "north");
}

TEST_CASE("features without a name are reported by feature id", "[sites]") {
  geos::Context ctx;
  SharedLayer shared = test::wkt_layer(ctx, {"POINT (0 0)", "POINT (10 0)"});
  LocalLayer l(shared, ctx);
  CHECK(measure_distance(ctx, l, *wkt(ctx, "POINT (9 0)"), "name").feature == "#1");
}

TEST_CASE("geodesic distance between the nearest points matches PROJ's geod", "[sites]") {
  geos::Context ctx;
  Grid grid = test::make_grid(32642, 0, 4000000, 1000, 1000, 1000);
  // Site 200 km west of a north-south line: nearest points (500000, 3500000) and (700000, 3500000).
  SharedLayer shared = test::wkt_layer(ctx, {"LINESTRING (700000 3400000, 700000 3600000)"});
  LocalLayer l(shared, ctx);
  GeodesicMeter meter(grid.crs_wkt);
  Measurement planar = measure_distance(ctx, l, *wkt(ctx, "POINT (500000 3500000)"), "name");
  Measurement geodesic = measure_distance(ctx, l, *wkt(ctx, "POINT (500000 3500000)"), "name", &meter);
  CHECK(planar.raw == 200000.0);
  // Expected: the two points to lon/lat with gdaltransform, then the ellipsoidal inverse with
  // PROJ's `geod` command (independent of oremap's code path).
  auto a = test::gdaltransform("EPSG:32642", "EPSG:4326", 500000, 3500000);
  auto b = test::gdaltransform("EPSG:32642", "EPSG:4326", 700000, 3500000);
  char cmd[256];
  std::snprintf(cmd, sizeof cmd, "echo '%.12f %.12f %.12f %.12f' | geod +ellps=WGS84 -I -f '%%.6f' +units=m", a[1],
                a[0], b[1], b[0]);
  std::istringstream out(test::run_ok(cmd));
  double az1 = 0, az2 = 0, s12 = 0;
  out >> az1 >> az2 >> s12;
  CHECK(geodesic.raw == Approx(s12).margin(1e-3));
  // At 42N on the central meridian the UTM scale is 0.9996: the ellipsoidal length is longer.
  CHECK(geodesic.raw > planar.raw);
}

TEST_CASE("region of a point: covers, the boundary belongs to the first region in layer order", "[sites]") {
  geos::Context ctx;
  const std::vector<std::string> squares = {"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))",
                                            "POLYGON ((10 0, 20 0, 20 10, 10 10, 10 0))"};
  SharedLayer shared = test::wkt_layer(ctx, squares, {"west", "east"}, {1.0, 2.0});
  LocalLayer l(shared, ctx);
  Measurement inside =
      measure_region(ctx, l, *wkt(ctx, "POINT (15 5)"), true, "value", RegionStatistic::mean, -1, "name");
  CHECK(inside.raw == 2.0);
  CHECK(inside.feature == "east");
  CHECK(inside.note.empty());

  Measurement edge =
      measure_region(ctx, l, *wkt(ctx, "POINT (10 5)"), true, "value", RegionStatistic::mean, -1, "name");
  CHECK(edge.raw == 1.0);
  CHECK(edge.feature == "west");
  CHECK(edge.note == "on the boundary of 2 regions ('west', 'east'); took 'west', the first in layer order");

  // The same point with the layer in the other order takes the other region.
  SharedLayer reversed = test::wkt_layer(ctx, {squares[1], squares[0]}, {"east", "west"}, {2.0, 1.0});
  LocalLayer r(reversed, ctx);
  CHECK(measure_region(ctx, r, *wkt(ctx, "POINT (10 5)"), true, "value", RegionStatistic::mean, -1, "name").raw == 2.0);

  // Outside every region: the declared default, flagged.
  Measurement none =
      measure_region(ctx, l, *wkt(ctx, "POINT (25 5)"), true, "value", RegionStatistic::mean, 0.25, "name");
  CHECK(none.raw == 0.25);
  CHECK(none.note == "in no region; default 0.25 used");
}

TEST_CASE("region of a point in a region without a value takes the default", "[sites]") {
  geos::Context ctx;
  SharedLayer shared = test::wkt_layer(ctx, {"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))"}, {"GB"}, {std::nan("")});
  LocalLayer l(shared, ctx);
  Measurement m = measure_region(ctx, l, *wkt(ctx, "POINT (5 5)"), true, "value", RegionStatistic::mean, 30, "name");
  CHECK(m.raw == 30.0);
  CHECK(m.feature == "GB");
  CHECK(m.note == "region 'GB' has no value; default 30 used");
}

TEST_CASE("polygon site straddling two regions: area weights", "[sites]") {
  geos::Context ctx;
  SharedLayer shared =
      test::wkt_layer(ctx, {"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))", "POLYGON ((10 0, 20 0, 20 10, 10 10, 10 0))"},
                      {"west", "east"}, {1.0, 2.0});
  LocalLayer l(shared, ctx);
  // Site x 4..14, y 2..6: 6 x 4 = 24 m2 in west (value 1), 4 x 4 = 16 m2 in east (value 2).
  // Mean = (24 * 1 + 16 * 2) / 40 = 56 / 40 = 1.4; min 1; max 2.
  const auto site = wkt(ctx, "POLYGON ((4 2, 14 2, 14 6, 4 6, 4 2))");
  Measurement mean = measure_region(ctx, l, *site, false, "value", RegionStatistic::mean, 0, "name");
  CHECK(mean.raw == Approx(1.4).epsilon(1e-12));
  CHECK(mean.feature == "west 60 %, east 40 %");
  CHECK(mean.note.empty());
  CHECK(measure_region(ctx, l, *site, false, "value", RegionStatistic::min, 0, "name").raw == 1.0);
  CHECK(measure_region(ctx, l, *site, false, "value", RegionStatistic::max, 0, "name").raw == 2.0);

  // Site x 16..24: 4 x 4 = 16 m2 in east (2), 16 m2 in no region (default 0): mean 32 / 32 = 1.
  Measurement half = measure_region(ctx, l, *wkt(ctx, "POLYGON ((16 2, 24 2, 24 6, 16 6, 16 2))"), false, "value",
                                    RegionStatistic::mean, 0, "name");
  CHECK(half.raw == Approx(1.0).epsilon(1e-12));
  CHECK(half.note == "50 % in no region; default 0 used there");
  // A polygon only touching a region along an edge takes nothing from it.
  Measurement touching = measure_region(ctx, l, *wkt(ctx, "POLYGON ((20 2, 24 2, 24 6, 20 6, 20 2))"), false, "value",
                                        RegionStatistic::mean, 0.5, "name");
  CHECK(touching.raw == 0.5);
  CHECK(touching.note == "in no region; default 0.5 used");
}

TEST_CASE("polygon site drawn along a region boundary: rounding slivers are no part of a region", "[sites]") {
  geos::Context ctx;
  SharedLayer shared = test::wkt_layer(ctx,
                                       {"POLYGON ((0 0, 10000 0, 10000 10000, 0 10000, 0 0))",
                                        "POLYGON ((10000 0, 20000 0, 20000 10000, 10000 10000, 10000 0))"},
                                       {"west", "east"}, {1.0, 2.0});
  LocalLayer l(shared, ctx);
  // Site x 4000..10000.000001, y 2000..6000: 6000 x 4000 = 2.4e7 m2 in west; the 1e-6 m overlap
  // puts 1e-6 x 4000 = 0.004 m2 in east, <= 1e-9 x 2.4e7 = 0.024 m2: a sliver, not a part.
  const auto site = wkt(ctx, "POLYGON ((4000 2000, 10000.000001 2000, 10000.000001 6000, 4000 6000, 4000 2000))");
  Measurement max = measure_region(ctx, l, *site, false, "value", RegionStatistic::max, 0, "name");
  CHECK(max.raw == 1.0);  // east's 2 must not count
  CHECK(max.feature == "west 100 %");
  CHECK(max.note.empty());  // nor is the sliver "in no region"
  CHECK(measure_region(ctx, l, *site, false, "value", RegionStatistic::mean, 0, "name").raw == 1.0);
  // The same 1e-6 m the other way: only east, for min too.
  const auto east_site =
      wkt(ctx, "POLYGON ((9999.999999 2000, 16000 2000, 16000 6000, 9999.999999 6000, 9999.999999 2000))");
  Measurement min = measure_region(ctx, l, *east_site, false, "value", RegionStatistic::min, 0, "name");
  CHECK(min.raw == 2.0);
  CHECK(min.feature == "east 100 %");
  CHECK(min.note.empty());
  // A real overlap of 1 m: 4000 m2 of 24004000 m2 = 0.0167 % in east (> 1e-7 %), which counts;
  // west's 99.983 % prints as 100 with 3 significant digits.
  const auto over = wkt(ctx, "POLYGON ((4000 2000, 10001 2000, 10001 6000, 4000 6000, 4000 2000))");
  Measurement real = measure_region(ctx, l, *over, false, "value", RegionStatistic::max, 0, "name");
  CHECK(real.raw == 2.0);
  CHECK(real.feature == "west 100 %, east 0.0167 %");
  // A site whose only overlap with any region is a sliver is in no region.
  const auto outside = wkt(ctx,
                           "POLYGON ((19999.999999 2000, 26000 2000, 26000 6000, 19999.999999 6000, "
                           "19999.999999 2000))");
  Measurement none = measure_region(ctx, l, *outside, false, "value", RegionStatistic::max, 0.5, "name");
  CHECK(none.raw == 0.5);
  CHECK(none.note == "in no region; default 0.5 used");
}

TEST_CASE("GEOS failures in region and exclusion tests are errors, not 'outside'", "[sites]") {
  geos::Context ctx;
  // An invalid region (two overlapping squares in one collection): GEOS's covers / intersects
  // throw a TopologyException on it and return 2, which used to read as "not in this region".
  SharedLayer shared = test::wkt_layer(
      ctx, {"GEOMETRYCOLLECTION (POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0)), POLYGON ((5 5, 15 5, 15 15, 5 15, 5 5)))"},
      {"broken"}, {1.0});
  LocalLayer l(shared, ctx);
  const auto site = wkt(ctx, "POINT (5 5)");
  CHECK_THROWS_AS(measure_region(ctx, l, *site, true, "value", RegionStatistic::mean, 0, "name"), LibraryError);
  CHECK_THROWS_WITH(measure_region(ctx, l, *site, true, "value", RegionStatistic::mean, 0, "name"),
                    Contains("GEOS covers failed: TopologyException"));
  Exclusion inside{"broken", "broken", "", 0, std::nullopt, {}, {}};
  CHECK_THROWS_WITH(check_exclusion(ctx, l, *site, inside, "name"),
                    Contains("GEOS intersects failed: TopologyException"));
}

TEST_CASE("count and sum within a radius include features at exactly the radius", "[sites]") {
  geos::Context ctx;
  // Distances from the origin: 0, 5 (3-4-5), 10 (6-8-10), 10, 10.05.
  SharedLayer shared =
      test::wkt_layer(ctx, {"POINT (0 0)", "POINT (3 4)", "POINT (6 8)", "POINT (10 0)", "POINT (0 10.05)"}, {},
                      {100, 20, std::nan(""), 3, 1000});
  LocalLayer l(shared, ctx);
  const auto site = wkt(ctx, "POINT (0 0)");
  CHECK(measure_count(ctx, l, *site, 10, "").raw == 4.0);
  CHECK(measure_count(ctx, l, *site, 9.99, "").raw == 2.0);
  Measurement sum = measure_count(ctx, l, *site, 10, "value");
  CHECK(sum.raw == 123.0);  // 100 + 20 + 3; the null is skipped
  CHECK(sum.note == "1 feature(s) within the radius have no value; skipped");
  // A polygon site measures from its boundary. Square 0..2: (0 0) on it, (3 4) at |(1, 2)| = 2.24,
  // (6 8) at |(4, 6)| = 7.21, (10 0) at 8, (0 10.05) at 8.05.
  const auto square = wkt(ctx, "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))");
  CHECK(measure_count(ctx, l, *square, 7.2, "").raw == 2.0);
  CHECK(measure_count(ctx, l, *square, 7.3, "").raw == 3.0);
}

TEST_CASE("exclusions list every reason; soft penalties are separate", "[sites]") {
  geos::Context ctx;
  SharedLayer parks_s = test::wkt_layer(ctx, {"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))"}, {"Hingol"});
  SharedLayer ice_s =
      test::wkt_layer(ctx, {"POLYGON ((8 0, 20 0, 20 10, 8 10, 8 0))", "POLYGON ((30 0, 40 0, 40 10, 30 10, 30 0))"});
  SharedLayer lakes_s = test::wkt_layer(ctx, {"POLYGON ((15 0, 16 0, 16 10, 15 10, 15 0))"}, {"Tarbela"});
  LocalLayer parks(parks_s, ctx), ice(ice_s, ctx), lakes(lakes_s, ctx);
  const auto site = wkt(ctx, "POINT (5 5)");
  Exclusion park{"parks", "parks", "", 0, std::nullopt, {}, {}};
  Exclusion glacier{"glaciers", "glaciers", "", 4, std::nullopt, {}, {}};
  Exclusion lake{"lakes", "lakes", "", 5, std::nullopt, {}, {}};
  ExclusionHit a = check_exclusion(ctx, parks, *site, park, "name");
  ExclusionHit b = check_exclusion(ctx, ice, *site, glacier, "");
  ExclusionHit c = check_exclusion(ctx, lakes, *site, lake, "name");
  CHECK(a.hit);
  CHECK(a.reason == "parks: inside 'Hingol'");
  CHECK(b.hit);  // 3 m from the first glacier (x = 8), within 4 m
  CHECK(b.reason == "glaciers: 3 m from '#0' (limit 4 m)");
  CHECK_FALSE(c.hit);  // 10 m from the lake, limit 5 m
  // A site touching a park's boundary counts as inside (distance 0).
  CHECK(check_exclusion(ctx, parks, *wkt(ctx, "POINT (10 3)"), park, "name").reason == "parks: inside 'Hingol'");
  // Several features of one layer: the nearest is named, the others counted.
  Exclusion wide{"glaciers", "glaciers", "", 30, std::nullopt, {}, {}};
  CHECK(check_exclusion(ctx, ice, *site, wide, "").reason == "glaciers: 3 m from '#0' (limit 30 m) and 1 more");
}

TEST_CASE("lengths in messages", "[sites]") {
  CHECK(format_metres(3.4) == "3 m");
  CHECK(format_metres(9999) == "9999 m");
  CHECK(format_metres(12345) == "12.35 km");
}
