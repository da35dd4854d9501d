// Vector ingest: every supported format, layer choice, filters, CRS handling, geometry repair.
// Expected positions come from GDAL's gdaltransform run by the test, never from oremap.
#include "stages/sources/vector_source.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <sstream>

#include "../../test_support.hpp"
#include "core/error.hpp"
#include "stages/sources/layer_open.hpp"

using namespace oremap;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using oremap::test::layer_spec;
using oremap::test::TempDir;
using oremap::test::write_text_file;

namespace {

// Three lon/lat points; (64, 29) is the reference point checked against gdaltransform.
const char* kPoints = R"({"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"name": "a", "value": 1}, "geometry": {"type": "Point", "coordinates": [64, 29]}},
  {"type": "Feature", "properties": {"name": "b", "value": 2}, "geometry": {"type": "Point", "coordinates": [65, 30]}},
  {"type": "Feature", "properties": {"name": "c", "value": 3}, "geometry": {"type": "Point", "coordinates": [66.5, 31.25]}}
]})";

struct Ingest {
  geos::Context ctx;
  std::ostringstream log_text;
  sources::VectorData read(const project::LayerSpec& spec, const Grid& grid = oremap::test::pakistan_grid()) {
    return sources::read_vector(spec, grid, ctx, Log(log_text, Verbosity::normal));
  }
  std::array<double, 2> xy(const sources::VectorFeature& f) const {
    double x = 0, y = 0;
    GEOSGeomGetX_r(ctx.get(), f.geometry.get(), &x);
    GEOSGeomGetY_r(ctx.get(), f.geometry.get(), &y);
    return {x, y};
  }
  double area(const sources::VectorFeature& f) const {
    double a = 0;
    GEOSArea_r(ctx.get(), f.geometry.get(), &a);
    return a;
  }
};

// The message of the InputError that reading `spec` throws.
std::string ingest_error(const project::LayerSpec& spec) {
  oremap::test::QuietGdalErrors quiet;
  Ingest in;
  try {
    in.read(spec);
  } catch (const InputError& e) {
    return e.what();
  }
  FAIL("read_vector did not throw");
  return "";
}

// (lon, lat) in UTM 42N according to GDAL's gdaltransform (traditional lon/lat order).
std::array<double, 2> utm42(double lon, double lat) {
  return oremap::test::gdaltransform("EPSG:4326", "EPSG:32642", lon, lat);
}

void check_at(const std::array<double, 2>& got, const std::array<double, 2>& expected) {
  CHECK(got[0] == Approx(expected[0]).epsilon(0).margin(0.001));  // 1 mm
  CHECK(got[1] == Approx(expected[1]).epsilon(0).margin(0.001));
}

}  // namespace

TEST_CASE("ingest reads the same points from GeoJSON, Shapefile, GeoPackage and FlatGeobuf", "[ingest]") {
  TempDir dir;
  write_text_file(dir.file("points.geojson"), kPoints);
  const std::array<double, 2> expected = utm42(64, 29);  // gdaltransform: 12670.410 3218311.259
  for (const char* name : {"points.geojson", "points.shp", "points.gpkg", "points.fgb"}) {
    INFO("format of " << name);
    if (std::string(name) != "points.geojson") oremap::test::ogr2ogr(dir.file(name), dir.file("points.geojson"));
    Ingest in;
    sources::VectorData data = in.read(layer_spec("pts", dir.file(name)));
    CHECK(data.id == "pts");
    CHECK(data.counts.read == 3);
    CHECK(data.counts.repaired == 0);
    CHECK(data.counts.skipped_empty == 0);
    REQUIRE(data.features.size() == 3);
    // FlatGeobuf's spatial index reorders features: find them by name.
    const int name_field = data.field_index("name"), value_field = data.field_index("value");
    REQUIRE(name_field >= 0);
    REQUIRE(value_field >= 0);
    std::map<std::string, const sources::VectorFeature*> by_name;
    for (const auto& f : data.features) by_name[f.values[name_field]] = &f;
    REQUIRE(by_name.size() == 3);
    REQUIRE(by_name.count("a") == 1);
    CHECK(by_name["b"]->values[value_field] == "2");
    check_at(in.xy(*by_name["a"]), expected);
  }
}

