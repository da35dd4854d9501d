// The validation report on tiny projects run as `oremap run` runs them: curves assembled from a
// model raster (ties, a cell holding two deposits, a nodata cell, a deposit off the grid),
// refits of a data-driven model for the hold-out and the spatial folds, and the HTML itself.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "../stages/stage_fixture.hpp"
#include "core/error.hpp"
#include "stages/report/model_validation.hpp"
#include "stages/report/validation_report.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

// 4 x 3 cells of 1 km from (500000, 3000000): cell (r, c) has its centre at
// x = 500500 + 1000 c, y = 3002500 - 1000 r.
const Grid kSmall = make_grid(32642, 500000, 3003000, 1000, 4, 3);
std::string small_centre(int r, int c) { return geo_point(500500 + 1000.0 * c, 3002500 - 1000.0 * r); }

// Scores (row by row; -9999 is the raster's nodata):
//   0.9  0.8  0.8    0.5
//   0.5  0.2  -9999  0.1
//   0.1  0.1  0.0    0.0
// Deposits: two in (0,0), one in (0,1), one in (1,0), one in the nodata cell (1,2), one off the grid.
void write_small(const TempDir& dir) {
  write_grid_raster(dir.path() / "s.tif", kSmall, {0.9, 0.8, 0.8, 0.5, 0.5, 0.2, -9999, 0.1, 0.1, 0.1, 0.0, 0.0},
                    -9999.0);
  write_text_file(dir.path() / "deps.geojson",
                  feature_collection({{small_centre(0, 0), "\"name\": \"A\""},
                                      {geo_point(500200, 3002800), "\"name\": \"A2\""},
                                      {small_centre(0, 1), "\"name\": \"B\""},
                                      {small_centre(1, 0), "\"name\": \"C\""},
                                      {small_centre(1, 2), "\"name\": \"in nodata\""},
                                      {geo_point(600000, 3001000), "\"name\": \"off the grid\""}}));
}

const std::string kSmallProject = grid_toml(500000, 3000000, 1000, 4, 3) + R"(
[[layers]]
id = "s"
path = "s.tif"

[[layers]]
id = "deps"
path = "deps.geojson"
crs = "EPSG:32642"

[[models]]
id = "copper_w"
commodity = "copper"
kind = "weighted"
description = "Score <b>as is</b>"
inputs = ["s"]
weights = [1]

[[models]]
id = "gold_w"
commodity = "gold"
kind = "weighted"
inputs = ["s"]
weights = [1]

[report]
deposits = { copper = "deps" }
)";

sites::CommodityResult hostile_sites() {
  sites::CommodityResult c;
  c.commodity = "copper";
  c.criteria.push_back({"road <distance>", "distance", "m", "bounds [0, 50000], lower is better", 2, 1});
  c.draws = 100;
  c.top_k = 3;
  sites::SiteRow r;
  r.id = "s1\"";
  r.name = "<img src=x onerror=alert(1)>";
  r.score = 0.75;
  r.rank = 1;
  r.rank_mean = 1.2;
  r.rank_p05 = 1;
  r.rank_p95 = 2;
  r.p_top = 0.97;
  c.rows.push_back(r);
  return c;
}

}  // namespace

TEST_CASE("report: curves from a model raster by hand (ties, two deposits in a cell, nodata)", "[report]") {
  TempDir dir;
  write_small(dir);
  StageRun run(dir.path(), kSmallProject);
  run.run();
  const auto config = report::read_report_config(run.project());
  const auto vs = report::validate_models(run.ctx(), config);
  REQUIRE(vs.size() == 2);
  const report::ModelValidation& v = vs[0];
  REQUIRE(v.skipped.empty());
  CHECK(v.deposits == 5);  // inside the grid: 2 + 1 + 1 + 1 (the one in the nodata cell)
  CHECK(v.deposit_cells == 4);
  CHECK(v.deposits_outside == 1);
  CHECK(v.scored_cells == 11);  // 12 cells, one nodata: not area
  CHECK(v.nodata_cells == 1);
  CHECK(v.nodata_deposits == 1);
  REQUIRE(v.roc);
  // Positives 4 (0.9 twice, 0.8, 0.5); negatives 11 - 3 deposit cells = 8
  // (0.8, 0.5, 0.2, 0.1 x3, 0.0 x2). U: the 0.9 deposits beat all 8 (2 x 8 = 16); the 0.8
  // deposit ties one (1/2) and beats 7; the 0.5 deposit ties one (1/2) and beats 6.
  // U = 16 + 7.5 + 6.5 = 30, AUC = 30 / 32.
  CHECK(v.roc->positives == 4);
  CHECK(v.roc->negatives == 8);
  CHECK(v.roc->auc == Approx(30.0 / 32));
  REQUIRE(v.success);
  // Area 11: (1/11, 2/4), (3/11, 3/4), (5/11, 1), then flat to (1, 1).
  // AUC = [1 x 0.25 + 2 x 0.625 + 2 x 0.875 + 6 x 1] / 11 = 9.25 / 11.
  CHECK(v.success->auc == Approx(9.25 / 11));
  REQUIRE(v.success->points.size() == 5);  // the flat run keeps its two ends only
  CHECK(v.success->points[3].x == Approx(5.0 / 11));
  CHECK(v.success->points[3].y == Approx(1));
  CHECK(v.prediction_is_success);  // knowledge-driven: nothing was trained
  CHECK_FALSE(v.cv.ran);
  // The gold model has no deposits declared: said, not guessed.
  CHECK_THAT(vs[1].skipped, Catch::Contains("[report] deposits = { gold = "));
}

