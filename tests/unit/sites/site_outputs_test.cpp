// The written site tables: RFC 7946 GeoJSON checked by two independent validators (npm) and by
// hand (ring orientation, lon/lat ranges, decimals, no crs, bbox), read back by ogrinfo; the
// same table as CSV and GeoPackage; the uncertainty and sensitivity tables.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "scoring_fixture.hpp"
#include "stages/sinks/site_geojson.hpp"
#include "stages/sites/feature_index.hpp"
#include "stages/sites/site_scoring.hpp"

using namespace oremap;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::ostringstream sink;
Log quiet_log(sink, Verbosity::quiet);

// Shoelace area of a GeoJSON ring: > 0 for counter-clockwise.
double signed_area(const json& ring) {
  double a = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i)
    a += ring[i][0].get<double>() * ring[i + 1][1].get<double>() -
         ring[i + 1][0].get<double>() * ring[i][1].get<double>();
  return a / 2;
}

void check_position(const json& p, int decimals) {
  REQUIRE(p.size() == 2);
  const double lon = p[0].get<double>(), lat = p[1].get<double>();
  CHECK(lon >= -180.0);
  CHECK(lon <= 180.0);
  CHECK(lat >= -90.0);
  CHECK(lat <= 90.0);
  const double scale = std::pow(10.0, decimals);
  CHECK(std::abs(lon * scale - std::round(lon * scale)) < 1e-6);
  CHECK(std::abs(lat * scale - std::round(lat * scale)) < 1e-6);
}

void check_polygon(const json& rings, int decimals) {
  for (std::size_t r = 0; r < rings.size(); ++r) {
    CHECK(rings[r].front() == rings[r].back());
    if (r == 0)
      CHECK(signed_area(rings[r]) > 0);  // exterior counter-clockwise (RFC 7946 3.1.6)
    else
      CHECK(signed_area(rings[r]) < 0);  // holes clockwise
    for (const auto& p : rings[r]) check_position(p, decimals);
  }
}

// Structure, coordinates and orientation of an RFC 7946 FeatureCollection, checked here.
void check_rfc7946(const json& doc, int decimals) {
  CHECK(doc["type"] == "FeatureCollection");
  CHECK_FALSE(doc.contains("crs"));
  REQUIRE(doc.contains("bbox"));
  CHECK(doc["bbox"].size() == 4);
  for (const auto& f : doc["features"]) {
    const json& g = f["geometry"];
    if (g["type"] == "Point")
      check_position(g["coordinates"], decimals);
    else if (g["type"] == "Polygon")
      check_polygon(g["coordinates"], decimals);
    else if (g["type"] == "MultiPolygon")
      for (const auto& poly : g["coordinates"]) check_polygon(poly, decimals);
    else
      FAIL("unexpected geometry type " << g["type"]);
  }
}

std::string node_validator() { return std::string(OREMAP_SOURCE_DIR) + "/tools/node/check-geojson.js"; }

bool node_available() {
  return test::run_command("command -v node").exit_code == 0 &&
         fs::exists(std::string(OREMAP_SOURCE_DIR) + "/tools/node/node_modules/@placemarkio/check-geojson");
}

struct Written {
  test::ScoringFixture f;
  fs::path out = f.dir.path() / "out";
  Written() {
    project::Project p = f.load();
    RunContext ctx = test::ScoringFixture::context(p, f.grid, quiet_log, f.cu_model, 2);
    sites::score_sites(ctx);
  }
};

}  // namespace