TEST_CASE("ingest keeps lon/lat order through reprojection: GeoJSON (64, 29) vs gdaltransform", "[ingest]") {
  TempDir dir;
  write_text_file(dir.file("p.geojson"), R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [64.0, 29.0]}}]})");
  Ingest in;
  sources::VectorData data = in.read(layer_spec("p", dir.file("p.geojson")));
  REQUIRE(data.features.size() == 1);
  // echo 64 29 | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32642 -> 12670.4100 3218311.2592;
  // swapped axes would put the point near lat 64 / lon 29, millions of metres away.
  check_at(in.xy(data.features[0]), utm42(64.0, 29.0));
}

TEST_CASE("ingest reads a CSV with lon/lat columns as EPSG:4326 lon/lat", "[ingest]") {
  TempDir dir;
  write_text_file(dir.file("sites.csv"), "name,lat,lon\nkoh,29.0,64.0\nsar,30.5,65.25\n");
  Ingest in;
  sources::VectorData data = in.read(layer_spec("sites", dir.file("sites.csv")));
  REQUIRE(data.features.size() == 2);
  // The coordinate columns become the geometry, not attributes.
  REQUIRE(data.fields.size() == 1);
  CHECK(data.fields[0].name == "name");
  CHECK(data.features[0].values[0] == "koh");
  check_at(in.xy(data.features[0]), utm42(64.0, 29.0));
  check_at(in.xy(data.features[1]), utm42(65.25, 30.5));
  sources::OpenedVector v = sources::open_vector(layer_spec("sites", dir.file("sites.csv")));
  CHECK(v.crs_origin == "CSV default (lon/lat, EPSG:4326)");
}

TEST_CASE("ingest reads a CSV with custom x/y columns and a declared crs", "[ingest]") {
  TempDir dir;
  write_text_file(dir.file("drill.csv"), "hole,east,north\nDH1,300000,3500000\n");
  project::LayerSpec spec = layer_spec("drill", dir.file("drill.csv"));
  spec.x = "east";
  spec.y = "north";
  spec.crs = "EPSG:32643";  // UTM 43N, so the point is reprojected into the zone 42 grid
  Ingest in;
  sources::VectorData data = in.read(spec);
  REQUIRE(data.features.size() == 1);
  CHECK(data.features[0].values[data.field_index("hole")] == "DH1");
  check_at(in.xy(data.features[0]), oremap::test::gdaltransform("EPSG:32643", "EPSG:32642", 300000, 3500000));
}

TEST_CASE("ingest refuses a CSV without coordinate columns", "[ingest]") {
  TempDir dir;
  write_text_file(dir.file("table.csv"), "name,score\nA,1\n");
  CHECK(ingest_error(layer_spec("table", dir.file("table.csv"))) ==
        "table (" + dir.file("table.csv") +
            "): CSV has no recognised coordinate columns; name them with x = \"<column>\" and y = \"<column>\"");
}

TEST_CASE("ingest decodes a CP1252 shapefile through its .cpg", "[ingest]") {
  TempDir dir;
  write_text_file(dir.file("towns.geojson"), R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "Café €5"}, "geometry": {"type": "Point", "coordinates": [64, 29]}}]})");
  // ogr2ogr writes the .dbf in CP1252 (é = 0xE9, € = 0x80) and a .cpg saying so
  oremap::test::ogr2ogr(dir.file("towns.shp"), dir.file("towns.geojson"), "-lco ENCODING=CP1252");
  REQUIRE(oremap::test::read_text_file(dir.file("towns.cpg")) == "CP1252");
  Ingest in;
  sources::VectorData data = in.read(layer_spec("towns", dir.file("towns.shp")));
  REQUIRE(data.features.size() == 1);
  CHECK(data.features[0].values[0] ==
        "Caf\xC3\xA9 \xE2\x82\xAC"
        "5");  // UTF-8 of é is C3 A9, of € E2 82 AC
}

TEST_CASE("ingest decodes a UTF-8 shapefile through its .cpg", "[ingest]") {
  TempDir dir;
  write_text_file(dir.file("towns.geojson"), R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "Zhob ژوب"}, "geometry": {"type": "Point", "coordinates": [69.4, 31.3]}}]})");
  oremap::test::ogr2ogr(dir.file("towns.shp"), dir.file("towns.geojson"), "-lco ENCODING=UTF-8");
  Ingest in;
  sources::VectorData data = in.read(layer_spec("towns", dir.file("towns.shp")));
  REQUIRE(data.features.size() == 1);
  CHECK(data.features[0].values[0] == "Zhob ژوب");
}

