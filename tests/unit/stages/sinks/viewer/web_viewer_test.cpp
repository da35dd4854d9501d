// The viewer as written: folder layout, the page template filled with escaped text, the data
// files (sites GeoJSON with every property, vector layers, the prospectivity PNG placed on its
// WGS 84 bounds), the [viewer] defaults, and the folder replaced whole on a second run.
#include "stages/sinks/viewer/web_viewer.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "stages/sinks/viewer/config.hpp"
#include "stages/sinks/viewer/raster.hpp"
#include "stages/sites/site_scoring.hpp"
#include "viewer_fixture.hpp"

using namespace oremap;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::ostringstream log_sink;
Log viewer_log(log_sink, Verbosity::quiet);

// The JSON value a data file assigns: `(window.OREMAP_DATA = ...)["key"] = <json>;`
json data_file(const fs::path& file, const std::string& key) {
  const std::string text = test::read_text_file(file);
  const std::string head = "(window.OREMAP_DATA = window.OREMAP_DATA || {})[\"" + key + "\"] = ";
  const std::size_t at = text.find(head);
  REQUIRE(at != std::string::npos);
  const std::size_t end = text.rfind(";\n");
  return json::parse(text.substr(at + head.size(), end - at - head.size()));
}

struct ViewerRun {
  test::ViewerFixture fx;
  project::Project p;
  fs::path viewer;

  explicit ViewerRun(const std::string& extra = "") : fx(extra), p(fx.load()) {
    RunContext ctx = fx.context(p, viewer_log);
    sinks::write_viewer(ctx, sites::compute_site_scores(ctx));
    viewer = p.output_dir / "viewer";
  }
};

}  // namespace

TEST_CASE("write_viewer: page, Leaflet, data files; nothing temporary left", "[viewer]") {
  ViewerRun run("\n[viewer]\ntitle = \"Copper <script>alert(1)</script> & co\"\n");
  for (const char* f :
       {"index.html", "app.js", "style.css", "lib/leaflet.min.js", "lib/leaflet.css", "lib/LEAFLET-LICENSE",
        "data/meta.js", "data/sites_copper.js", "data/sites_gold.js", "data/prospectivity_copper_cu_model.png"})
    CHECK(fs::exists(run.viewer / f));
  for (const auto& e : fs::directory_iterator(run.viewer / "data"))  // gold has no model in the fixture
    CHECK(e.path().filename().string().find("prospectivity_gold") == std::string::npos);
  for (const auto& e : fs::directory_iterator(run.p.output_dir))
    CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);

  const std::string page = test::read_text_file(run.viewer / "index.html");
  CHECK(page.find("<title>Copper &lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>") != std::string::npos);
  CHECK(page.find("<script>alert") == std::string::npos);
  CHECK(page.find("{{") == std::string::npos);
  CHECK(page.find("<script src=\"data/sites_copper.js\" charset=\"utf-8\"></script>") != std::string::npos);
  CHECK(page.find("Content-Security-Policy") != std::string::npos);
}

TEST_CASE("write_viewer: the sites data carry the site table; a name with markup stays a string", "[viewer]") {
  ViewerRun run;
  const json gold = data_file(run.viewer / "data/sites_gold.js", "sites:gold");
  CHECK(gold["type"] == "FeatureCollection");
  bool found = false;
  for (const auto& f : gold["features"]) {
    const json& p = f["properties"];
    for (const char* key :
         {"id", "name", "rank", "score", "excluded", "reasons", "rank_p05", "rank_p95", "p_top2", "road_dist_raw",
          "road_dist_unit", "road_dist_feature", "road_dist_weight", "road_dist_contribution", "lon", "lat", "x", "y"})
      CHECK(p.contains(key));
    if (p["id"] == "S5") {
      found = true;
      CHECK(p["name"] == "<img src=x onerror=alert(1)>");
    }
  }
  CHECK(found);
  const json copper = data_file(run.viewer / "data/sites_copper.js", "sites:copper");
  REQUIRE(copper["features"].size() == 4);
  // Rank order as in sites_copper.geojson: 1, 2, 3, then S4 (inside the park) excluded.
  for (int i = 0; i < 3; ++i) CHECK(copper["features"][i]["properties"]["rank"] == i + 1);
  const json& last = copper["features"][3]["properties"];
  CHECK(last["id"] == "S4");
  CHECK(last["excluded"] == true);
  CHECK(last["rank"].is_null());
  CHECK(last["reasons"].get<std::string>().find("Park One") != std::string::npos);
  for (const auto& f : copper["features"])
    if (f["properties"]["id"] == "S3") CHECK(f["geometry"]["type"] == "Polygon");
}

