// Data-driven models end to end on a 10 x 10 grid of 1 km cells with one binary evidence layer
// (20 cells) and 4 deposits, 3 of them in the pattern. Weights of evidence and logistic
// regression both reduce to the 2 x 2 table of cells, so every weight, coefficient and
// probability is a closed form computed by hand below.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <tuple>

#include "../stage_fixture.hpp"
#include "csv_rows.hpp"
#include "stages/models/model_steps.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

// Evidence e: rows 0-1 are 1 (20 cells, the pattern B), the rest 0.
// Evidence g (categorical): rows 0-3 -> 1 (40 cells), rows 4-7 -> 2 (40), rows 8-9 -> 3 (20).
// Deposits at (0, 2), (1, 5), (1, 8) in B and rows 0-3, and (6, 4) outside B, in class 2;
// class 3 of g holds none.
void write_inputs(const TempDir& dir) {
  std::vector<double> e, g;
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c) {
      e.push_back(r < 2 ? 1 : 0);
      g.push_back(r < 4 ? 1 : r < 8 ? 2 : 3);
    }
  write_grid_raster(dir.path() / "e.tif", kTenGrid, e);
  write_grid_raster(dir.path() / "g.tif", kTenGrid, g);
  write_text_file(dir.path() / "deposits.geojson", feature_collection({{ten_centre(0, 2), "\"name\": \"D1\""},
                                                                       {ten_centre(1, 5), "\"name\": \"D2\""},
                                                                       {ten_centre(1, 8), "\"name\": \"D3\""},
                                                                       {ten_centre(6, 4), "\"name\": \"D4\""}}));
}

const std::string kLayers = grid_toml(500000, 3000000, 1000, 10, 10) + R"(
[[layers]]
id = "e"
path = "e.tif"

[[layers]]
id = "g"
path = "g.tif"

[[layers]]
id = "deposits"
path = "deposits.geojson"
crs = "EPSG:32642"
)";

// WofE of the binary e and of the categorical g against the four deposits.
const std::string kWofeE = R"(
[[models]]
id = "wofe_e"
commodity = "copper"
kind = "wofe"
inputs = ["e"]
deposits = "deposits"
)";
// Logistic regression on e; background = 1000 > the 96 non-deposit cells: the sample is every
// non-deposit cell.
const std::string kLogit = R"(
[[models]]
id = "logit"
commodity = "gold"
kind = "logistic"
inputs = ["e"]
deposits = "deposits"
background = 1000
)";
const std::string kWofeG = R"(
[[models]]
id = "wofe_g"
commodity = "gold"
kind = "wofe"
inputs = ["g"]
types = ["categorical"]
deposits = "deposits"
)";

}  // namespace

