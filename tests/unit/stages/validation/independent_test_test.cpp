// An independent test layer ([report] test_deposits), known barren sites ([report] negatives),
// the per-cell count ([report] count = "cells") and the figures as data (validation.json and the
// curves CSV), on the small project of small_project.hpp, every figure counted by hand; and the
// proof that no model is ever fitted on the test layer.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "../stage_fixture.hpp"
#include "core/error.hpp"
#include "small_project.hpp"
#include "stages/sinks/report/validation_data.hpp"
#include "stages/validation/model_validation.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

// Scores of the small project (-: nodata):
//   0.9  0.8  0.8  0.5
//   0.5  0.2   -   0.1
//   0.1  0.1  0.0  0.0
// Test deposits in (0,0), (0,2), (1,3); barren sites in (2,2), (1,1), (0,3), the nodata cell (1,2)
// and one off the grid.
void write_test_layers(const TempDir& dir) {
  write_text_file(dir.path() / "test.geojson", feature_collection({{small_centre(0, 0), "\"n\": 1"},
                                                                   {small_centre(0, 2), "\"n\": 2"},
                                                                   {small_centre(1, 3), "\"n\": 3"}}));
  write_text_file(dir.path() / "barren.geojson", feature_collection({{small_centre(2, 2), "\"n\": 1"},
                                                                     {small_centre(1, 1), "\"n\": 2"},
                                                                     {small_centre(0, 3), "\"n\": 3"},
                                                                     {small_centre(1, 2), "\"n\": 4"},
                                                                     {geo_point(600000, 3001000), "\"n\": 5"}}));
}

std::string with_test_layers(const std::string& report) {
  std::string p = kSmallProject.substr(0, kSmallProject.find("[report]")) + R"(
[[layers]]
id = "test"
path = "test.geojson"
crs = "EPSG:32642"

[[layers]]
id = "barren"
path = "barren.geojson"
crs = "EPSG:32642"

)" + report;
  return p;
}

}  // namespace

