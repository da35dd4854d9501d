// The analysis grid: extent from a bbox or a layer, buffer, snapping, UTM auto-pick, refusals.
#include "stages/sources/grid_builder.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "../../test_support.hpp"
#include "grid_fixture.hpp"

using namespace oremap;
using oremap::test::TempDir;

using oremap::test::bbox_project;
using oremap::test::build;
using oremap::test::grid_error;

TEST_CASE("grid from a bbox in the grid CRS snaps outward to the cell size", "[grid]") {
  // x 500123..520001 -> floor(500.123) = 500, ceil(520.001) = 521 km: 21 columns
  // y 3300456..3310999 -> floor(3300.456) = 3300, ceil(3310.999) = 3311 km: 11 rows
  Grid g = build(bbox_project({500123, 3300456, 520001, 3310999}, "EPSG:32642", 1000, "EPSG:32642"));
  CHECK(g.epsg == 32642);
  CHECK(g.crs_name == "WGS 84 / UTM zone 42N");
  CHECK(g.xmin == 500000);
  CHECK(g.ymax == 3311000);
  CHECK(g.xmax() == 521000);
  CHECK(g.ymin() == 3300000);
  CHECK(g.cols == 21);
  CHECK(g.rows == 11);
  CHECK(g.geotransform() == std::array<double, 6>{500000, 1000, 0, 3311000, 0, -1000});
}

TEST_CASE("grid from a bbox already on cell multiples keeps it exactly", "[grid]") {
  // 10 km x 5 km on whole kilometres: no extra row or column
  Grid g = build(bbox_project({500000, 3300000, 510000, 3305000}, "EPSG:32642", 1000, "EPSG:32642"));
  CHECK(g.xmin == 500000);
  CHECK(g.ymax == 3305000);
  CHECK(g.cols == 10);
  CHECK(g.rows == 5);
}

TEST_CASE("grid extent is whole multiples of a non-round cell size", "[grid]") {
  // cell 250 m: xmin floor(500123/250)=2000 -> 500000; xmax ceil(520001/250)=2081 -> 520250
  //             ymin floor(3300456/250)=13201 -> 3300250; ymax ceil(3310999/250)=13244 -> 3311000
  // cols (520250-500000)/250 = 81, rows (3311000-3300250)/250 = 43
  Grid g = build(bbox_project({500123, 3300456, 520001, 3310999}, "EPSG:32642", 250, "EPSG:32642"));
  CHECK(g.xmin == 500000);
  CHECK(g.ymax == 3311000);
  CHECK(g.cols == 81);
  CHECK(g.rows == 43);
  CHECK(std::fmod(g.xmin, 250.0) == 0.0);
  CHECK(std::fmod(g.ymax, 250.0) == 0.0);
  CHECK(std::fmod(g.xmax(), 250.0) == 0.0);
  CHECK(std::fmod(g.ymin(), 250.0) == 0.0);
}

TEST_CASE("grid from a lon/lat bbox is PROJ's transform of the bbox, snapped outward", "[grid]") {
  // bbox lon 66.5..71.5, lat 24.5..35.5 is symmetric about UTM 42's central meridian (69 E), so in
  // EPSG:32642 x is extreme at the southern corners (x spreads most at low latitude), y is lowest at
  // (69, 24.5) on the central meridian (parallels curve poleward away from it) and highest at the
  // northern corners. Those points, transformed by gdaltransform now:
  const auto utm =
      oremap::test::gdaltransform("EPSG:4326", "EPSG:32642", {{66.5, 24.5}, {71.5, 24.5}, {69.0, 24.5}, {71.5, 35.5}});
  const double xmin = utm[0][0];  // 246661.29
  const double xmax = utm[1][0];  // 753338.71
  const double ymin = utm[2][1];  // 2709585.31
  const double ymax = utm[3][1];  // 3931367.30
  Grid g = build(bbox_project({66.5, 24.5, 71.5, 35.5}, "EPSG:4326", 1000, "EPSG:32642"));
  CHECK(g.xmin == std::floor(xmin / 1000) * 1000);    // 246000
  CHECK(g.ymax == std::ceil(ymax / 1000) * 1000);     // 3932000
  CHECK(g.xmax() == std::ceil(xmax / 1000) * 1000);   // 754000
  CHECK(g.ymin() == std::floor(ymin / 1000) * 1000);  // 2709000
  CHECK(g.cols == 508);                               // (754000 - 246000) / 1000
  CHECK(g.rows == 1223);                              // (3932000 - 2709000) / 1000
}

TEST_CASE("grid from a vector layer's extent plus buffer", "[grid]") {
  TempDir dir;
  // Three points in UTM 42N; the where filter drops the far one at (900000, 3900000).
  oremap::test::write_text_file(dir.file("sites.geojson"), R"({"type": "FeatureCollection",
    "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32642"}},
    "features": [
      {"type": "Feature", "properties": {"keep": 1}, "geometry": {"type": "Point", "coordinates": [400250, 3200750]}},
      {"type": "Feature", "properties": {"keep": 1}, "geometry": {"type": "Point", "coordinates": [410500, 3215100]}},
      {"type": "Feature", "properties": {"keep": 0}, "geometry": {"type": "Point", "coordinates": [900000, 3900000]}}
    ]})");
  project::Project p;
  p.grid.crs = "EPSG:32642";
  p.grid.cell_size = 1000;
  p.grid.extent_layer = "sites";
  p.grid.buffer = 2000;
  p.layers.push_back(oremap::test::layer_spec("sites", dir.file("sites.geojson")));
  p.layers.back().where = "keep = 1";
  // extent [400250, 3200750, 410500, 3215100] + 2000 = [398250, 3198750, 412500, 3217100]
  // snapped: [398000, 3198000, 413000, 3218000] -> 15 x 20 cells
  Grid g = build(p);
  CHECK(g.xmin == 398000);
  CHECK(g.ymax == 3218000);
  CHECK(g.cols == 15);
  CHECK(g.rows == 20);
}