TEST_CASE("weights of evidence: weights, posterior and its std by hand on a tiny grid", "[stages][wofe]") {
  TempDir dir;
  write_inputs(dir);
  StageRun run(dir.path(), kLayers + kWofeE + R"(
[[models]]
id = "wofe_e_quarter"
commodity = "copper"
kind = "wofe"
inputs = ["e"]
deposits = "deposits"
unit_cell_km2 = 0.25
)" + kWofeG);
  run.run();

  // Unit cell 1 km2 = one grid cell. N(T) = 100, N(D) = 4, N(B) = 20, N(B and D) = 3:
  //   W+ = ln[(3/4) / (17/96)] = ln(72/17)       s(W+) = sqrt(1/3 + 1/17)
  //   W- = ln[(1/4) / (79/96)] = ln(24/79)       s(W-) = sqrt(1/1 + 1/79)
  //   C = W+ - W- = ln(72 * 79 / (17 * 24)) = ln(237/17), s(C) = sqrt(1/3 + 1/17 + 1 + 1/79)
  const double w_plus = std::log(72.0 / 17), s_plus = std::sqrt(1.0 / 3 + 1.0 / 17);
  const double w_minus = std::log(24.0 / 79), s_minus = std::sqrt(1.0 + 1.0 / 79);
  const double s_c = std::sqrt(s_plus * s_plus + s_minus * s_minus);
  const auto weights = read_csv(run.output("wofe_e_weights.csv"));
  REQUIRE(weights.at(0) == std::vector<std::string>{"layer", "type", "class", "area_cells", "deposits", "w_plus",
                                                    "s_w_plus", "w_minus", "s_w_minus", "contrast", "s_contrast",
                                                    "stud_contrast", "note"});
  const auto b = csv_row(weights, {"e", "binary", "e > 0"});
  CHECK(number(b.at("area_cells")) == 20);
  CHECK(number(b.at("deposits")) == 3);
  CHECK(number(b.at("w_plus")) == Approx(w_plus).epsilon(1e-9));      // 1.443461
  CHECK(number(b.at("s_w_plus")) == Approx(s_plus).epsilon(1e-9));    // 0.626224
  CHECK(number(b.at("w_minus")) == Approx(w_minus).epsilon(1e-9));    // -1.191363
  CHECK(number(b.at("s_w_minus")) == Approx(s_minus).epsilon(1e-9));  // 1.006309
  CHECK(number(b.at("contrast")) == Approx(std::log(237.0 / 17)).epsilon(1e-9));
  CHECK(number(b.at("s_contrast")) == Approx(s_c).epsilon(1e-9));
  CHECK(number(b.at("stud_contrast")) == Approx(std::log(237.0 / 17) / s_c).epsilon(1e-9));
  CHECK(b.at("note").empty());

  // Posterior: prior 4/100, logit ln(1/24). In B: ln(1/24) + ln(72/17) = ln(3/17) -> P = 3/20;
  // outside: ln(1/24) + ln(24/79) = ln(1/79) -> P = 1/80 (the 2 x 2 table's own ratios).
  // s(P) = P sqrt(1/N(D) + s^2(W)).
  const RasterData p = read_raster(run.output("wofe_e.tif"));
  const RasterData sd = read_raster(run.output("wofe_e_std.tif"));
  CHECK(p.at(0, 0) == Approx(0.15).epsilon(1e-6));
  CHECK(p.at(5, 5) == Approx(0.0125).epsilon(1e-6));
  CHECK(sd.at(1, 9) == Approx(0.15 * std::sqrt(0.25 + 1.0 / 3 + 1.0 / 17)).epsilon(1e-6));
  CHECK(sd.at(9, 0) == Approx(0.0125 * std::sqrt(0.25 + 1.0 + 1.0 / 79)).epsilon(1e-6));
  // Agterberg-Cheng over the 2 unique conditions: T = 20 * 0.15 + 80 * 0.0125 = 4 = n, so z = 0,
  // p = 0.5; s^2(T) = 20^2 s^2(P_B) + 80^2 s^2(P_out) = 400 * 0.15^2 (1/4 + 1/3 + 1/17)
  // + 6400 * 0.0125^2 (1/4 + 1 + 1/79) = 7.042070, s(T) = 2.653690.
  const auto ci = read_csv(run.output("wofe_e_ci_test.csv"));
  REQUIRE(ci.size() == 2);
  const auto test = csv_row(ci, {"4"});
  CHECK(number(test.at("predicted_deposits_T")) == Approx(4).epsilon(1e-12));
  CHECK(number(test.at("ratio_n_over_T")) == Approx(1).epsilon(1e-12));
  CHECK(number(test.at("s_T")) == Approx(2.6536898825).epsilon(1e-9));
  CHECK(number(test.at("z")) == Approx(0).margin(1e-9));
  CHECK(number(test.at("p_value_one_sided")) == Approx(0.5).epsilon(1e-9));
  CHECK(test.at("conditional_independence_95") == "not rejected");
  CHECK(test.at("unique_conditions") == "2");
  // The pairwise table holds pairs only (none here: one layer), each figure in its column.
  CHECK(read_text_file(run.output("wofe_e_independence.csv")) == "first,second,chi_square,p_value,note\n");
  CHECK(open_raster_file(run.output("wofe_e.tif"))->GetMetadataItem("OREMAP_PRIOR") == std::string("0.040000"));

  // Unit cell 0.25 km2: each cell is 4 unit cells, N(T) = 400, N(B) = 80;
  // W+ = ln[(3/4) / (77/396)] = ln(297/77), prior 4/400.
  const auto quarter = csv_row(read_csv(run.output("wofe_e_quarter_weights.csv")), {"e", "binary", "e > 0"});
  CHECK(number(quarter.at("area_cells")) == 80);
  CHECK(number(quarter.at("w_plus")) == Approx(std::log(297.0 / 77)).epsilon(1e-9));

  // Categorical g, each class against the rest (N(T) = 100, N(D) = 4):
  //   class 1: 40 cells, 3 deposits: W+ = ln[(3/4) / (37/96)] = ln(72/37)
  //   class 2: 40 cells, 1 deposit:  W+ = ln[(1/4) / (39/96)] = ln(24/39)
  //   class 3: 20 cells, 0 deposits: W+ undefined (empty, with a note); W- = ln[(4/4) / (76/96)]
  const auto cat = read_csv(run.output("wofe_g_weights.csv"));
  CHECK(number(csv_row(cat, {"g", "categorical", "g = 1"}).at("w_plus")) == Approx(std::log(72.0 / 37)).epsilon(1e-9));
  CHECK(number(csv_row(cat, {"g", "categorical", "g = 2"}).at("w_plus")) == Approx(std::log(24.0 / 39)).epsilon(1e-9));
  const auto empty = csv_row(cat, {"g", "categorical", "g = 3"});
  CHECK(empty.at("w_plus").empty());
  CHECK(empty.at("s_w_plus").empty());
  CHECK(empty.at("contrast").empty());
  CHECK(number(empty.at("w_minus")) == Approx(std::log(96.0 / 76)).epsilon(1e-9));
  CHECK(empty.at("note") == "no deposits in class");
  // Posterior: class 1 ln(1/24) + ln(72/37) = ln(3/37) -> 3/40; class 2 ln(1/39) -> 1/40; class 3
  // adds nothing (weight 0): the prior 0.04, never NaN.
  const RasterData pg = read_raster(run.output("wofe_g.tif"));
  for (double v : pg.values) CHECK(std::isfinite(v));
  CHECK(pg.at(0, 0) == Approx(3.0 / 40).epsilon(1e-6));
  CHECK(pg.at(5, 0) == Approx(1.0 / 40).epsilon(1e-6));
  CHECK(pg.at(9, 0) == Approx(0.04).epsilon(1e-6));
  for (double v : read_raster(run.output("wofe_g_std.tif")).values) CHECK(std::isfinite(v));
}

