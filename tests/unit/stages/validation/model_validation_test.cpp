// The validation stage on tiny projects run as `oremap run` runs them: curves assembled from a
// model raster (ties, a cell holding two deposits, a nodata cell, a deposit off the grid),
// refits of a data-driven model for the hold-out and the spatial folds, and the [report] values
// the schema cannot check.
#include "stages/validation/model_validation.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "../stage_fixture.hpp"
#include "core/error.hpp"
#include "small_project.hpp"

using namespace oremap;
using namespace oremap::test;

TEST_CASE("validation: curves from a model raster by hand (ties, two deposits in a cell, nodata)", "[validation]") {
  TempDir dir;
  write_small(dir);
  StageRun run(dir.path(), kSmallProject);
  run.run();
  const auto config = validation::read_report_config(run.project());
  const auto vs = validation::validate_models(run.ctx(), config);
  REQUIRE(vs.size() == 2);
  const validation::ModelValidation& v = vs[0];
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

namespace {

// 10 x 10 cells of 1 km from (500000, 3000000); evidence e = 1 in rows 0-4 (50 cells), 0 below.
// Eight deposits, all inside the pattern, two in each of four 2.5 km blocks:
//   (0,0) (1,1) -> block (200, 1203); (0,5) (1,6) -> (202, 1203);
//   (3,0) (4,1) -> (200, 1202);       (3,5) (4,6) -> (202, 1202).

void write_ten(const TempDir& dir) {
  std::vector<double> e;
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c) e.push_back(r < 5 ? 1 : 0);
  write_grid_raster(dir.path() / "e.tif", kTenGrid, e);
  std::vector<Feature> deps;
  for (auto [r, c] : std::vector<std::pair<int, int>>{{0, 0}, {1, 1}, {0, 5}, {1, 6}, {3, 0}, {4, 1}, {3, 5}, {4, 6}})
    deps.push_back({ten_centre(r, c), "\"r\": " + std::to_string(r)});
  write_text_file(dir.path() / "deposits.geojson", feature_collection(deps));
}

}  // namespace

TEST_CASE("validation: data-driven models refitted for hold-out and spatial folds, outputs untouched", "[validation]") {
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
  const auto vs = validation::validate_models(run.ctx(), validation::read_report_config(run.project()));
  REQUIRE(vs.size() == 1);
  const validation::ModelValidation& v = vs[0];
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

TEST_CASE("validation: [report] values the schema cannot check are reported with their line", "[validation]") {
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
    validation::read_report_config(p);
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
