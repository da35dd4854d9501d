// The written site tables: RFC 7946 GeoJSON checked by two independent validators (npm) and by
// hand (ring orientation, lon/lat ranges, decimals, no crs, bbox), read back by ogrinfo; the
// same table as CSV and GeoPackage; the uncertainty and sensitivity tables.
#include <ogrsf_frmts.h>
#include <signal.h>
#include <sys/resource.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../../sites/scoring_fixture.hpp"
#include "core/error.hpp"
#include "gdal/handles.hpp"
#include "stages/pipeline.hpp"
#include "stages/sinks/site_tables/csv.hpp"
#include "stages/sinks/site_tables/geojson.hpp"
#include "stages/sinks/site_tables/gpkg.hpp"
#include "stages/sites/feature_index.hpp"
#include "stages/sites/sensitivity_summary.hpp"

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
    run_site_stages(ctx);
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
  CHECK(excluded["status"] == "excluded");
  CHECK(top["status"] == "ranked");
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
  CHECK(header.rfind("id,name,commodity,rank,status,score,excluded,reasons,penalties,penalty_factor,flags,rank_mean,"
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
  CHECK(unc.rfind(
            "id,name,rank,status,score,excluded,rank_mean,rank_p05,rank_p95,p_top2,road_dist_minus20,road_dist_plus20,",
            0) == 0);
  const std::string sens = test::read_text_file(w.out / "sites_copper_sensitivity.csv");
  CHECK(sens.rfind("criterion,direction,weight,new_weight,sites_changed,max_rank_change,mean_abs_rank_change,"
                   "top_k_unchanged,rank1_id\n",
                   0) == 0);
  CHECK_THAT(sens, Catch::Matchers::Contains("road_dist,-20 %,"));
  // No possible duplicates among the fixture's sites: the header only.
  CHECK(test::read_text_file(w.out / "sites_copper_duplicates.csv") == "group,id,name,distance_m,similarity,kept\n");
  // Nothing temporary is left behind.
  for (const auto& e : fs::directory_iterator(w.out)) CHECK(e.path().string().find(".tmp") == std::string::npos);
}

TEST_CASE("sites.gpkg carries QGIS's layer_styles: each layer's default style; a .qml beside each GeoJSON",
          "[sites][styles]") {
  Written w;
  gdal::DatasetPtr ds = gdal::open_dataset((w.out / "sites.gpkg").string(), GDAL_OF_VECTOR);
  OGRLayer* styles = ds->GetLayerByName("layer_styles");
  REQUIRE(styles);
  CHECK(styles->GetGeomType() == wkbNone);
  CHECK(std::string(styles->GetFIDColumn()) == "id");
  // QGIS's columns, in its order.
  std::vector<std::string> columns;
  for (int i = 0; i < styles->GetLayerDefn()->GetFieldCount(); ++i)
    columns.push_back(styles->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
  CHECK(columns == std::vector<std::string>{"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column",
                                            "styleName", "styleQML", "styleSLD", "useAsDefault", "description", "owner",
                                            "ui", "update_time"});
  std::vector<std::string> tables;
  for (auto& f : *styles) {
    tables.push_back(f->GetFieldAsString("f_table_name"));
    CHECK(std::string(f->GetFieldAsString("f_table_catalog")) == "");
    CHECK(std::string(f->GetFieldAsString("f_geometry_column")) == "geom");
    CHECK(std::string(f->GetFieldAsString("styleName")) == "oremap ranking");
    CHECK(f->GetFieldAsInteger("useAsDefault") == 1);
    CHECK(std::string(f->GetFieldAsString("update_time")) == "2000/01/01 00:00:00+00");
    const std::string qml = f->GetFieldAsString("styleQML");
    CHECK_THAT(qml, Catch::Matchers::Contains("<renderer-v2 type=\"RuleRenderer\""));
    CHECK_THAT(qml, Catch::Matchers::Contains("filter=\"&quot;status&quot; = &#39;unranked&#39;"));
    CHECK_THAT(qml, Catch::Matchers::Contains("filter=\"&quot;status&quot; = &#39;excluded&#39;"));
    // The table's geometry column is the one QGIS looks the style up by.
    OGRLayer* sites = ds->GetLayerByName(tables.back().c_str());
    REQUIRE(sites);
    CHECK(std::string(sites->GetGeometryColumn()) == "geom");
  }
  CHECK(tables == std::vector<std::string>{"sites_copper", "sites_gold"});
  // The GeoJSON's own .qml: the same style.
  for (const char* name : {"sites_copper.qml", "sites_gold.qml"})
    CHECK_THAT(test::read_text_file(w.out / name), Catch::Matchers::Contains("<renderer-v2 type=\"RuleRenderer\""));
}

TEST_CASE("site outputs are byte-identical when written twice", "[sites]") {
  Written a, b;
  for (const char* name : {"sites_copper.geojson", "sites_copper.qml", "sites_gold.csv", "sites_copper_uncertainty.csv",
                           "sites_copper_sensitivity.csv", "sites.gpkg"})
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

namespace {

// Three point sites whose ids look like numbers and whose names a spreadsheet would run as
// formulas, except "-12.5", a plain number in a text column.
sites::CommodityResult spreadsheet_sites() {
  geos::Context ctx;
  sites::CommodityResult r;
  r.commodity = "copper";
  r.top_k = 3;
  r.criteria.push_back({"road", "distance", "m", "bounds [0, 50000], lower is better", 1, 1});
  r.sensitivity_criteria = {0};
  const std::vector<std::pair<std::string, std::string>> named = {
      {"007", "=HYPERLINK(\"http://x\",\"y\")"}, {"1E5", "-12.5"}, {"42", "@SUM(A1)"}};
  for (std::size_t i = 0; i < named.size(); ++i) {
    sites::SiteRow row;
    row.id = named[i].first;
    row.name = named[i].second;
    row.wkb = sites::to_wkb(ctx, *geos::from_wkt(ctx, "POINT (" + std::to_string(400500 + 1000 * i) + " 3000500)"));
    row.rank = static_cast<int>(i) + 1;
    row.score = 1.0 / row.rank;
    row.cells = {{1000.0 * row.rank, "N-5", 0.5, 0.5}};
    row.rank_minus = row.rank_plus = {row.rank};
    r.rows.push_back(row);
  }
  r.rows[2].flags = {"-x"};
  sites::summarise_sensitivity(r);
  return r;
}

std::vector<std::string> text_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Files may grow to `bytes` only, as on a full disk: writes beyond fail with EFBIG (SIGXFSZ
// ignored). GDAL's error messages are kept off the terminal. Restores everything when it ends.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    CPLPushErrorHandler(CPLQuietErrorHandler);
    getrlimit(RLIMIT_FSIZE, &old_);
    old_handler_ = signal(SIGXFSZ, SIG_IGN);
    rlimit r = old_;
    r.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &r);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &old_);
    signal(SIGXFSZ, old_handler_);
    CPLPopErrorHandler();
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit old_{};
  void (*old_handler_)(int) = nullptr;
};

}  // namespace

TEST_CASE("site CSV: ids that look like numbers are quoted; formula-like text gets an apostrophe", "[sites]") {
  test::TempDir dir;
  const sites::CommodityResult r = spreadsheet_sites();
  const fs::path file = dir.path() / "sites_copper.csv";
  sinks::write_sites_csv(file, r);
  const std::string text = test::read_text_file(file);
  INFO(text);
  const std::vector<std::string> lines = text_lines(text);
  REQUIRE(lines.size() == 4);
  // "007" and "1E5" quoted (read back as text); the formulas prefixed with ' (and the quotes of
  // the first doubled, as CSV does); "-12.5" is a number, so it stays as is, quoted as text.
  CHECK(lines[1].rfind("\"007\",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",copper,1,", 0) == 0);
  CHECK(lines[2].rfind("\"1E5\",\"-12.5\",copper,2,", 0) == 0);
  CHECK(lines[3].rfind("\"42\",'@SUM(A1),copper,3,", 0) == 0);
  CHECK_THAT(lines[3], Catch::Matchers::Contains(",'-x,"));  // flags
  // GDAL reads the quoted ids back as text when asked to keep quoted fields as strings.
  const std::string info = test::run_ok("ogrinfo -ro -al -oo AUTODETECT_TYPE=YES -oo QUOTED_FIELDS_AS_STRING=YES " +
                                        test::shell_quote(file.string()));
  CHECK_THAT(info, Catch::Matchers::Contains("id (String) = 007"));
  CHECK_THAT(info, Catch::Matchers::Contains("id (String) = 1E5"));
  CHECK_THAT(info, Catch::Matchers::Contains("name (String) = -12.5"));

  const fs::path unc = dir.path() / "sites_copper_uncertainty.csv";
  sinks::write_uncertainty_csv(unc, r);
  CHECK(text_lines(test::read_text_file(unc)).at(3).rfind("\"42\",'@SUM(A1),3,", 0) == 0);
  const fs::path sens = dir.path() / "sites_copper_sensitivity.csv";
  sinks::write_sensitivity_csv(sens, r);
  const std::vector<std::string> sens_lines = text_lines(test::read_text_file(sens));
  REQUIRE(sens_lines.size() == 3);
  for (std::size_t i = 1; i < 3; ++i) {
    CHECK(sens_lines[i].rfind(i == 1 ? "road,-20 %," : "road,+20 %,", 0) == 0);  // oremap's own text: as is
    CHECK(sens_lines[i].substr(sens_lines[i].size() - 6) == ",\"007\"");         // rank1_id
  }
}

TEST_CASE("site GeoPackage on a full disk: an error, never a broken file in place", "[sites]") {
  const sites::CommodityResult r = spreadsheet_sites();
  const Grid grid = test::make_grid(32642, 400000, 3003000, 1000, 4, 3);
  // GDAL writes the file while it is created, when each layer is committed and when it is closed
  // (spatial index, extents). Each size limit stops it at a different one of those steps.
  int failed = 0, written = 0;
  for (rlim_t limit = 4096; limit <= 256 * 1024; limit += 4096) {
    test::TempDir dir;
    const fs::path file = dir.path() / "sites.gpkg";
    bool threw = false;
    {
      FileSizeLimit full(limit);
      try {
        sinks::write_sites_gpkg(file, {r}, grid);
      } catch (const OutputError& e) {
        threw = true;
        CHECK_THAT(e.what(), Catch::Matchers::Contains(file.string()));
      }
    }
    INFO("limit " << limit);
    if (threw) {
      ++failed;
      CHECK(fs::is_empty(dir.path()));  // nothing half-written left behind
      continue;
    }
    ++written;
    const std::string info = test::run_ok("ogrinfo -ro -so " + test::shell_quote(file.string()) + " sites_copper");
    CHECK_THAT(info, Catch::Matchers::Contains("Feature Count: 3"));
    CHECK_THAT(info,
               Catch::Matchers::Contains("Extent: (400500.000000, 3000500.000000) - (402500.000000, 3000500.000000)"));
    const std::string rtree = test::run_ok("ogrinfo -ro -q " + test::shell_quote(file.string()) +
                                           " -sql \"SELECT HasSpatialIndex('sites_copper', 'geom')\"");
    CHECK_THAT(rtree, Catch::Matchers::Contains("= 1"));
  }
  CHECK(failed > 0);
  CHECK(written > 0);
}

TEST_CASE("site CSV and GeoJSON on a full disk: an error, never a truncated file in place", "[sites]") {
  // GDAL 3.6's CSV and GeoJSON drivers do not report a write that fails when they close; the
  // bytes go through memory and oremap's own checked write instead.
  const sites::CommodityResult r = spreadsheet_sites();
  const Grid grid = test::make_grid(32642, 400000, 3003000, 1000, 4, 3);
  for (const char* kind : {"csv", "geojson"}) {
    DYNAMIC_SECTION(kind) {
      test::TempDir dir;
      const fs::path file = dir.path() / (std::string("sites_copper.") + kind);
      // The complete file, written without a limit, sets the size to stay under.
      if (std::string(kind) == "csv")
        sinks::write_sites_csv(file, r);
      else
        sinks::write_sites_geojson(file, r, grid, 6);
      const auto full_size = fs::file_size(file);
      fs::remove(file);
      fs::remove(dir.path() / "sites_copper.csvt");  // the CSV's column types, written after it
      bool threw = false;
      {
        FileSizeLimit full(static_cast<rlim_t>(full_size / 2));
        try {
          if (std::string(kind) == "csv")
            sinks::write_sites_csv(file, r);
          else
            sinks::write_sites_geojson(file, r, grid, 6);
        } catch (const OutputError& e) {
          threw = true;
          CHECK_THAT(e.what(), Catch::Matchers::Contains(file.string()));
        }
      }
      CHECK(threw);
      CHECK(fs::is_empty(dir.path()));  // no truncated file, no temporary one
    }
  }
}
