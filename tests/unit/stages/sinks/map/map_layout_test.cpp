// Page layout, scale bar lengths computed by hand, and the direction of true north.
#include <catch2/catch.hpp>
#include <cmath>

#include "../../../test_support.hpp"
#include "stages/sinks/map/layout.hpp"

using namespace oremap;
using namespace oremap::sinks;
using namespace oremap::sinks::map;

TEST_CASE("nice lengths are the largest 1, 2 or 5 x 10^k that fit", "[map]") {
  struct Case {
    double max_metres, expected;
  };
  const Case cases[] = {{125000, 100000}, {99999, 50000}, {250000, 200000}, {1000, 1000},
                        {4999, 2000},     {730, 500},     {0.3, 0.2},       {5e6, 5e6}};
  for (const auto& c : cases) {
    INFO(c.max_metres);
    CHECK(nice_length(c.max_metres) == Approx(c.expected));
  }
  CHECK(nice_length(0) == 0);
}

TEST_CASE("scale bar for a given map scale", "[map]") {
  // 1 px = 500 m (0.002 px per metre); at most 250 px = 125 km -> 100 km, drawn 200 px long.
  ScaleBar a = scale_bar(0.002, 250);
  CHECK(a.metres == Approx(100000));
  CHECK(a.px == Approx(200));
  CHECK(a.label == "100 km");
  // 1 px = 2 m; at most 300 px = 600 m -> 500 m, 250 px.
  ScaleBar b = scale_bar(0.5, 300);
  CHECK(b.metres == Approx(500));
  CHECK(b.px == Approx(250));
  CHECK(b.label == "500 m");
  // 1 px = 1 km; at most 333 px = 333 km -> 200 km, 200 px.
  ScaleBar c = scale_bar(0.001, 333);
  CHECK(c.metres == Approx(200000));
  CHECK(c.px == Approx(200));
  CHECK(distance_label(2500) == "2.5 km");
}

TEST_CASE("the frame holds the grid's extent at its aspect ratio", "[map]") {
  // 60 x 40 km grid; page 1000 x 800 px at 72 dpi (1 px per point).
  const Grid g = test::make_grid(32642, 400000, 3040000, 1000, 60, 40);
  const Layout l = compute_layout(g, 1000, 800, 1.0, 30, 0);
  const double fw = l.frame.x1 - l.frame.x0, fh = l.frame.y1 - l.frame.y0;
  CHECK(fw / fh == Approx(1.5));
  CHECK(l.map.scale == Approx(fw / 60000));
  CHECK(l.map.px(400000) == Approx(l.frame.x0));
  CHECK(l.map.py(3040000) == Approx(l.frame.y0));
  CHECK(l.map.px(460000) == Approx(l.frame.x1));
  CHECK(l.map.py(3000000) == Approx(l.frame.y1));
  CHECK(l.frame.x1 <= l.panel.x0);
  CHECK(l.frame.y1 <= l.footer.y0);
  CHECK(l.footer.y1 <= 800);
  CHECK(l.panel.x1 <= 1000);
}

TEST_CASE("without a height the page is as tall as the map needs", "[map]") {
  const Grid g = test::make_grid(32642, 400000, 3040000, 1000, 40, 80);  // twice as tall as wide
  const Layout l = compute_layout(g, 1000, 0, 1.0, 30, 0);
  const double fw = l.frame.x1 - l.frame.x0, fh = l.frame.y1 - l.frame.y0;
  CHECK(fh / fw == Approx(2.0));
  CHECK(l.height > fh);
  // A long legend makes the page taller than the map alone.
  const Layout tall = compute_layout(g, 1000, 0, 1.0, 30, 5000);
  CHECK(tall.panel.y1 - tall.panel.y0 >= 5000);
}

TEST_CASE("true north in UTM 42N leans by the meridian convergence", "[map]") {
  // UTM 42N's central meridian is 69 E: grid north is true north there. East of it, true north
  // points west of grid north (counter-clockwise, negative); convergence ~ atan(tan(dlon) sin(lat)).
  const Grid g = test::make_grid(32642, 0, 5000000, 1000, 10, 10);
  auto at = [&](double lon, double lat) { return test::gdaltransform("EPSG:4326", "EPSG:32642", lon, lat); };
  const auto centre = at(69, 30);
  CHECK(true_north_angle(g, centre[0], centre[1]) == Approx(0).margin(1e-6));
  const auto east = at(75, 30);
  const double expected = -std::atan(std::tan(6 * M_PI / 180) * std::sin(30 * M_PI / 180));
  CHECK(true_north_angle(g, east[0], east[1]) == Approx(expected).margin(0.002));
  const auto west = at(63, 30);
  CHECK(true_north_angle(g, west[0], west[1]) == Approx(-expected).margin(0.002));
}
