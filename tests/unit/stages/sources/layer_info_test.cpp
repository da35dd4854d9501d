// What `inspect` reports per layer: driver, CRS, counts, fields, extents, raster statistics and
// the warnings a geologist must see. Extents in the grid CRS are checked against gdaltransform.
#include "stages/sources/layer_info.hpp"

#include <catch2/catch.hpp>

#include "../../test_support.hpp"

using namespace oremap;
using nlohmann::json;
using oremap::test::layer_spec;
using oremap::test::TempDir;
using oremap::test::write_text_file;

namespace {

// Three lon/lat points, all west of UTM 42's central meridian (69 E).
const char* kPoints = R"({"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"name": "a", "value": 1}, "geometry": {"type": "Point", "coordinates": [64, 29]}},
  {"type": "Feature", "properties": {"name": "b", "value": 2}, "geometry": {"type": "Point", "coordinates": [65, 30]}},
  {"type": "Feature", "properties": {"name": "c", "value": 3}, "geometry": {"type": "Point", "coordinates": [66.5, 31.25]}}
]})";

std::vector<std::string> warnings(const json& info) { return info["warnings"].get<std::vector<std::string>>(); }

}  // namespace

TEST_CASE("inspect describes a vector layer: driver, CRS, count, fields, extents", "[inspect]") {
  TempDir dir;
  write_text_file(dir.file("pts.geojson"), kPoints);
  json info = sources::layer_info(layer_spec("pts", dir.file("pts.geojson")), oremap::test::pakistan_grid());
  CHECK(info["id"] == "pts");
  CHECK(info["type"] == "vector");
  CHECK(info["driver"] == "GeoJSON");
  CHECK(info["layer"] == "pts");  // GeoJSON names its layer after the file
  CHECK(info["crs"]["epsg"] == 4326);
  CHECK(info["crs"]["origin"] == "file");
  CHECK(info["feature_count"] == 3);
  CHECK(info["geometry_type"] == "Point");
  CHECK(info["fields"] == json::parse(R"([{"name": "name", "type": "String"}, {"name": "value", "type": "Integer"}])"));
  CHECK(info["extent"].get<std::vector<double>>() ==
        std::vector<double>{64, 29, 66.5, 31.25});  // min/max of the points
  CHECK(warnings(info).empty());
  // West of the central meridian x grows toward it and y grows away from it, so the box's
  // extremes in UTM 42N are corners: xmin (64, 29), ymin (66.5, 29), xmax (66.5, 31.25), ymax (64, 31.25).
  const auto utm =
      oremap::test::gdaltransform("EPSG:4326", "EPSG:32642", {{64, 29}, {66.5, 29}, {66.5, 31.25}, {64, 31.25}});
  const std::vector<double> box = info["extent_in_grid_crs"].get<std::vector<double>>();
  CHECK(box[0] == Approx(utm[0][0]).epsilon(0).margin(0.001));  // 12670.410
  CHECK(box[1] == Approx(utm[1][1]).epsilon(0).margin(0.001));  // 3210562.573
  CHECK(box[2] == Approx(utm[2][0]).epsilon(0).margin(0.001));  // 261924.613
  CHECK(box[3] == Approx(utm[3][1]).epsilon(0).margin(0.001));  // 3468108.602
}

TEST_CASE("inspect counts features after the where filter and warns when none are left", "[inspect]") {
  TempDir dir;
  write_text_file(dir.file("pts.geojson"), kPoints);
  project::LayerSpec spec = layer_spec("pts", dir.file("pts.geojson"));
  spec.where = "value > 1";
  json info = sources::layer_info(spec, oremap::test::pakistan_grid());
  CHECK(info["where"] == "value > 1");
  CHECK(info["feature_count"] == 2);                                                             // b and c
  CHECK(info["extent"].get<std::vector<double>>() == std::vector<double>{65, 30, 66.5, 31.25});  // without a
  spec.where = "value > 100";
  info = sources::layer_info(spec, oremap::test::pakistan_grid());
  CHECK(info["feature_count"] == 0);
  CHECK(warnings(info) == std::vector<std::string>{"the layer is empty after where = \"value > 100\""});
  CHECK_FALSE(info.contains("extent"));
}

