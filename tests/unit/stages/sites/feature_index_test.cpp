// Geometry helpers of site scoring: reading GEOS predicate results.
#include "stages/sites/feature_index.hpp"

#include <catch2/catch.hpp>

#include "core/error.hpp"

using namespace oremap;
using namespace oremap::sites;
using Catch::Matchers::Contains;

TEST_CASE("GEOS predicate results: 1 true, 0 false, 2 (a GEOS exception) throws", "[sites]") {
  geos::Context ctx;
  CHECK(predicate(ctx, 1, "intersects"));
  CHECK_FALSE(predicate(ctx, 0, "intersects"));
  CHECK_THROWS_AS(predicate(ctx, 2, "intersects"), LibraryError);
  CHECK_THROWS_WITH(predicate(ctx, 2, "touches"), Contains("GEOS touches failed"));
}

TEST_CASE("a GEOS predicate that fails reports GEOS's message", "[sites]") {
  geos::Context ctx;
  // A collection of two overlapping squares is an invalid areal geometry: GEOS 3.11 relate throws
  // a TopologyException ("side location conflict") and the _r predicate returns 2.
  geos::GeometryPtr bad = geos::from_wkt(
      ctx, "GEOMETRYCOLLECTION (POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0)), POLYGON ((5 5, 15 5, 15 15, 5 15, 5 5)))");
  geos::GeometryPtr point = geos::from_wkt(ctx, "POINT (5 5)");
  geos::PreparedPtr prepared = geos::prepare(ctx, *bad);
  const char r = GEOSPreparedCovers_r(ctx.get(), prepared.get(), point.get());
  REQUIRE(r == 2);
  CHECK_THROWS_WITH(predicate(ctx, r, "covers"), Contains("GEOS covers failed: ") && Contains("TopologyException"));
}