TEST_CASE("weights of evidence: Agterberg-Cheng test by hand on two copies of one layer", "[stages][wofe]") {
  TempDir dir;
  write_inputs(dir);
  fs::copy_file(dir.path() / "e.tif", dir.path() / "e2.tif");
  StageRun run(dir.path(), kLayers + R"(
[[layers]]
id = "e2"
path = "e2.tif"

[[models]]
id = "twice"
commodity = "copper"
kind = "wofe"
inputs = ["e", "e2"]
deposits = "deposits"
)");
  run.run();
  // The same evidence twice: its weights (see the test above) counted twice.
  //   in B:  logit ln(1/24) + 2 ln(72/17)  -> odds 216/289,  P_B = 216/505 = 0.427723
  //   out:   logit ln(1/24) + 2 ln(24/79)  -> odds 24/6241,  P_o = 24/6265 = 0.003830806
  //   T = 20 P_B + 80 P_o = 8.860920 against n = 4: the double counting shows.
  //   s^2(T) = 400 P_B^2 (1/4 + 2 (1/3 + 1/17)) + 6400 P_o^2 (1/4 + 2 (1 + 1/79)) = 75.903441
  //   s(T) = 8.712258, z = (T - n) / s(T) = 0.557940, p = P(Z >= z) = 0.288443: not rejected
  //   with 4 deposits (a test of little power on so few).
  const auto test = csv_row(read_csv(run.output("twice_ci_test.csv")), {"4"});
  CHECK(number(test.at("predicted_deposits_T")) == Approx(8.860919931).epsilon(1e-9));
  CHECK(number(test.at("ratio_n_over_T")) == Approx(4 / 8.860919931).epsilon(1e-9));
  CHECK(number(test.at("s_T")) == Approx(8.712258082).epsilon(1e-9));
  CHECK(number(test.at("z")) == Approx(0.5579403049).epsilon(1e-9));
  CHECK(number(test.at("p_value_one_sided")) == Approx(0.2884425739).epsilon(1e-9));
  CHECK(test.at("conditional_independence_95") == "not rejected");
  CHECK(test.at("conditional_independence_99") == "not rejected");
  CHECK(test.at("unique_conditions") == "2");  // (in B, in B) and (out, out)
  CHECK_THAT(run.log(), Catch::Contains("twice: Agterberg-Cheng test: T 8.86092, s(T) 8.71226, n 4, z 0.5579"));
}