TEST_CASE("inspect warns about a layer that misses the grid", "[inspect]") {
  TempDir dir;
  write_text_file(dir.file("pts.geojson"), kPoints);
  // 10 x 10 km at x 500..510 km, y 90..100 km: near the equator, far from the points
  json info = sources::layer_info(layer_spec("pts", dir.file("pts.geojson")),
                                  oremap::test::make_grid(32642, 500000, 100000, 1000, 10, 10));
  CHECK(warnings(info) ==
        std::vector<std::string>{"no overlap with the grid: the layer lies entirely outside it; check its CRS"});
}

TEST_CASE("inspect reports an unreadable layer as an error entry instead of throwing", "[inspect]") {
  TempDir dir;
  write_text_file(dir.file("bad.geojson"), "{ not json");
  oremap::test::QuietGdalErrors quiet;
  json info = sources::layer_info(layer_spec("bad", dir.file("bad.geojson")), oremap::test::pakistan_grid());
  REQUIRE(info.contains("error"));
  CHECK_THAT(info["error"].get<std::string>(),
             Catch::Matchers::StartsWith("layer 'bad': " + dir.file("bad.geojson") + ": cannot open"));
}

TEST_CASE("inspect describes a raster: size, band, type, nodata, pixel size, min/max, extent", "[inspect]") {
  TempDir dir;
  // 4 x 3 pixels of 0.1 degree from (64 E, 29.3 N), values 1..12 row by row, 12 replaced by nodata
  std::vector<double> v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -9999};
  oremap::test::write_geotiff(dir.file("r.tif"), 4, 3, 64, 29.3, 0.1, {{v, -9999.0}, {std::vector<double>(12, 0)}});
  project::LayerSpec spec = layer_spec("r", dir.file("r.tif"), "raster");
  json info = sources::layer_info(spec, oremap::test::pakistan_grid());
  CHECK(info["driver"] == "GTiff");
  CHECK(info["crs"]["epsg"] == 4326);
  CHECK(info["size"] == json::array({4, 3}));
  CHECK(info["bands"] == 2);
  CHECK(info["band"] == 1);
  CHECK(info["data_type"] == "Float32");
  CHECK(info["nodata"] == -9999.0);
  CHECK(info["pixel_size"][0] == Approx(0.1).epsilon(0).margin(1e-9));
  CHECK(info["pixel_size"][1] == Approx(0.1).epsilon(0).margin(1e-9));
  CHECK(info["min_max"] == json::array({1.0, 11.0}));  // 12 is nodata
  // extent: x 64 .. 64 + 4 * 0.1, y 29.3 - 3 * 0.1 .. 29.3
  const std::vector<double> e = info["extent"].get<std::vector<double>>();
  CHECK(e[0] == Approx(64.0).epsilon(0).margin(1e-9));
  CHECK(e[1] == Approx(29.0).epsilon(0).margin(1e-9));
  CHECK(e[2] == Approx(64.4).epsilon(0).margin(1e-9));
  CHECK(e[3] == Approx(29.3).epsilon(0).margin(1e-9));
  CHECK(warnings(info).empty());
}

TEST_CASE("inspect warns about a raster band that is all nodata", "[inspect]") {
  TempDir dir;
  oremap::test::write_geotiff(dir.file("empty.tif"), 2, 2, 64, 29.3, 0.1, {{std::vector<double>(4, -1.0), -1.0}});
  oremap::test::QuietGdalErrors quiet;  // GDAL reports the failed min/max computation
  json info = sources::layer_info(layer_spec("empty", dir.file("empty.tif"), "raster"), oremap::test::pakistan_grid());
  CHECK_FALSE(info.contains("min_max"));
  CHECK(warnings(info) == std::vector<std::string>{"every cell is nodata"});
}

TEST_CASE("inspect grid_info gives the grid's CRS, size and extent", "[inspect]") {
  const Grid grid = oremap::test::make_grid(32642, 500000, 3311000, 1000, 21, 11);
  json info = sources::grid_info(grid);
  CHECK(info["crs"]["epsg"] == 32642);
  CHECK(info["crs"]["name"] == "WGS 84 / UTM zone 42N");
  CHECK(info["cols"] == 21);
  CHECK(info["rows"] == 11);
  CHECK(info["extent"] == json::array({500000.0, 3300000.0, 521000.0, 3311000.0}));  // 3311000 - 11 * 1000
  // The grid's west edge is UTM 42's central meridian, 69 E (gdaltransform -s_srs EPSG:32642: 500000 y -> 69 E)
  CHECK(info["extent_lonlat"][0].get<double>() == Approx(69.0).epsilon(0).margin(1e-9));
}