TEST_CASE("write_viewer: meta lists commodities, criteria, the overlay bounds and the default layers", "[viewer]") {
  ViewerRun run;
  const json meta = data_file(run.viewer / "data/meta.js", "meta");
  CHECK(meta["title"] == "viewer test");
  CHECK(meta["basemap"].is_null());
  CHECK(meta["ramp"].size() == 11);
  REQUIRE(meta["commodities"].size() == 2);
  const json& cu = meta["commodities"][0];
  CHECK(cu["name"] == "copper");
  CHECK(cu["sites"] == "sites:copper");
  CHECK(cu["top_k"] == 2);
  CHECK(cu["criteria"].size() == 4);
  CHECK(cu["model"] == "cu_model");
  REQUIRE(cu["models"].size() == 1);
  const json& m = cu["models"][0];
  CHECK(m["model"] == "cu_model");
  CHECK(m["scoring"] == true);
  CHECK(m["std"].is_null());
  CHECK(m["image"] == "data/prospectivity_copper_cu_model.png");
  // 0.01 x column over 60 columns: 0 .. 0.59, widened as the maps widen it (steps of 0.2, a
  // fifth of the span rounded up to 1, 2 or 5 x 10^k): [0, 0.6].
  CHECK(m["min"].get<double>() == Approx(0.0).margin(1e-12));
  CHECK(m["max"].get<double>() == Approx(0.6).margin(1e-12));
  // The grid x 400..460 km, y 3000..3040 km of UTM 42N: about 67.98..68.6 E, 27.1..27.5 N.
  const json& b = m["bounds"];
  CHECK(b[0][0].get<double>() == Approx(27.11).margin(0.02));
  CHECK(b[0][1].get<double>() == Approx(67.98).margin(0.02));
  CHECK(b[1][0].get<double>() == Approx(27.48).margin(0.02));
  CHECK(b[1][1].get<double>() == Approx(68.59).margin(0.02));
  CHECK(meta["commodities"][1]["models"].empty());
  CHECK(meta["commodities"][1]["model"].is_null());
  // The site-score ramp is the maps': #fee0d2, #fc9272, #de2d26, #67000d at 0, 1/3, 2/3, 1.
  CHECK(meta["score_ramp"] == json::array({"#fee0d2", "#fc9272", "#de2d26", "#67000d"}));

  std::vector<std::string> ids, roles;
  for (const auto& l : meta["layers"]) {
    ids.push_back(l["id"]);
    roles.push_back(l["role"]);
  }
  CHECK(ids == std::vector<std::string>{"roads", "regions", "towns", "parks", "glaciers"});
  CHECK(roles == std::vector<std::string>{"infrastructure", "governance", "infrastructure", "exclusion", "exclusion"});
  const json roads = data_file(run.viewer / "data/layer_0_roads.js", "layer:0");
  REQUIRE(roads["features"].size() == 1);
  CHECK(roads["features"][0]["properties"]["name"] == "N-5");
  CHECK(roads["features"][0]["geometry"]["coordinates"][0][0].get<double>() == Approx(67.98).margin(0.02));
}

TEST_CASE("viewer config: [viewer] keys override the defaults", "[viewer]") {
  test::ViewerFixture fx(
      "\n[viewer]\nlayers = [\"parks\", \"roads\", \"parks\"]\nbasemap = \"https://tile.example.org/{z}/{x}/{y}.png\"\n"
      "basemap_attribution = \"Tiles (c) example\"\nraster_size = 512\n");
  const sinks::ViewerConfig cfg = sinks::read_viewer_config(fx.load());
  REQUIRE(cfg.layers.size() == 2);  // listed once each, in the order given
  CHECK(cfg.layers[0].id == "parks");
  CHECK(cfg.layers[0].role == "exclusion");
  CHECK(cfg.layers[1].id == "roads");
  CHECK(cfg.basemap == "https://tile.example.org/{z}/{x}/{y}.png");
  CHECK(cfg.basemap_attribution == "Tiles (c) example");
  CHECK(cfg.raster_size == 512);
  CHECK(cfg.title == "viewer test");
}

TEST_CASE("viewer config: an unknown [viewer] key or layer id is a project error", "[viewer]") {
  test::ViewerFixture fx("\n[viewer]\nlayer = [\"roads\"]\n");
  CHECK_THROWS_WITH(fx.load(), Catch::Contains("layers"));  // "did you mean"
  test::ViewerFixture fy("\n[viewer]\nlayers = [\"motorways\"]\n");
  CHECK_THROWS_WITH(fy.load(), Catch::Contains("motorways"));
}

TEST_CASE("raster overlay: averaged down to raster_size, nodata transparent", "[viewer]") {
  test::TempDir dir;
  const Grid grid = test::make_grid(32642, 400000, 3040000, 1000, 60, 40);
  std::vector<float> values(60 * 40, 0.5f);
  for (int r = 0; r < 40; ++r)
    for (int c = 0; c < 30; ++c) values[r * 60 + c] = std::nanf("");  // west half: nodata
  values[40 * 60 - 1] = 0.9f;
  test::write_float_raster(dir.file("r.tif"), grid, values);
  const sinks::RasterOverlay o = sinks::write_raster_overlay(dir.path() / "r.tif", dir.path() / "r.png", 32);
  CHECK(std::max(o.width, o.height) == 32);
  CHECK(o.min == Approx(0.5));
  CHECK(o.max > 0.5);  // the 0.9 cell, averaged with its neighbours
  CHECK(o.max < 0.9);
  CHECK_FALSE(o.empty);
  gdal::DatasetPtr png(GDALDataset::Open(dir.file("r.png").c_str(), GDAL_OF_RASTER));
  REQUIRE(png);
  CHECK(png->GetRasterXSize() == o.width);
  CHECK(png->GetRasterYSize() == o.height);
  auto alpha = [&png](int x, int y) {
    std::uint8_t a = 7;
    REQUIRE(png->GetRasterBand(4)->RasterIO(GF_Read, x, y, 1, 1, &a, 1, 1, GDT_Byte, 0, 0, nullptr) == CE_None);
    return static_cast<int>(a);
  };
  CHECK(alpha(0, o.height / 2) == 0);
  CHECK(alpha(o.width - 1, o.height / 2) == 255);
}