TEST_CASE("a validation refit's model writes no raster: its map is computed where it is read",
          "[stages][wofe][logistic][validation]") {
  TempDir dir;
  write_inputs(dir);
  StageRun run(dir.path(), kLayers + kWofeE + kWofeG + kLogit);
  run.run();
  RunContext& ctx = run.ctx();
  // The categorical input's classes, counted once and kept for the refits.
  REQUIRE(ctx.statistics->count("distinct values/g") == 1);
  CHECK(ctx.statistics->at("distinct values/g") == std::vector<double>{1, 2, 3});

  auto files = [&] {
    std::set<std::string> names;
    for (const auto& f : fs::recursive_directory_iterator(ctx.work_dir)) names.insert(f.path().string());
    return names;
  };
  const std::set<std::string> before = files();
  const auto std_before = ctx.raster("wofe_e_std").describe();
  ctx.scoring_only = true;
  for (const auto& step : run.project().models) models::run_model(ctx, step);
  CHECK(files() == before);
  CHECK(ctx.raster("wofe_e_std").describe() == std_before);  // no standard deviation made
  for (const char* id : {"wofe_e", "wofe_g", "logit"}) {
    INFO(id);
    CHECK(ctx.raster(id).deferred());
  }
  // The same closed forms as the written maps: 3/20 in the pattern, 1/80 outside (both models);
  // categorical classes 3/40, 1/40 and the prior 0.04.
  const RasterData p = run.raster("wofe_e"), logit = run.raster("logit"), pg = run.raster("wofe_g");
  CHECK(p.at(0, 0) == Approx(0.15).epsilon(1e-6));
  CHECK(p.at(5, 5) == Approx(0.0125).epsilon(1e-6));
  CHECK(logit.at(0, 0) == Approx(0.15).epsilon(1e-6));
  CHECK(logit.at(9, 9) == Approx(0.0125).epsilon(1e-6));
  CHECK(pg.at(0, 0) == Approx(3.0 / 40).epsilon(1e-6));
  CHECK(pg.at(5, 0) == Approx(1.0 / 40).epsilon(1e-6));
  CHECK(pg.at(9, 0) == Approx(0.04).epsilon(1e-6));
}

