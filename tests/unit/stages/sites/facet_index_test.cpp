// The nearest feature through the index of facets, against GEOS measuring every feature.
#include "stages/sites/facet_index.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <sstream>

#include "sites_test_support.hpp"
#include "stages/sites/feature_index.hpp"

using namespace oremap;
using namespace oremap::sites;

namespace {

// Brute force: GEOSDistance from the site to every feature; the first of the smallest.
LocalLayer::Nearest brute_nearest(const geos::Context& ctx, const SharedLayer& layer, const GEOSGeometry& site) {
  LocalLayer::Nearest best{layer.size(), INFINITY};
  for (std::size_t i = 0; i < layer.size(); ++i) {
    double d = 0;
    REQUIRE(GEOSDistance_r(ctx.get(), &site, layer.geometries[i].get(), &d) == 1);
    if (d < best.distance) best = {i, d};
  }
  return best;
}

// A road: a random walk of `vertices` legs of 50-250 m whose heading drifts, as the benchmark's.
std::string random_road(std::mt19937_64& rng, int vertices, double size) {
  std::uniform_real_distribution<double> u(0, 1);
  std::normal_distribution<double> turn(0, 0.3);
  double x = u(rng) * size, y = u(rng) * size, heading = u(rng) * 6.283;
  std::ostringstream wkt;
  wkt.precision(17);
  wkt << "LINESTRING (" << x << ' ' << y;
  for (int k = 0; k < vertices; ++k) {
    heading += turn(rng);
    const double step = 50 + 200 * u(rng);
    x += step * std::cos(heading);
    y += step * std::sin(heading);
    wkt << ", " << x << ' ' << y;
  }
  wkt << ')';
  return wkt.str();
}

}  // namespace

TEST_CASE("facets: GEOS's point-to-segment distance, by hand", "[sites]") {
  const FacetIndex::Facet road{0, 0, 10, 0, 0};
  CHECK(FacetIndex::point_to_segment(3, 4, road) == 4.0);    // above the segment
  CHECK(FacetIndex::point_to_segment(13, 4, road) == 5.0);   // beyond (10, 0): 3-4-5
  CHECK(FacetIndex::point_to_segment(-3, -4, road) == 5.0);  // before (0, 0)
  CHECK(FacetIndex::point_to_segment(7, 0, road) == 0.0);
  CHECK(FacetIndex::point_to_segment(4, 7, {1, 3, 1, 3, 0}) == 5.0);  // a lone point
}

TEST_CASE("facets: every segment of lines and rings, every lone point", "[sites]") {
  geos::Context ctx;
  SharedLayer l =
      test::wkt_layer(ctx, {"LINESTRING (0 0, 1 0, 1 1)", "POLYGON ((0 0, 4 0, 4 4, 0 0), (1 0.5, 3 0.5, 3 2, 1 0.5))",
                            "MULTIPOINT ((5 5), (6 6))", "POINT EMPTY"});
  std::vector<const GEOSGeometry*> g;
  for (const auto& p : l.geometries) g.push_back(p.get());
  FacetIndex index(ctx, g);
  CHECK(index.size() == 2 + 3 + 3 + 2);  // 2 segments, 3 + 3 ring edges, 2 points; nothing for the empty point
  CHECK(index.has_polygons());
}