TEST_CASE("ingest applies encoding to a shapefile without .cpg", "[ingest]") {
  TempDir dir;
  write_text_file(dir.file("towns.geojson"), R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "Café"}, "geometry": {"type": "Point", "coordinates": [64, 29]}}]})");
  oremap::test::ogr2ogr(dir.file("towns.shp"), dir.file("towns.geojson"), "-lco ENCODING=CP1252");
  std::filesystem::remove(dir.file("towns.cpg"));
  project::LayerSpec spec = layer_spec("towns", dir.file("towns.shp"));
  spec.encoding = "CP1252";
  Ingest in;
  sources::VectorData data = in.read(spec);
  REQUIRE(data.features.size() == 1);
  CHECK(data.features[0].values[0] == "Caf\xC3\xA9");
}

TEST_CASE("ingest refuses a shapefile without .prj and names the file and the fix", "[ingest]") {
  TempDir dir;
  write_text_file(dir.file("p.geojson"), kPoints);
  oremap::test::ogr2ogr(dir.file("noprj.shp"), dir.file("p.geojson"));
  std::filesystem::remove(dir.file("noprj.prj"));
  const std::string message = ingest_error(layer_spec("old", dir.file("noprj.shp")));
  CHECK(message == "old (" + dir.file("noprj.shp") +
                       "): the layer has no CRS (a shapefile without .prj?); declare it in the project with "
                       "crs = \"EPSG:...\" on this layer");
  CHECK_THAT(message, Contains("noprj.shp") && Contains("crs = \"EPSG:"));
}

TEST_CASE("ingest reads a shapefile without .prj when crs is declared", "[ingest]") {
  TempDir dir;
  write_text_file(dir.file("p.geojson"), kPoints);
  oremap::test::ogr2ogr(dir.file("noprj.shp"), dir.file("p.geojson"));
  std::filesystem::remove(dir.file("noprj.prj"));
  project::LayerSpec spec = layer_spec("old", dir.file("noprj.shp"));
  spec.crs = "EPSG:4326";
  Ingest in;
  sources::VectorData data = in.read(spec);
  REQUIRE(data.features.size() == 3);
  check_at(in.xy(data.features[0]), utm42(64, 29));
  CHECK(sources::open_vector(spec).crs_origin == "override");
}

TEST_CASE("ingest of a two-layer GeoPackage needs layer and lists the names", "[ingest]") {
  TempDir dir;
  write_text_file(dir.file("p.geojson"), kPoints);
  const std::string gpkg = dir.file("two.gpkg");
  oremap::test::ogr2ogr(gpkg, dir.file("p.geojson"), "-nln deposits");
  oremap::test::ogr2ogr(gpkg, dir.file("p.geojson"), "-update -nln prospects -where \"value > 1\"");

  CHECK(ingest_error(layer_spec("geo", gpkg)) ==
        "geo (" + gpkg + "): the source holds 2 layers (deposits, prospects); choose one with layer = \"...\"");

  project::LayerSpec wrong = layer_spec("geo", gpkg);
  wrong.layer = "prospect";
  CHECK(ingest_error(wrong) == "geo (" + gpkg +
                                   "): no layer named 'prospect'; available layers: deposits, prospects; set layer = "
                                   "one of them");

  project::LayerSpec spec = layer_spec("geo", gpkg);
  spec.layer = "prospects";
  Ingest in;
  CHECK(in.read(spec).features.size() == 2);  // values 2 and 3
  spec.layer = "deposits";
  CHECK(in.read(spec).features.size() == 3);
}

TEST_CASE("ingest reads a KML placemark", "[ingest]") {
  TempDir dir;
  write_text_file(dir.file("mine.kml"), R"(<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
  <Placemark><name>Saindak</name><Point><coordinates>61.5847,29.2847</coordinates></Point></Placemark>
  <Placemark><name>Reko Diq</name><Point><coordinates>62.0519,29.1225</coordinates></Point></Placemark>
</Document></kml>
)");
  Ingest in;
  sources::VectorData data = in.read(layer_spec("mines", dir.file("mine.kml")));
  REQUIRE(data.features.size() == 2);
  CHECK(data.features[1].values[data.field_index("Name")] == "Reko Diq");
  check_at(in.xy(data.features[0]), utm42(61.5847, 29.2847));
}