TEST_CASE("report: self-contained HTML with an SVG per model, escaped data, checksums", "[report]") {
  TempDir dir;
  write_small(dir);
  StageRun run(dir.path(), kSmallProject);
  run.run();
  report::write_validation_report(run.ctx(), {hostile_sites()});
  const std::string html = read_text_file(run.output("report.html"));
  // An SVG figure for each validated model (ROC and rate curves), a note for the other.
  CHECK_THAT(html, Catch::Contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"roc-copper_w\""));
  CHECK_THAT(html, Catch::Contains("id=\"rate-copper_w\""));
  CHECK_THAT(html, Catch::Contains("Not validated: no known gold deposits"));
  std::size_t svgs = 0;
  for (auto at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) ++svgs;
  CHECK(svgs == 2);                              // ROC and rate curves of copper_w; gold_w has none to show
  CHECK_THAT(html, Catch::Contains("0.938 ["));  // AUC 30/32
  // The hostile site name and every other data string appear escaped, never as markup.
  CHECK_THAT(html, Catch::Contains("&lt;img src=x onerror=alert(1)&gt;"));
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<b>as is</b>") == std::string::npos);
  CHECK_THAT(html, Catch::Contains("Score &lt;b&gt;as is&lt;/b&gt;"));
  CHECK_THAT(html, Catch::Contains("road &lt;distance&gt;"));
  CHECK_THAT(html, Catch::Contains("s1&quot;"));
  // Self-contained: no scripts, no external references.
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("src=\"http") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  // Provenance: the input's SHA-256 as coreutils computes it, and the version.
  const std::string sum = run_ok("sha256sum " + shell_quote((dir.path() / "s.tif").string())).substr(0, 64);
  CHECK_THAT(html, Catch::Contains(sum));
  CHECK_THAT(html, Catch::Contains(std::string("oremap ") + OREMAP_VERSION));
  // Written atomically: nothing else left beside it.
  for (const auto& name : folder_listing(run.project().output_dir)) CHECK(name.find("tmp") == std::string::npos);
}

TEST_CASE("report: the figures as terminal text", "[report]") {
  TempDir dir;
  write_small(dir);
  StageRun run(dir.path(), kSmallProject);
  run.run();
  const std::string text = report::model_figures_text(run.ctx());
  CHECK_THAT(text, Catch::Contains("copper_w"));
  CHECK_THAT(text, Catch::Contains("0.938 ["));
  CHECK_THAT(text, Catch::Contains("0.841"));  // success AUC 9.25 / 11
  CHECK_THAT(text, Catch::Contains("= success"));
  CHECK_THAT(text, Catch::Contains("gold_w: not validated"));
}

namespace {

// 10 x 10 cells of 1 km from (500000, 3000000); evidence e = 1 in rows 0-4 (50 cells), 0 below.
// Eight deposits, all inside the pattern, two in each of four 2.5 km blocks:
//   (0,0) (1,1) -> block (200, 1203); (0,5) (1,6) -> (202, 1203);
//   (3,0) (4,1) -> (200, 1202);       (3,5) (4,6) -> (202, 1202).
const Grid kTen = make_grid(32642, 500000, 3010000, 1000, 10, 10);
std::string ten_centre(int r, int c) { return geo_point(500500 + 1000.0 * c, 3009500 - 1000.0 * r); }

void write_ten(const TempDir& dir) {
  std::vector<double> e;
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c) e.push_back(r < 5 ? 1 : 0);
  write_grid_raster(dir.path() / "e.tif", kTen, e);
  std::vector<Feature> deps;
  for (auto [r, c] : std::vector<std::pair<int, int>>{{0, 0}, {1, 1}, {0, 5}, {1, 6}, {3, 0}, {4, 1}, {3, 5}, {4, 6}})
    deps.push_back({ten_centre(r, c), "\"r\": " + std::to_string(r)});
  write_text_file(dir.path() / "deposits.geojson", feature_collection(deps));
}

}  // namespace