TEST_CASE("weights of evidence: cumulative splits are labelled by the values they select", "[stages][wofe]") {
  TempDir dir;
  write_inputs(dir);
  // d = 100 x column: each of 0, 100, ..., 900 on 10 cells. Five quantile classes put edges at
  // the 20th, 40th, 60th and 80th sorted values: 200, 400, 600, 800. The deposits lie in
  // columns 2, 5, 8 and 4, i.e. at d = 200, 500, 800 and 400.
  std::vector<double> d;
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c) d.push_back(100.0 * c);
  write_grid_raster(dir.path() / "d.tif", kTenGrid, d);
  StageRun run(dir.path(), kLayers + R"(
[[layers]]
id = "d"
path = "d.tif"

[[models]]
id = "near"
commodity = "copper"
kind = "wofe"
inputs = ["d"]
types = ["ascending"]
classes = 5
deposits = "deposits"

[[models]]
id = "far"
commodity = "gold"
kind = "wofe"
inputs = ["d"]
types = ["descending"]
classes = 5
deposits = "deposits"
)");
  run.run();
  // Each split: (label, cells, deposits).
  using Splits = std::vector<std::tuple<std::string, int, int>>;
  auto check_splits = [](const fs::path& csv, const std::string& type, const Splits& splits) {
    const auto table = read_csv(csv);
    for (const auto& [label, cells, deposits] : splits) {
      INFO(type << " " << label);
      const auto row = csv_row(table, {"d", type, label});
      CHECK(number(row.at("area_cells")) == cells);
      CHECK(number(row.at("deposits")) == deposits);
    }
  };
  // Ascending split k takes d up to class k's upper edge; descending, d above its lower edge.
  check_splits(run.output("near_weights.csv"), "ascending",
               {{"d <= 200", 30, 1}, {"d <= 400", 50, 2}, {"d <= 600", 70, 3}, {"d <= 800", 90, 4}});
  check_splits(run.output("far_weights.csv"), "descending",
               {{"d > 200", 70, 3}, {"d > 400", 50, 2}, {"d > 600", 30, 1}, {"d > 800", 10, 0}});
  // The split that takes every class (no area outside it) says nothing: not listed.
  CHECK(read_csv(run.output("near_weights.csv")).size() == 1 + 4);
  CHECK(read_csv(run.output("far_weights.csv")).size() == 1 + 4);
  const auto near = read_csv(run.output("near_weights.csv"));
  const auto far = read_csv(run.output("far_weights.csv"));
  // W+ of d <= 600: ln[(3/4) / (67/96)] = ln(72/67).
  CHECK(number(csv_row(near, {"d", "ascending", "d <= 600"}).at("w_plus")) ==
        Approx(std::log(72.0 / 67)).epsilon(1e-9));
  // W+ of d > 600: ln[(1/4) / (29/96)] = ln(24/29).
  CHECK(number(csv_row(far, {"d", "descending", "d > 600"}).at("w_plus")) == Approx(std::log(24.0 / 29)).epsilon(1e-9));
}