TEST_CASE("ingest where filter keeps only matching features", "[ingest]") {
  TempDir dir;
  write_text_file(dir.file("p.geojson"), kPoints);
  project::LayerSpec spec = layer_spec("pts", dir.file("p.geojson"));
  spec.where = "value >= 2 AND name <> 'c'";  // only b
  Ingest in;
  sources::VectorData data = in.read(spec);
  CHECK(data.counts.read == 1);
  REQUIRE(data.features.size() == 1);
  CHECK(data.features[0].values[data.field_index("name")] == "b");
}

TEST_CASE("ingest rejects an invalid where filter", "[ingest]") {
  TempDir dir;
  write_text_file(dir.file("p.geojson"), kPoints);
  project::LayerSpec spec = layer_spec("pts", dir.file("p.geojson"));
  spec.where = "is_fold = 0";  // no such field
  const std::string message = ingest_error(spec);
  CHECK_THAT(message, StartsWith("pts (" + dir.file("p.geojson") + "): invalid where filter 'is_fold = 0': "));
  CHECK_THAT(message, Contains("is_fold"));  // GDAL's own reason names the field
  CHECK_THAT(message, Catch::Matchers::EndsWith("; use OGR SQL, e.g. where = \"is_fold = 0\""));
}

TEST_CASE("ingest where filter matching nothing is an error", "[ingest]") {
  TempDir dir;
  write_text_file(dir.file("p.geojson"), kPoints);
  project::LayerSpec spec = layer_spec("pts", dir.file("p.geojson"));
  spec.where = "value > 100";
  CHECK(ingest_error(spec) ==
        "pts (" + dir.file("p.geojson") +
            "): no usable features matching where = \"value > 100\"; check the file and the filter");
}

TEST_CASE("ingest repairs a bow-tie polygon with MakeValid", "[ingest]") {
  TempDir dir;
  // Coordinates in the grid CRS (metres), so areas are exact. The bow-tie's edges cross at (5, 5):
  // triangles (0 0, 5 5, 0 10) and (10 0, 5 5, 10 10), each 10 * 5 / 2 = 25 -> 50 in total.
  // The 10 x 10 square alongside is valid and must not be counted as repaired.
  write_text_file(dir.file("poly.geojson"), R"({"type": "FeatureCollection",
    "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32642"}},
    "features": [
      {"type": "Feature", "properties": {"kind": "bowtie"},
       "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]]}},
      {"type": "Feature", "properties": {"kind": "square"},
       "geometry": {"type": "Polygon", "coordinates": [[[20, 0], [30, 0], [30, 10], [20, 10], [20, 0]]]}}
    ]})");
  Ingest in;
  sources::VectorData data = in.read(layer_spec("geology", dir.file("poly.geojson")));
  CHECK(data.counts.read == 2);
  CHECK(data.counts.repaired == 1);
  REQUIRE(data.features.size() == 2);
  const GEOSGeometry* bowtie = data.features[0].geometry.get();
  CHECK(GEOSisValid_r(in.ctx.get(), bowtie) == 1);
  CHECK(GEOSGetNumGeometries_r(in.ctx.get(), bowtie) == 2);  // the two triangles
  CHECK(in.area(data.features[0]) == Approx(50.0).epsilon(0).margin(1e-9));
  CHECK(in.area(data.features[1]) == Approx(100.0).epsilon(0).margin(1e-9));  // 10 * 10
  CHECK_THAT(in.log_text.str(), Contains("geology: 1 invalid geometries repaired (GEOS MakeValid)"));
}