TEST_CASE("site GeoJSON follows RFC 7946 and lists sites by rank with every property", "[sites]") {
  Written w;
  const fs::path file = w.out / "sites_copper.geojson";
  REQUIRE(fs::exists(file));
  const json doc = json::parse(test::read_text_file(file));
  check_rfc7946(doc, 6);
  const json& features = doc["features"];
  REQUIRE(features.size() == 4);
  std::vector<std::string> ids;
  for (const auto& f : features) ids.push_back(f["properties"]["id"]);
  CHECK(ids == std::vector<std::string>{"S3", "S2", "S1", "S4"});
  const json& top = features[0]["properties"];
  CHECK(top["rank"] == 1);
  CHECK(top["commodity"] == "copper");
  CHECK(top["excluded"] == false);
  CHECK(top["score"].get<double>() == Approx(0.575).epsilon(1e-5));
  CHECK(top["road_dist_raw"].get<double>() == Approx(5000));
  CHECK(top["road_dist_unit"] == "m");
  CHECK(top["road_dist_feature"] == "N-5");
  CHECK(top["road_dist_score"].get<double>() == Approx(0.875));
  CHECK(top["road_dist_weight"].get<double>() == Approx(3.0 / 11));
  CHECK(top["road_dist_contribution"].get<double>() == Approx(3.0 / 11 * 0.875));
  for (const char* key : {"name", "reasons", "penalties", "flags", "rank_mean", "rank_p05", "rank_p95", "p_top2"})
    CHECK(top.contains(key));
  const json& excluded = features[3]["properties"];
  CHECK(excluded["rank"].is_null());
  CHECK(excluded["excluded"] == true);
  CHECK(excluded["reasons"] == "in_park: inside 'Park One'");
  // The polygon site back in lon/lat: x 440..446 km, y 3005..3011 km of UTM 42N lie near 68.4 E, 27.2 N.
  const json& poly = features[0]["geometry"];
  CHECK(poly["type"] == "Polygon");
  CHECK(poly["coordinates"][0][0][0].get<double>() == Approx(68.39).margin(0.05));
  CHECK(poly["coordinates"][0][0][1].get<double>() == Approx(27.16).margin(0.05));
}

TEST_CASE("site GeoJSON passes independent validators (npm) and round-trips through ogrinfo", "[sites]") {
  Written w;
  const fs::path copper = w.out / "sites_copper.geojson", gold = w.out / "sites_gold.geojson";
  if (node_available()) {
    test::CommandResult r =
        test::run_command("node " + test::shell_quote(node_validator()) + " " + test::shell_quote(copper.string()) +
                          " " + test::shell_quote(gold.string()));
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
  } else {
    WARN("node or tools/node/node_modules missing: run tools/setup-node; the npm GeoJSON validators were skipped");
  }
  const std::string info = test::run_ok("ogrinfo -ro -al -so " + test::shell_quote(copper.string()));
  CHECK_THAT(info, Catch::Matchers::Contains("Feature Count: 4"));
  CHECK_THAT(info, Catch::Matchers::Contains("ID[\"EPSG\",4326]"));
  CHECK_THAT(info, Catch::Matchers::Contains("road_dist_raw: Real"));
  const std::string rank1 =
      test::run_ok("ogrinfo -ro -al -q -where \"rank = 1\" " + test::shell_quote(copper.string()));
  CHECK_THAT(rank1, Catch::Matchers::Contains("name (String) = Charlie"));
  CHECK_THAT(rank1, Catch::Matchers::Contains("governance_feature (String) = East 100 %"));
  const std::string html = test::run_ok("ogrinfo -ro -al -q -where \"rank = 3\" " + test::shell_quote(gold.string()));
  CHECK_THAT(html, Catch::Matchers::Contains("name (String) = <img src=x onerror=alert(1)>"));
}

TEST_CASE("the validators reject a clockwise polygon (they are not no-ops)", "[sites]") {
  if (!node_available()) {
    WARN("node or tools/node/node_modules missing: run tools/setup-node; skipped");
    return;
  }
  test::TempDir dir;
  test::write_text_file(dir.file("cw.geojson"),
                        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},)"
                        R"("geometry":{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}}]})");
  test::CommandResult r =
      test::run_command("node " + test::shell_quote(node_validator()) + " " + dir.file("cw.geojson"));
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Matchers::Contains("right-hand rule"));
}