TEST_CASE("write_viewer: a second run replaces the folder whole", "[viewer]") {
  ViewerRun run;
  test::write_text_file(run.viewer / "stale.txt", "from an older run");
  RunContext ctx = run.fx.context(run.p, viewer_log);
  sinks::write_viewer(ctx, {});  // rasters only
  CHECK_FALSE(fs::exists(run.viewer / "stale.txt"));
  CHECK_FALSE(fs::exists(run.viewer / "data/sites_copper.js"));
  CHECK(fs::exists(run.viewer / "data/prospectivity_copper_cu_model.png"));
  int leftovers = 0;
  for (const auto& e : fs::directory_iterator(run.p.output_dir))
    leftovers += e.path().filename().string().rfind("viewer.", 0) == 0;
  CHECK(leftovers == 0);
}

TEST_CASE("write_viewer: every model of a commodity, the scoring one marked, WofE's std beside it", "[viewer][model]") {
  // Two copper models declared; the fixture's cu_model (0.01 x column) is the second, chosen by
  // [sites] model; cu_wofe (0.25 everywhere) comes with a posterior std (0.03 everywhere).
  const std::string models = R"(
[[layers]]
id = "dem"
path = "dem.tif"

[[models]]
id = "cu_wofe"
commodity = "copper"
kind = "wofe"
inputs = ["dem"]
deposits = "sites"

[[models]]
id = "cu_model"
commodity = "copper"
kind = "weighted"
inputs = ["dem"]
weights = [1]

[map]
range = [0, 0.5]
)";
  test::ViewerFixture fx(models);
  test::write_float_raster(fx.dir.file("dem.tif"), fx.grid,
                           std::vector<float>(static_cast<std::size_t>(fx.grid.cell_count()), 600.0f));
  std::string text = test::read_text_file(fx.dir.file("project.toml"));
  text.insert(text.find("id_field = \"site_id\"\n"), "model = { copper = \"cu_model\" }\n");
  test::write_text_file(fx.dir.file("project.toml"), text);
  project::Project p = fx.load();
  RunContext ctx = fx.context(p, viewer_log);
  const std::size_t n = static_cast<std::size_t>(fx.grid.cell_count());
  test::write_float_raster(fx.dir.file("wofe.tif"), fx.grid, std::vector<float>(n, 0.25f));
  test::write_float_raster(fx.dir.file("wofe_std.tif"), fx.grid, std::vector<float>(n, 0.03f));
  ctx.rasters["cu_wofe"] = fs::path(fx.dir.file("wofe.tif"));
  ctx.rasters["cu_wofe_std"] = fs::path(fx.dir.file("wofe_std.tif"));
  sinks::write_viewer(ctx, sites::compute_site_scores(ctx));
  const fs::path viewer = p.output_dir / "viewer";
  const json meta = data_file(viewer / "data/meta.js", "meta");
  const json& cu = meta["commodities"][0];
  CHECK(cu["model"] == "cu_model");
  REQUIRE(cu["models"].size() == 2);  // project order
  const json& wofe = cu["models"][0];
  const json& weighted = cu["models"][1];
  CHECK(wofe["model"] == "cu_wofe");
  CHECK(wofe["kind"] == "wofe");
  CHECK(wofe["scoring"] == false);
  CHECK(weighted["model"] == "cu_model");
  CHECK(weighted["kind"] == "weighted");
  CHECK(weighted["scoring"] == true);
  CHECK(weighted["std"].is_null());
  // Both models on [map] range, as on the maps.
  for (const json* m : {&wofe, &weighted}) {
    CHECK((*m)["min"].get<double>() == 0.0);
    CHECK((*m)["max"].get<double>() == 0.5);
  }
  CHECK(wofe["image"] == "data/prospectivity_copper_cu_wofe.png");
  REQUIRE(wofe["std"].is_object());
  CHECK(wofe["std"]["image"] == "data/std_copper_cu_wofe.png");
  // A constant 0.03: nice_range(0.03, 0.03) keeps it as it is.
  CHECK(wofe["std"]["min"].get<double>() == Approx(0.03).epsilon(1e-6));
  CHECK(wofe["std"]["max"].get<double>() == Approx(0.03).epsilon(1e-6));
  for (const char* f : {"data/prospectivity_copper_cu_wofe.png", "data/std_copper_cu_wofe.png",
                        "data/prospectivity_copper_cu_model.png"})
    CHECK(fs::exists(viewer / f));
}