TEST_CASE("validation: an independent test layer, barren sites and the per-cell count, by hand", "[validation]") {
  TempDir dir;
  write_small(dir);
  write_test_layers(dir);
  StageRun run(dir.path(), with_test_layers(R"([report]
deposits = { copper = "deps" }
test_deposits = { copper = "test", gold = "test" }
negatives = { copper = "barren" }
count = "cells"
)"));
  run.run();
  const auto results = validation::run_validation(run.ctx());
  REQUIRE(results.models.size() == 2);
  const validation::ModelValidation& cu = results.models[0];
  REQUIRE(cu.skipped.empty());
  // Per cell: the two deposits of (0,0) are one positive. Positives 0.9, 0.8, 0.5; negatives the
  // 8 other scored cells; U = 8 + 7.5 (ties the other 0.8) + 6.5 (ties the other 0.5) = 22.
  REQUIRE(cu.roc);
  CHECK(cu.roc->positives == 3);
  CHECK(cu.roc->auc == Approx(22.0 / 24));
  // Independent test: the known deposit cells (0,1), (1,0) (and the nodata (1,2)) are not
  // negatives. Area: 0.9T 0.8T 0.5 0.2 0.1T 0.1 0.1 0.0 0.0; U = 6 + 6 + (1 + 2) = 15 of 3 x 6.
  REQUIRE(cu.test);
  CHECK(cu.test->layer == "test");
  CHECK(cu.test->deposits == 3);
  REQUIRE(cu.test->roc);
  CHECK(cu.test->roc->positives == 3);
  CHECK(cu.test->roc->negatives == 6);
  CHECK(cu.test->roc->auc == Approx(15.0 / 18));
  // Prediction rate over all 11 scored cells: (1/11, 1/3) (3/11, 2/3) (5/11, 2/3) (6/11, 2/3)
  // (9/11, 1) (1, 1): trapezoids 1/66 + 6/66 + 8/66 + 4/66 + 15/66 + 12/66 = 46/66.
  REQUIRE(cu.test->rate);
  CHECK(cu.test->rate->auc == Approx(46.0 / 66));
  REQUIRE(cu.test->rate->points.size() == 6);  // the flat run (3/11 .. 6/11) keeps its two ends
  CHECK(std::isnan(cu.test->rate->points[0].threshold));
  CHECK(cu.test->rate->points[2].threshold == Approx(0.8));
  CHECK(cu.test->rate->points[3].threshold == Approx(0.2));
  CHECK(cu.test->rate->points[4].x == Approx(9.0 / 11));
  CHECK(cu.test->rate->points[4].threshold == Approx(0.1));
  // Sites: test deposits 0.9, 0.8, 0.1 against barren 0.0, 0.2, 0.5 (one in nodata, one off the
  // grid): U = 3 + 3 + 1 = 7 of 9.
  REQUIRE(cu.sites);
  CHECK(cu.sites->positives_layer == "test");
  CHECK(cu.sites->positives == 3);
  CHECK(cu.sites->negatives == 3);
  CHECK(cu.sites->nodata_sites == 1);
  CHECK(cu.sites->outside == 1);
  REQUIRE(cu.sites->roc);
  CHECK(cu.sites->roc->auc == Approx(7.0 / 9));
  // Gold has only the test layer: no fit figures, the test's negatives are all 8 other cells:
  // U = 8 + 7.5 (ties 0.8) + 3 (ties two 0.1, beats two 0.0) = 18.5 of 24.
  const validation::ModelValidation& au = results.models[1];
  REQUIRE(au.skipped.empty());
  CHECK_FALSE(au.roc);
  REQUIRE(au.test);
  REQUIRE(au.test->roc);
  CHECK(au.test->roc->auc == Approx(18.5 / 24));

  SECTION("every figure as data, at full precision") {
    const nlohmann::json j = sinks::report::validation_json(results);
    CHECK(j["settings"]["count"] == "cells");
    CHECK(j["settings"]["test_deposits"]["copper"] == "test");
    const auto& m = j["models"][0];
    CHECK(m["independent_test"]["roc"]["auc"].get<double>() == 15.0 / 18);  // exact: no rounding
    CHECK(m["site_roc"]["roc"]["auc"].get<double>() == 7.0 / 9);
    CHECK(m["fit"]["label"] == "known deposits (nothing fitted)");
    CHECK_FALSE(j["models"][1].contains("fit"));  // gold has no fit deposits
    const std::string csv = sinks::report::validation_curves_csv(results);
    CHECK_THAT(csv, Catch::StartsWith("model,curve,point,x,y,threshold\n"));
    CHECK_THAT(csv, Catch::Contains("copper_w,prediction_test,0,0,0,\n"));
    CHECK_THAT(csv, Catch::Contains("copper_w,prediction_test,4,0.8181818181818182,1,0.1"));
    CHECK_THAT(csv, Catch::Contains("copper_w,roc_sites,"));
    CHECK_THAT(csv, Catch::Contains("gold_w,roc_test,"));
  }
}

TEST_CASE("validation: a test layer that a model is fitted on is refused", "[validation]") {
  TempDir dir;
  write_small(dir);
  write_test_layers(dir);
  const std::string project = with_test_layers("") + R"(
[[models]]
id = "cu_wofe"
commodity = "copper"
kind = "wofe"
inputs = ["s"]
deposits = "test"

[report]
test_deposits = { copper = "test" }
)";
  const auto p = project::parse_project(project, (dir.path() / "project.toml").string(), dir.path());
  CHECK_THROWS_WITH(validation::read_report_config(p),
                    Catch::Contains("report.test_deposits.copper: 'test' is the training layer (`deposits`) of "
                                    "model 'cu_wofe'"));
}