TEST_CASE("site CSV and GeoPackage carry the same table; uncertainty and sensitivity tables", "[sites]") {
  Written w;
  const std::string csv = test::read_text_file(w.out / "sites_copper.csv");
  std::istringstream lines(csv);
  std::string header;
  std::getline(lines, header);
  CHECK(header.rfind("id,name,commodity,rank,score,excluded,reasons,penalties,penalty_factor,flags,rank_mean,"
                     "rank_p05,rank_p95,p_top2,road_dist_raw,road_dist_unit,road_dist_feature,road_dist_score,",
                     0) == 0);
  CHECK(header.size() > 4);
  CHECK(header.substr(header.size() - 12) == ",x,y,lon,lat");
  std::string first;
  std::getline(lines, first);
  CHECK(first.rfind("S3,Charlie,copper,1,", 0) == 0);

  const std::string gpkg =
      test::run_ok("ogrinfo -ro -so " + test::shell_quote((w.out / "sites.gpkg").string()) + " sites_copper");
  CHECK_THAT(gpkg, Catch::Matchers::Contains("Feature Count: 4"));
  CHECK_THAT(gpkg, Catch::Matchers::Contains("ID[\"EPSG\",32642]"));
  const std::string layers = test::run_ok("ogrinfo -ro -q " + test::shell_quote((w.out / "sites.gpkg").string()));
  CHECK_THAT(layers, Catch::Matchers::Contains("sites_gold"));

  const std::string unc = test::read_text_file(w.out / "sites_copper_uncertainty.csv");
  CHECK(unc.rfind("id,name,rank,score,excluded,rank_mean,rank_p05,rank_p95,p_top2,road_dist_minus20,road_dist_plus20,",
                  0) == 0);
  const std::string sens = test::read_text_file(w.out / "sites_copper_sensitivity.csv");
  CHECK(sens.rfind("criterion,direction,weight,new_weight,sites_changed,max_rank_change,mean_abs_rank_change,"
                   "top_k_unchanged,rank1_id\n",
                   0) == 0);
  CHECK_THAT(sens, Catch::Matchers::Contains("road_dist,-20 %,"));
  // Nothing temporary is left behind.
  for (const auto& e : fs::directory_iterator(w.out)) CHECK(e.path().string().find(".tmp") == std::string::npos);
}

TEST_CASE("site outputs are byte-identical when written twice", "[sites]") {
  Written a, b;
  for (const char* name :
       {"sites_copper.geojson", "sites_gold.csv", "sites_copper_uncertainty.csv", "sites_copper_sensitivity.csv"})
    CHECK(test::read_text_file(a.out / name) == test::read_text_file(b.out / name));
}

TEST_CASE("site GeoJSON sink: clockwise input rings come out counter-clockwise, holes clockwise", "[sites]") {
  // One polygon site with a hole, both rings given the wrong way round (exterior clockwise),
  // in UTM 42N; written straight through the sink.
  geos::Context ctx;
  auto polygon = geos::from_wkt(ctx,
                                "POLYGON ((400000 3000000, 400000 3010000, 410000 3010000, 410000 3000000, "
                                "400000 3000000), (402000 3002000, 408000 3002000, 408000 3008000, 402000 3008000, "
                                "402000 3002000))");
  sites::CommodityResult r;
  r.commodity = "gold";
  r.top_k = 3;
  sites::SiteRow row;
  row.id = "H1";
  row.name = "holed";
  row.wkb = sites::to_wkb(ctx, *polygon);
  row.rank = 1;
  row.rank_mean = 1;
  row.rank_p05 = row.rank_p95 = 1;
  row.p_top = 1;
  r.rows.push_back(row);
  test::TempDir dir;
  const fs::path file = dir.path() / "sites_gold.geojson";
  sinks::write_sites_geojson(file, r, test::make_grid(32642, 400000, 3040000, 1000, 60, 40), 5);
  const json doc = json::parse(test::read_text_file(file));
  check_rfc7946(doc, 5);
  const json& rings = doc["features"][0]["geometry"]["coordinates"];
  REQUIRE(rings.size() == 2);
  CHECK(signed_area(rings[0]) > 0);
  CHECK(signed_area(rings[1]) < 0);
  if (node_available()) {
    test::CommandResult v =
        test::run_command("node " + test::shell_quote(node_validator()) + " " + test::shell_quote(file.string()));
    INFO(v.out);
    CHECK(v.exit_code == 0);
  } else {
    WARN("node or tools/node/node_modules missing: run tools/setup-node; the npm GeoJSON validators were skipped");
  }
}