TEST_CASE("logistic regression on a binary evidence layer: coefficients from the sample's 2 x 2 table",
          "[stages][logistic]") {
  TempDir dir;
  write_inputs(dir);
  StageRun run(dir.path(), kLayers + kLogit);
  run.run();
  // Sample: e = 1: 3 deposits, 17 background; e = 0: 1 deposit, 79 background. A single binary
  // predictor is saturated, so the fit reproduces the table's log-odds exactly:
  //   intercept = ln(1/79), coefficient = ln(3/17) - ln(1/79) = ln(237/17)
  //   se(intercept) = sqrt(1/1 + 1/79), se(coefficient) = sqrt(1/3 + 1/17 + 1/1 + 1/79)
  const std::string csv = read_text_file(run.output("logit_coefficients.csv"));
  CHECK_THAT(csv, !Catch::Contains("#"));  // one plain table: the fit's figures are columns
  const auto rows = read_csv(run.output("logit_coefficients.csv"));
  REQUIRE(rows.at(0) == std::vector<std::string>{"term", "coefficient", "std_error", "z", "deposit_cells",
                                                 "background_cells", "log_likelihood", "null_log_likelihood", "aic",
                                                 "mcfadden_r2", "iterations"});
  REQUIRE(rows.size() == 3);
  const auto intercept = csv_row(rows, {"intercept"});
  const auto e = csv_row(rows, {"e"});
  for (const auto& row : {intercept, e}) {  // the same on every row
    CHECK(row.at("deposit_cells") == "4");
    CHECK(row.at("background_cells") == "96");
  }
  const double se0 = std::sqrt(1.0 + 1.0 / 79), se1 = std::sqrt(1.0 / 3 + 1.0 / 17 + 1.0 + 1.0 / 79);
  CHECK(number(intercept.at("coefficient")) == Approx(std::log(1.0 / 79)).epsilon(1e-8));  // -4.369448
  CHECK(number(intercept.at("std_error")) == Approx(se0).epsilon(1e-8));                   // 1.006309
  CHECK(number(e.at("coefficient")) == Approx(std::log(237.0 / 17)).epsilon(1e-8));        // 2.634847
  CHECK(number(e.at("std_error")) == Approx(se1).epsilon(1e-8));                           // 1.185249
  CHECK(number(e.at("z")) == Approx(std::log(237.0 / 17) / se1).epsilon(1e-8));
  // Fitted probabilities are the sample's ratios: 3/20 where e = 1, 1/80 where e = 0.
  const RasterData p = read_raster(run.output("logit.tif"));
  CHECK(p.at(0, 0) == Approx(0.15).epsilon(1e-6));
  CHECK(p.at(9, 9) == Approx(0.0125).epsilon(1e-6));
  // The fit's figures, in the raster's metadata (and the CSV's columns):
  //   log L  = 3 ln(3/20) + 17 ln(17/20) + ln(1/80) + 79 ln(79/80) = -13.829932185
  //   log L0 = 4 ln(4/100) + 96 ln(96/100)                        = -16.794414773
  //   AIC = 2 * 2 - 2 log L = 31.659864370; McFadden = 1 - log L / log L0 = 0.176516
  const gdal::DatasetPtr ds = gdal::open_dataset(run.output("logit.tif").string(), GDAL_OF_RASTER);
  CHECK(number(ds->GetMetadataItem("OREMAP_LOG_LIKELIHOOD")) == Approx(-13.829932185).epsilon(1e-9));
  CHECK(number(ds->GetMetadataItem("OREMAP_NULL_LOG_LIKELIHOOD")) == Approx(-16.794414773).epsilon(1e-9));
  CHECK(number(ds->GetMetadataItem("OREMAP_AIC")) == Approx(31.659864370).epsilon(1e-9));
  CHECK(number(ds->GetMetadataItem("OREMAP_MCFADDEN_R2")) == Approx(0.176516).epsilon(1e-5));
  CHECK(e.at("aic") == "31.65986437");
  CHECK(e.at("mcfadden_r2") == "0.1765159804");
  CHECK(number(e.at("log_likelihood")) == Approx(-13.829932185).epsilon(1e-9));
  CHECK(number(e.at("null_log_likelihood")) == Approx(-16.794414773).epsilon(1e-9));
}

TEST_CASE("logistic regression names a constant or collinear input instead of failing as singular",
          "[stages][logistic]") {
  TempDir dir;
  write_inputs(dir);
  write_grid_raster(dir.path() / "k.tif", kTenGrid, std::vector<double>(100, 7.0));
  StageRun run(dir.path(), kLayers + R"(
[[layers]]
id = "k"
path = "k.tif"

[[models]]
id = "logit"
commodity = "gold"
kind = "logistic"
inputs = ["e", "k"]
deposits = "deposits"
background = 1000
)");
  CHECK_THROWS_WITH(run.run(), Catch::Contains("the logistic fit is impossible: 'k' is constant over the sampled "
                                               "cells (it duplicates the intercept); drop the redundant inputs"));
}