TEST_CASE("grid from a raster layer's extent", "[grid]") {
  TempDir dir;
  // 10 x 5 pixels of 1 km from (400500, 3300250): x 400500..410500, y 3295250..3300250
  oremap::test::run_ok(
      "gdal_create -q -of GTiff -outsize 10 5 -a_srs EPSG:32642 -a_ullr 400500 3300250 410500 3295250 " +
      oremap::test::shell_quote(dir.file("r.tif")));
  project::Project p;
  p.grid.crs = "EPSG:32642";
  p.grid.cell_size = 1000;
  p.grid.extent_layer = "r";
  p.layers.push_back(oremap::test::layer_spec("r", dir.file("r.tif"), "raster"));
  SECTION("on the raster's own lattice by default") {
    // The raster is in the grid's CRS with 1 km pixels: its pixels are the cells, 10 x 5.
    Grid g = build(p);
    CHECK(g.xmin == 400500);
    CHECK(g.ymax == 3300250);
    CHECK(g.cols == 10);
    CHECK(g.rows == 5);
  }
  SECTION("on whole kilometres with align = \"cell\"") {
    p.grid.align_to = "cell";
    // snapped: [400000, 3295000, 411000, 3301000] -> 11 x 6 cells
    Grid g = build(p);
    CHECK(g.xmin == 400000);
    CHECK(g.ymax == 3301000);
    CHECK(g.cols == 11);
    CHECK(g.rows == 6);
  }
}

TEST_CASE("utm_epsg: zone from longitude, 326zz north and 327zz south", "[grid]") {
  CHECK(sources::utm_epsg(69.5, 30) == 32642);  // floor((69.5 + 180) / 6) + 1 = 41 + 1
  CHECK(sources::utm_epsg(-47, -23) == 32723);  // floor(133 / 6) + 1 = 22 + 1, south
  CHECK(sources::utm_epsg(66.0, 10) == 32642);  // 66 E starts zone 42: 246 / 6 = 41 exactly
  CHECK(sources::utm_epsg(65.999, 10) == 32641);
  CHECK(sources::utm_epsg(0.0, 0.0) == 32631);  // the equator counts as north
  CHECK(sources::utm_epsg(-180, 5) == 32601);
  CHECK(sources::utm_epsg(180, -5) == 32760);  // 360 / 6 + 1 = 61, clamped to 60
}

TEST_CASE("grid without crs picks the UTM zone of the centre and logs it", "[grid]") {
  // bbox lon 68..71, lat 29..31: centre (69.5, 30) -> zone 42 north
  std::string log;
  Grid g = build(bbox_project({68, 29, 71, 31}, "EPSG:4326", 1000, std::nullopt), &log);
  CHECK(g.epsg == 32642);
  CHECK(g.crs_name == "WGS 84 / UTM zone 42N");
  CHECK_THAT(log, Catch::Matchers::Contains("using EPSG:32642 (WGS 84 / UTM zone 42N)"));
  CHECK_THAT(log, Catch::Matchers::Contains("(69.5, 30)"));
}

TEST_CASE("grid without crs in the southern hemisphere picks a 327zz zone", "[grid]") {
  // bbox lon -48..-46, lat -24..-22: centre (-47, -23) -> zone floor(133 / 6) + 1 = 23 south
  std::string log;
  Grid g = build(bbox_project({-48, -24, -46, -22}, "EPSG:4326", 1000, std::nullopt), &log);
  CHECK(g.epsg == 32723);
  CHECK(g.crs_name == "WGS 84 / UTM zone 23S");
  CHECK_THAT(log, Catch::Matchers::Contains("using EPSG:32723 (WGS 84 / UTM zone 23S)"));
}

TEST_CASE("grid refuses a geographic CRS", "[grid]") {
  CHECK(grid_error(bbox_project({68, 29, 71, 31}, "EPSG:4326", 1000, "EPSG:4326")) ==
        "grid.crs: EPSG:4326 (WGS 84) is not projected; use a projected CRS in metres such as a UTM zone");
}

TEST_CASE("grid refuses a projected CRS in feet", "[grid]") {
  // EPSG:2277 is in US survey feet (projinfo EPSG:2277: LENGTHUNIT["US survey foot",0.304800609601219])
  CHECK(grid_error(bbox_project({-98, 30, -97, 31}, "EPSG:4326", 1000, "EPSG:2277")) ==
        "grid.crs: EPSG:2277 (NAD83 / Texas Central (ftUS)) is not in metres; cell_size and distances are "
        "metres: use a metric CRS");
}