TEST_CASE("nearest feature among long random polylines equals GEOS on every feature", "[sites]") {
  geos::Context ctx;
  std::mt19937_64 rng(13);
  std::vector<std::string> roads;
  for (int i = 0; i < 40; ++i) roads.push_back(random_road(rng, 250, 20000));
  roads.push_back(roads[7]);  // the same road twice: the earlier (7) must win every tie
  SharedLayer layer = test::wkt_layer(ctx, roads);
  LocalLayer local(layer, ctx);
  std::uniform_real_distribution<double> u(-2000, 22000);
  int sites = 0, on_road = 0;
  for (int j = 0; j < 400; ++j) {
    std::ostringstream wkt;
    wkt.precision(17);
    const double x = u(rng), y = u(rng);
    if (j % 4 == 3)  // a polygon site: a square of 300 m
      wkt << "POLYGON ((" << x << ' ' << y << ", " << x + 300 << ' ' << y << ", " << x + 300 << ' ' << y + 300 << ", "
          << x << ' ' << y + 300 << ", " << x << ' ' << y << "))";
    else
      wkt << "POINT (" << x << ' ' << y << ")";
    auto site = geos::from_wkt(ctx, wkt.str());
    const LocalLayer::Nearest want = brute_nearest(ctx, layer, *site), got = local.nearest(*site);
    CHECK(got.index == want.index);
    CHECK(got.distance == want.distance);  // the same bits: GEOS measured the same pair
    ++sites;
    on_road += want.distance == 0;
  }
  // Sites on a road's vertex: distance 0 to it and to its copy; the first in layer order wins.
  GEOSGeometry* road7 = layer.geometries[7].get();
  GEOSGeometry* vertex = GEOSGeomGetPointN_r(ctx.get(), road7, 100);
  auto owned = geos::GeometryPtr(vertex, geos::GeometryDeleter{ctx.get()});
  CHECK(local.nearest(*owned).index == 7);
  CHECK(local.nearest(*owned).distance == 0.0);
  CHECK(sites == 400);
  CHECK(on_road > 0);  // some 300 m squares cross a road
}

TEST_CASE("nearest feature in a polygon layer: inside is 0, a hole measures to its ring", "[sites]") {
  geos::Context ctx;
  // 0: a 10 x 10 square with a 4 x 4 hole; 1: a square overlapping it; 2: a line far away.
  SharedLayer layer = test::wkt_layer(ctx, {"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (3 3, 7 3, 7 7, 3 7, 3 3))",
                                            "POLYGON ((8 8, 20 8, 20 20, 8 20, 8 8))", "LINESTRING (100 0, 100 100)"});
  LocalLayer local(layer, ctx);
  auto at = [&](const std::string& wkt) { return local.nearest(*geos::from_wkt(ctx, wkt)); };
  CHECK(at("POINT (1 1)").index == 0);
  CHECK(at("POINT (1 1)").distance == 0.0);
  CHECK(at("POINT (9 9)").index == 0);  // inside both: the first in layer order
  CHECK(at("POINT (15 15)").index == 1);
  CHECK(at("POINT (15 15)").distance == 0.0);
  // In the hole at (5, 4): 1 from the hole's ring y = 3; the other square is 4 away diagonally.
  CHECK(at("POINT (5 4)").index == 0);
  CHECK(at("POINT (5 4)").distance == 1.0);
  // A polygon site holding all of the line: 0 from it, although none of its facets reach the site's edge.
  CHECK(at("POLYGON ((90 -10, 110 -10, 110 110, 90 110, 90 -10))").index == 2);
  CHECK(at("POLYGON ((90 -10, 110 -10, 110 110, 90 110, 90 -10))").distance == 0.0);
  // A polygon site inside polygon 1: 0 from it (and from nothing earlier).
  CHECK(at("POLYGON ((12 12, 14 12, 14 14, 12 14, 12 12))").index == 1);
  CHECK(at("POLYGON ((12 12, 14 12, 14 14, 12 14, 12 12))").distance == 0.0);
  // Beyond everything, east of the line: 5 from it.
  CHECK(at("POINT (105 50)").index == 2);
  CHECK(at("POINT (105 50)").distance == 5.0);
}

TEST_CASE("a shared facet index gives the same nearest features as a layer's own", "[sites]") {
  geos::Context ctx;
  std::mt19937_64 rng(5);
  std::vector<std::string> roads;
  for (int i = 0; i < 10; ++i) roads.push_back(random_road(rng, 50, 5000));
  SharedLayer layer = test::wkt_layer(ctx, roads);
  const auto shared = index_facets(layer, ctx);
  LocalLayer own(layer, ctx), with_shared(layer, ctx, shared.get());
  CHECK(&with_shared.facets() == shared.get());
  std::uniform_real_distribution<double> u(0, 5000);
  for (int j = 0; j < 100; ++j) {
    auto site = geos::from_wkt(ctx, "POINT (" + std::to_string(u(rng)) + " " + std::to_string(u(rng)) + ")");
    CHECK(own.nearest(*site).index == with_shared.nearest(*site).index);
    CHECK(own.nearest(*site).distance == with_shared.nearest(*site).distance);
  }
}