namespace {

// A 10 x 10 logistic model on evidence n (row-major, NaN = nodata) with deposits at the given
// cells (row, col), asking for `background` cells; run.
std::unique_ptr<StageRun> logistic_run(const TempDir& dir, const std::vector<double>& n,
                                       const std::vector<std::pair<int, int>>& deposits, int background) {
  write_grid_raster(dir.path() / "n.tif", kTenGrid, n, std::nan(""));
  std::vector<Feature> points;
  for (const auto& [r, c] : deposits) points.push_back({ten_centre(r, c), ""});
  write_text_file(dir.path() / "deposits.geojson", feature_collection(points));
  auto run = std::make_unique<StageRun>(dir.path(), grid_toml(500000, 3000000, 1000, 10, 10) + R"(
[[layers]]
id = "n"
path = "n.tif"

[[layers]]
id = "deposits"
path = "deposits.geojson"
crs = "EPSG:32642"

[[models]]
id = "logit"
commodity = "gold"
kind = "logistic"
inputs = ["n"]
deposits = "deposits"
background = )" + std::to_string(background) + "\n");
  run->run();
  return run;
}

// Evidence only in rows 4-6 (30 cells, 2 of them deposits), NaN elsewhere.
std::unique_ptr<StageRun> banded_logistic_run(const TempDir& dir, int background) {
  std::vector<double> n;
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c) n.push_back(r >= 4 && r <= 6 ? (c < 5 ? 1 : 0) : std::nan(""));
  return logistic_run(dir, n, {{4, 1}, {6, 8}}, background);
}

}  // namespace

TEST_CASE("logistic regression draws its background cells from the whole study area", "[stages][logistic]") {
  TempDir dir;
  // Evidence n: 1 in the northern half (rows 0-4), 0 in the southern half; two deposits in each.
  std::vector<double> n;
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c) n.push_back(r < 5 ? 1 : 0);
  auto run = logistic_run(dir, n, {{1, 1}, {3, 7}, {6, 2}, {8, 8}}, 20);
  // The fit is saturated, so the coefficients give back the sample's table: with 2 deposits on
  // each side, b0 = 2 exp(-intercept) background cells in the south and b1 = 2 exp(-(intercept +
  // coefficient)) in the north. 20 cells drawn at random from 48 northern and 48 southern
  // non-deposit cells fall on each side about 10 times (fewer than 5 on one side has a
  // hypergeometric probability under 1 %); a sample taken from the first rows has none in the south.
  const auto rows = read_csv(run->output("logit_coefficients.csv"));
  const double b0 = number(csv_row(rows, {"intercept"}).at("coefficient"));
  const double b1 = number(csv_row(rows, {"n"}).at("coefficient"));
  const double south = 2 * std::exp(-b0), north = 2 * std::exp(-(b0 + b1));
  CHECK(south + north == Approx(20));
  CHECK(south >= 5);
  CHECK(north >= 5);
}

TEST_CASE("logistic regression finds its background cells when data cover a small part of the grid",
          "[stages][logistic]") {
  // The first draw of 3 x 25 = 75 candidates from the 98 non-deposit cells reaches about 75 % of
  // the 28 usable ones, fewer than 25; the run draws again and gets all 25 it asked for.
  TempDir dir;
  auto run = banded_logistic_run(dir, 25);
  const auto rows = read_csv(run->output("logit_coefficients.csv"));
  CHECK(csv_row(rows, {"intercept"}).at("deposit_cells") == "2");
  CHECK(csv_row(rows, {"intercept"}).at("background_cells") == "25");
  CHECK_THAT(run->log(), !Catch::Contains("background cells asked for"));
}

TEST_CASE("logistic regression says so when the study area holds fewer background cells than asked",
          "[stages][logistic]") {
  // 30 cells with data, 2 of them deposits: 28 background cells at most.
  TempDir dir;
  auto run = banded_logistic_run(dir, 40);
  const auto rows = read_csv(run->output("logit_coefficients.csv"));
  CHECK(csv_row(rows, {"intercept"}).at("deposit_cells") == "2");
  CHECK(csv_row(rows, {"intercept"}).at("background_cells") == "28");
  CHECK_THAT(run->log(), Catch::Contains("only 28 of the 40 background cells asked for lie in the study area"));
}