namespace {

// 10 x 10 cells of 1 km; evidence e = row / 9 + col / 90 (a distinct value per cell), f = 1 in
// rows 0-4; training deposits in the top rows, test deposits anywhere.

void write_points(const fs::path& file, const std::vector<std::pair<int, int>>& cells) {
  std::vector<Feature> f;
  for (auto [r, c] : cells) f.push_back({ten_centre(r, c), "\"r\": " + std::to_string(r)});
  write_text_file(file, feature_collection(f));
}

struct Figures {
  std::string wofe_weights, logistic_coefficients;
  RasterData wofe, logistic;
  std::vector<validation::ModelValidation> models;
};

Figures run_with_test_layer(const std::vector<std::pair<int, int>>& test_cells) {
  TempDir dir;
  std::vector<double> e, f;
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c) {
      e.push_back(r / 9.0 + c / 90.0);
      f.push_back(r < 5 ? 1 : 0);
    }
  write_grid_raster(dir.path() / "e.tif", kTenGrid, e);
  write_grid_raster(dir.path() / "f.tif", kTenGrid, f);
  write_points(dir.path() / "train.geojson", {{0, 0}, {1, 1}, {0, 5}, {1, 6}, {3, 0}, {4, 1}, {3, 5}, {4, 6}, {7, 3}});
  write_points(dir.path() / "test.geojson", test_cells);
  StageRun run(dir.path(), grid_toml(500000, 3000000, 1000, 10, 10) + R"(
[[layers]]
id = "e"
path = "e.tif"

[[layers]]
id = "f"
path = "f.tif"

[[layers]]
id = "train"
path = "train.geojson"
crs = "EPSG:32642"

[[layers]]
id = "test"
path = "test.geojson"
crs = "EPSG:32642"

[[models]]
id = "wofe"
commodity = "copper"
kind = "wofe"
inputs = ["f"]
deposits = "train"

[[models]]
id = "logistic"
commodity = "copper"
kind = "logistic"
inputs = ["e"]
deposits = "train"
background = 60

[report]
test_deposits = { copper = "test" }
folds = 2
block_size = 2500
holdout = 0.3
)");
  run.run();
  Figures out;
  out.models = validation::run_validation(run.ctx()).models;
  out.wofe_weights = read_text_file(run.output("wofe_weights.csv"));
  out.logistic_coefficients = read_text_file(run.output("logistic_coefficients.csv"));
  out.wofe = run.raster("wofe");
  out.logistic = run.raster("logistic");
  return out;
}

}  // namespace

TEST_CASE("validation: no model is fitted on the independent test layer (altering it changes only its figures)",
          "[validation][e2e]") {
  const Figures a = run_with_test_layer({{2, 2}, {0, 8}, {8, 8}});
  const Figures b = run_with_test_layer({{9, 9}, {6, 0}, {5, 5}, {2, 7}});
  // The fits, their tables and their maps are the same bits.
  CHECK(a.wofe_weights == b.wofe_weights);
  CHECK(a.logistic_coefficients == b.logistic_coefficients);
  CHECK(a.wofe.values == b.wofe.values);
  CHECK(a.logistic.values == b.logistic.values);
  REQUIRE(a.models.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    const validation::ModelValidation& va = a.models[i];
    const validation::ModelValidation& vb = b.models[i];
    INFO(va.id);
    CHECK(va.deposits_layer == "train");  // fit figures against the training layer
    REQUIRE(va.roc);
    CHECK(va.roc->auc == vb.roc->auc);
    REQUIRE(va.prediction);
    CHECK(va.prediction->auc == vb.prediction->auc);  // the internal hold-out splits the training layer
    REQUIRE(va.cv.ran);
    REQUIRE(va.cv.results.size() == vb.cv.results.size());
    for (std::size_t f = 0; f < va.cv.results.size(); ++f) CHECK(va.cv.results[f].auc == vb.cv.results[f].auc);
    CHECK(va.holdout_deposits + va.holdout_training_deposits == 9);  // only training deposits are split
    // Only the independent figures move.
    REQUIRE(va.test);
    REQUIRE(vb.test);
    CHECK(va.test->deposits == 3);
    CHECK(vb.test->deposits == 4);
    REQUIRE(va.test->rate);
    REQUIRE(vb.test->rate);
    CHECK(va.test->rate->auc != vb.test->rate->auc);
  }
}
