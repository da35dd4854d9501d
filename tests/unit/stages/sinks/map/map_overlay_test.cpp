// Vector layers for the map: infrastructure classes guessed from attributes and ids, GEOS
// geometries (inline WKT) flattened to shapes, and layers read and buffered in the grid CRS.
#include <catch2/catch.hpp>

#include "map_fixture.hpp"
#include "stages/sinks/map/overlay.hpp"

using namespace oremap;
using namespace oremap::sinks;
using namespace oremap::sinks::map;

TEST_CASE("infrastructure classes come from class attributes or layer ids", "[map]") {
  struct Case {
    const char* text;
    std::optional<InfraClass> expected;
  };
  const Case cases[] = {
      {"motorway", InfraClass::motorway},
      {"national_highway", InfraClass::road},
      {"railway", InfraClass::railway},
      {"Railroad", InfraClass::railway},  // not a road
      {"transmission_500kv", InfraClass::power},
      {"power", InfraClass::power},
      {"gas_pipeline", InfraClass::pipeline},
      {"airports", InfraClass::airport},  // not a port
      {"Port", InfraClass::port},
      {"Populated place", InfraClass::town},
      {"towns", InfraClass::town},
      {"primary", InfraClass::road},
      {"parks", std::nullopt},
      {"", std::nullopt},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    CHECK(classify_infrastructure(c.text) == c.expected);
  }
}

TEST_CASE("geometries flatten into shapes of one kind each", "[map]") {
  geos::Context ctx;
  std::vector<Shape> shapes;
  append_shapes(ctx,
                *geos::from_wkt(ctx,
                                "GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 3 4, 5 5), "
                                "MULTIPOLYGON(((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 2)), "
                                "((20 20, 21 20, 21 21, 20 20))))"),
                shapes);
  REQUIRE(shapes.size() == 4);
  CHECK(shapes[0].kind == ShapeKind::point);
  CHECK(shapes[0].parts == std::vector<Coords>{{{1, 2}}});
  CHECK(shapes[1].kind == ShapeKind::line);
  CHECK(shapes[1].parts == std::vector<Coords>{{{0, 0}, {3, 4}, {5, 5}}});
  CHECK(shapes[2].kind == ShapeKind::polygon);
  REQUIRE(shapes[2].parts.size() == 2);  // exterior ring and one hole
  CHECK(shapes[2].parts[1] == Coords{{2, 2}, {4, 2}, {4, 4}, {2, 2}});
  CHECK(shapes[3].kind == ShapeKind::polygon);
}

TEST_CASE("overlays are read in the grid CRS, classed per feature, and buffered", "[map]") {
  test::MapFixture f;
  test::write_text_file(
      f.dir.file("infra.geojson"),
      test::feature_collection({{test::geo_line({{400000, 3010000}, {440000, 3010000}}), "\"class\":\"motorway\""},
                                {test::geo_line({{400000, 3020000}, {440000, 3020000}}), "\"class\":\"unknown\""},
                                {test::geo_point(420000, 3015000), "\"class\":\"town\",\"name\":\"Town\""}}));
  const project::LayerSpec spec = test::layer_spec("rail_lines", f.dir.file("infra.geojson"));
  project::LayerSpec with_crs = spec;
  with_crs.crs = "EPSG:32642";
  const Overlay o = load_overlay(with_crs, f.grid, f.log, 0, true);
  REQUIRE(o.shapes.size() == 3);
  CHECK(o.shapes[0].cls == InfraClass::motorway);
  CHECK(o.shapes[1].cls == InfraClass::railway);  // no class from "unknown": the layer id decides
  CHECK(o.shapes[2].cls == InfraClass::town);
  CHECK(o.shapes[2].name == "Town");
  CHECK(o.shapes[0].parts[0].front()[0] == Approx(400000));
  // Forced class wins over attributes.
  const Overlay forced = load_overlay(with_crs, f.grid, f.log, 0, true, InfraClass::pipeline);
  CHECK(forced.shapes[0].cls == InfraClass::pipeline);
  // A 1 km buffer turns the point into a polygon of radius 1000 m.
  const Overlay buffered = load_overlay(with_crs, f.grid, f.log, 1000);
  REQUIRE(buffered.shapes.size() == 3);
  CHECK(buffered.shapes[2].kind == ShapeKind::polygon);
  double max_x = 0;
  for (const auto& p : buffered.shapes[2].parts[0]) max_x = std::max(max_x, p[0]);
  CHECK(max_x == Approx(421000));
}