TEST_CASE("report: data-driven models refitted for hold-out and spatial folds, outputs untouched", "[report]") {
  TempDir dir;
  write_ten(dir);
  StageRun run(dir.path(), grid_toml(500000, 3000000, 1000, 10, 10) + R"(
[[layers]]
id = "e"
path = "e.tif"

[[layers]]
id = "deposits"
path = "deposits.geojson"
crs = "EPSG:32642"

[[models]]
id = "wofe"
commodity = "copper"
kind = "wofe"
inputs = ["e"]
deposits = "deposits"

[report]
folds = 4
block_size = 2500
holdout = 0.25
seed = 3
)");
  run.run();
  const std::string weights_before = read_text_file(run.output("wofe_weights.csv"));
  const auto vs = report::validate_models(run.ctx(), report::read_report_config(run.project()));
  REQUIRE(vs.size() == 1);
  const report::ModelValidation& v = vs[0];
  CHECK(v.data_driven);
  CHECK(v.deposits_layer == "deposits");  // its own training layer by default
  // Every fit (all deposits, or any training subset) has all its deposits in the pattern, so
  // the posterior is higher in the 50 pattern cells than in the 50 others (W+ > 0, W- undefined
  // and counted 0). Whatever the split, a held-out deposit ties the 50 - 8 = 42 deposit-free
  // pattern cells and beats the 50 outside; negatives are the 92 cells without a deposit:
  // AUC = (50 + 42 / 2) / 92 = 71/92.
  REQUIRE(v.roc);
  CHECK(v.roc->auc == Approx(71.0 / 92));
  CHECK(v.success->auc == Approx(0.75));  // all deposits in the top half: (0.5, 1), then flat
  CHECK_FALSE(v.prediction_is_success);
  CHECK(v.holdout_deposits == 2);  // round(0.25 x 8)
  CHECK(v.holdout_training_deposits == 6);
  REQUIRE(v.prediction);
  CHECK(v.prediction->auc == Approx(0.75));
  REQUIRE(v.prediction_roc);
  CHECK(v.prediction_roc->auc == Approx(71.0 / 92));
  REQUIRE(v.cv.ran);
  CHECK(v.cv.blocks == 4);
  CHECK(v.cv.folds == 4);
  REQUIRE(v.cv.results.size() == 4);
  for (const auto& f : v.cv.results) {
    CHECK(f.test_deposits == 2);  // one block of two deposits per fold
    CHECK(f.training_deposits == 6);
    CHECK(f.auc == Approx(71.0 / 92));
  }
  CHECK(v.cv.mean == Approx(71.0 / 92));
  CHECK(v.cv.sd == Approx(0).margin(1e-12));
  CHECK_THAT(v.refit_log, Catch::Contains("-- wofe, fold4"));
  // The refits wrote nothing to the output folder and cleaned up their work folders.
  CHECK(read_text_file(run.output("wofe_weights.csv")) == weights_before);
  for (const auto& name : folder_listing(run.project().output_dir)) CHECK(name.find("fold") == std::string::npos);
  for (const auto& name : folder_listing(run.ctx().work_dir)) CHECK(name.rfind("report-", 0) != 0);
}

TEST_CASE("report: [report] values the schema cannot check are reported with their line", "[report]") {
  TempDir dir;
  write_small(dir);
  const std::string base = grid_toml(500000, 3000000, 1000, 4, 3) + R"(
[[layers]]
id = "deps"
path = "deps.geojson"
crs = "EPSG:32642"
)";
  const std::string deposits_line = "deposits = { copper = \"dep\", silver = \"deps\" }";
  const auto p = project::parse_project(base + "\n[report]\n" + deposits_line + "\n",
                                        (dir.path() / "project.toml").string(), dir.path());
  // Each problem sits at its value: the line after [report], the column of "dep" or "deps".
  const int line = static_cast<int>(std::count(base.begin(), base.end(), '\n')) + 3;
  try {
    report::read_report_config(p);
    FAIL("expected a ProjectError");
  } catch (const ProjectError& e) {
    REQUIRE(e.diagnostics().size() == 2);
    std::string all = std::string(e.what());
    CHECK_THAT(all, Catch::Contains("report.deposits.copper: 'dep' is not a declared layer; did you mean 'deps'?"));
    CHECK_THAT(all, Catch::Contains("report.deposits.silver: unknown commodity 'silver'"));
    for (const auto& d : e.diagnostics()) {
      CHECK(d.line == line);
      const bool copper = d.key == "report.deposits.copper";
      CHECK(d.column == static_cast<int>(deposits_line.find(copper ? "\"dep\"" : "\"deps\"")) + 1);
    }
  }
  // Ranges are the schema's: a hold-out of 1.5 is refused at validation.
  CHECK_THROWS_WITH(project::parse_project(base + "\n[report]\nholdout = 1.5\nfolds = 1\n",
                                           (dir.path() / "project.toml").string(), dir.path()),
                    Catch::Contains("report.holdout") && Catch::Contains("report.folds"));
}