TEST_CASE("ingest keeps a repaired polygon a polygon, dropping a collapsed spike", "[ingest]") {
  TempDir dir;
  // A 10 x 10 square with a spike out to (15, 10) and back along the same line: invalid, and
  // GEOS's default repair would return the square plus the spike as a line. Area stays 100.
  write_text_file(dir.file("spike.geojson"), R"({"type": "FeatureCollection",
    "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32642"}},
    "features": [{"type": "Feature", "properties": {"kind": "spike"}, "geometry": {"type": "Polygon",
      "coordinates": [[[0, 0], [10, 0], [10, 10], [15, 10], [10, 10], [0, 10], [0, 0]]]}}]})");
  Ingest in;
  sources::VectorData data = in.read(layer_spec("blocks", dir.file("spike.geojson")));
  CHECK(data.counts.repaired == 1);
  REQUIRE(data.features.size() == 1);
  const GEOSGeometry* g = data.features[0].geometry.get();
  const int type = GEOSGeomTypeId_r(in.ctx.get(), g);
  CHECK((type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON));
  CHECK(GEOSisValid_r(in.ctx.get(), g) == 1);
  CHECK(in.area(data.features[0]) == Approx(100.0).epsilon(0).margin(1e-9));
}

TEST_CASE("ingest reads attribute text that is not UTF-8 as Latin-1, and says so", "[ingest]") {
  TempDir dir;
  // "Pe\xF1a" is "Peña" in Latin-1 (n with tilde = 0xF1), invalid as UTF-8; UTF-8 is "Pe\xC3\xB1a".
  write_text_file(dir.file("towns.csv"),
                  "name,x,y\nPe\xF1"
                  "a,500000,3000000\nQuetta,510000,3010000\n");
  project::LayerSpec spec = layer_spec("towns", dir.file("towns.csv"));
  spec.x = "x";
  spec.y = "y";
  spec.crs = "EPSG:32642";
  Ingest in;
  sources::VectorData data = in.read(spec);
  REQUIRE(data.features.size() == 2);
  CHECK(data.features[0].values[data.field_index("name")] ==
        "Pe\xC3\xB1"
        "a");
  CHECK(data.features[1].values[data.field_index("name")] == "Quetta");
  CHECK(data.counts.recoded == 1);
  CHECK_THAT(in.log_text.str(), Contains("1 attribute values are not UTF-8 and were read as Latin-1"));
}

TEST_CASE("ingest skips null and empty geometries and counts them", "[ingest]") {
  TempDir dir;
  write_text_file(dir.file("mixed.geojson"), R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"n": 1}, "geometry": {"type": "Point", "coordinates": [64, 29]}},
    {"type": "Feature", "properties": {"n": 2}, "geometry": null},
    {"type": "Feature", "properties": {"n": 3}, "geometry": {"type": "LineString", "coordinates": []}},
    {"type": "Feature", "properties": {"n": 4}, "geometry": {"type": "Point", "coordinates": [65, 30]}}
  ]})");
  Ingest in;
  sources::VectorData data = in.read(layer_spec("m", dir.file("mixed.geojson")));
  CHECK(data.counts.read == 4);
  CHECK(data.counts.skipped_empty == 2);  // the null one and LINESTRING EMPTY
  REQUIRE(data.features.size() == 2);
  CHECK(data.features[0].values[0] == "1");
  CHECK(data.features[1].values[0] == "4");
  CHECK_THAT(in.log_text.str(), Contains("m: 2 empty geometries skipped"));
}

TEST_CASE("ingest counts features outside the grid and warns when all are", "[ingest]") {
  TempDir dir;
  write_text_file(dir.file("p.geojson"), kPoints);
  // A 10 x 10 km grid around x 500 km, y 100 km: none of the Pakistani points fall in it.
  Ingest in;
  sources::VectorData data =
      in.read(layer_spec("pts", dir.file("p.geojson")), oremap::test::make_grid(32642, 500000, 100000, 1000, 10, 10));
  CHECK(data.features.size() == 3);
  CHECK(data.counts.outside_grid == 3);
  CHECK_THAT(in.log_text.str(),
             Contains("warning: pts (" + dir.file("p.geojson") + "): every feature lies outside the grid's extent"));
}

TEST_CASE("ingest names the path of a file GDAL cannot open", "[ingest]") {
  TempDir dir;
  write_text_file(dir.file("broken.geojson"), "{ not json");
  CHECK_THAT(ingest_error(layer_spec("bad", dir.file("broken.geojson"))),
             StartsWith("layer 'bad': " + dir.file("broken.geojson") + ": cannot open as vector data; "));
}
