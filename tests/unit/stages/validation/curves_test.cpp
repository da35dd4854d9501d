// Curve assembly from scores (validation/model_score_table): hand-computed cases with ties, a cell
// holding two deposits and nodata cells, then agreement with the per-cell reference functions
// of algo/validation_curves on many random tied cases.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>

#include "algo/validation_curves.hpp"
#include "stages/validation/model_score_table.hpp"

using namespace oremap;
using namespace oremap::validation;

namespace {

const float kNaN = std::numeric_limits<float>::quiet_NaN();

// The hand case. Scored cells 0.9, 0.8, 0.8, 0.5, 0.5, 0.2 and one nodata cell.
// Deposits: 2 in the 0.9 cell, 1 in one 0.8 cell, 1 in one 0.5 cell, 1 in the nodata cell.
ModelScoreTable hand_table() {
  return tabulate({0.9f, 0.8f, 0.8f, 0.5f, 0.5f, 0.2f}, 1, {{0.9f, 2}, {0.8f, 1}, {0.5f, 1}, {kNaN, 1}});
}

}  // namespace

TEST_CASE("curves: groups of equal score with cell and deposit counts", "[validation][curves]") {
  const ModelScoreTable t = hand_table();
  REQUIRE(t.groups.size() == 4);
  // score, cells, deposit cells, deposits
  CHECK(t.groups[0].score == Approx(0.9f));
  CHECK(t.groups[0].cells == 1);
  CHECK(t.groups[0].deposit_cells == 1);
  CHECK(t.groups[0].deposits == 2);  // one cell, two deposits
  CHECK(t.groups[1].cells == 2);
  CHECK(t.groups[1].deposit_cells == 1);
  CHECK(t.groups[1].deposits == 1);
  CHECK(t.groups[2].cells == 2);
  CHECK(t.groups[2].deposits == 1);
  CHECK(t.groups[3].cells == 1);
  CHECK(t.groups[3].deposits == 0);
  CHECK(t.cells == 6);  // the nodata cell is not area
  CHECK(t.deposits == 4);
  CHECK(t.nodata_cells == 1);
  CHECK(t.nodata_deposits == 1);  // reported, not counted
}

TEST_CASE("curves: ROC AUC, Hanley-McNeil SE and points by hand", "[validation][curves]") {
  const RocCurve r = roc_curve(hand_table());
  // Positives P = 4 deposits (the 0.9 cell counts twice); negatives N = 6 cells - 3 deposit cells = 3
  // (one 0.8, one 0.5, the 0.2).
  CHECK(r.positives == 4);
  CHECK(r.negatives == 3);
  // U: the two 0.9 deposits beat all 3 negatives (6); the 0.8 deposit ties the 0.8 negative (1/2)
  // and beats 0.5 and 0.2 (2); the 0.5 deposit ties the 0.5 negative (1/2) and beats 0.2 (1).
  // U = 6 + 2.5 + 1.5 = 10; AUC = 10 / (4 * 3) = 5/6.
  CHECK(r.auc == Approx(5.0 / 6));
  // Hanley & McNeil: Q1 = A/(2-A) = 5/7, Q2 = 2A^2/(1+A) = 25/33, A^2 = 25/36;
  // var = [A(1-A) + (P-1)(Q1-A^2) + (N-1)(Q2-A^2)] / (PN)
  //     = [5/36 + 3 * 5/252 + 2 * 25/396] / 12 = 0.3246753 / 12 = 0.02705628; SE = 0.1644879.
  CHECK(r.se == Approx(0.1644879).epsilon(1e-6));
  CHECK(r.ci_low == Approx(5.0 / 6 - 1.959963985 * 0.1644879).epsilon(1e-6));  // 0.51094
  CHECK(r.ci_high == 1.0);                                                     // 1.1557 clipped
  // (FPR, TPR) after each group: 0.9 -> (0, 2/4); 0.8 -> (1/3, 3/4); 0.5 -> (2/3, 1); 0.2 -> (1, 1).
  REQUIRE(r.points.size() == 5);
  CHECK(r.points[0].x == 0);
  CHECK(r.points[0].y == 0);
  CHECK(r.points[1].x == 0);
  CHECK(r.points[1].y == Approx(0.5));
  CHECK(r.points[2].x == Approx(1.0 / 3));
  CHECK(r.points[2].y == Approx(0.75));
  CHECK(r.points[3].x == Approx(2.0 / 3));
  CHECK(r.points[3].y == Approx(1));
  CHECK(r.points[4].x == 1);
  CHECK(r.points[4].y == 1);
}

TEST_CASE("curves: success rate by hand, ties entering together", "[validation][curves]") {
  const RateCurve c = rate_curve(hand_table());
  // Area 6 cells, 4 deposits: (0,0), (1/6, 2/4), (3/6, 3/4), (5/6, 4/4), (1, 1).
  REQUIRE(c.points.size() == 5);
  CHECK(c.points[1].x == Approx(1.0 / 6));
  CHECK(c.points[1].y == Approx(0.5));
  CHECK(c.points[2].x == Approx(0.5));
  CHECK(c.points[2].y == Approx(0.75));
  CHECK(c.points[3].x == Approx(5.0 / 6));
  CHECK(c.points[3].y == Approx(1));
  // Trapezoids: 1/6 * 0.5/2 + 2/6 * 1.25/2 + 2/6 * 1.75/2 + 1/6 * 1 = (1 + 5 + 7 + 4) / 24 = 17/24.
  CHECK(c.auc == Approx(17.0 / 24));
  // Captured in the top 10 % of the area: inside the first step, 0.1 / (1/6) * 0.5 = 0.3;
  // at 1/3: 0.5 + 0.25 * (1/6) / (1/3) = 0.625.
  CHECK(c.captured(0.1) == Approx(0.3));
  CHECK(c.captured(1.0 / 3) == Approx(0.625));
  CHECK(c.captured(1.0) == Approx(1));
}

TEST_CASE("curves: excluded cells leave the area (held-out ROC without training deposits)", "[validation][curves]") {
  // Held out: the deposit in a 0.8 cell. The training deposit cells (0.9 and one 0.5) are excluded.
  const ModelScoreTable t = tabulate({0.9f, 0.8f, 0.8f, 0.5f, 0.5f, 0.2f}, 1, {{0.8f, 1}}, {0.9f, 0.5f});
  CHECK(t.cells == 4);            // 0.8, 0.8, 0.5, 0.2
  REQUIRE(t.groups.size() == 3);  // the 0.9 group is empty and dropped
  // P = 1, N = 3 (0.8, 0.5, 0.2): the deposit ties 0.8 (1/2) and beats 0.5 and 0.2 (2): AUC = 2.5/3.
  CHECK(roc_curve(t).auc == Approx(2.5 / 3));
  // An excluded nodata cell reduces the nodata count.
  CHECK(tabulate({0.5f}, 2, {{0.5f, 1}}, {kNaN}).nodata_cells == 1);
}

TEST_CASE("curves: cells between deposit scores form one group; the curves are unchanged", "[validation][curves]") {
  // Ten scored cells, in no particular order; deposits: 2 in the 0.9 cell, 1 in a 0.8 cell, 1 in a 0.5 cell.
  const std::vector<float> scores = {0.5f, 0.1f, 0.8f, 0.9f, 0.6f, 0.85f, 0.2f, 0.8f, 0.7f, 0.5f};
  const ModelScoreTable t = tabulate(scores, 0, {{0.9f, 2}, {0.8f, 1}, {0.5f, 1}});
  // 0.9 | 0.85 | 0.8, 0.8 | 0.7, 0.6 | 0.5, 0.5 | 0.2, 0.1: a merged group takes its highest score.
  REQUIRE(t.groups.size() == 6);
  const std::vector<std::pair<double, std::uint64_t>> expected = {{0.9f, 1}, {0.85f, 1}, {0.8f, 2},
                                                                  {0.7f, 2}, {0.5f, 2},  {0.2f, 2}};
  for (std::size_t g = 0; g < expected.size(); ++g) {
    INFO("group " << g);
    CHECK(t.groups[g].score == expected[g].first);
    CHECK(t.groups[g].cells == expected[g].second);
  }
  CHECK(t.groups[3].deposits == 0);
  // P = 4, N = 10 - 3 = 7. The 0.9 deposits beat all 7 negatives (14); the 0.8 deposit beats the
  // 5 below it and ties one (5.5); the 0.5 deposit beats 2 and ties one (2.5): AUC = 22 / 28.
  CHECK(roc_curve(t).auc == Approx(22.0 / 28));
  std::vector<double> per_cell(scores.begin(), scores.end());
  std::vector<std::uint32_t> deposits = {1, 0, 1, 2, 0, 0, 0, 0, 0, 0};
  CHECK(roc_curve(t).auc == Approx(algo::roc_auc(per_cell, deposits).auc).epsilon(1e-15));
  CHECK(rate_curve(t).auc == Approx(algo::success_rate_curve(per_cell, deposits).area_under_curve).epsilon(1e-15));
}

TEST_CASE("curves: impossible inputs are refused, not silently scored", "[validation][curves]") {
  // Every scored cell holds a deposit: no negative.
  CHECK_THROWS_WITH(roc_curve(tabulate({0.5f, 0.4f}, 0, {{0.5f, 1}, {0.4f, 1}})), Catch::Contains("deposit-free"));
  // No deposit in a scored cell.
  CHECK_THROWS_WITH(rate_curve(tabulate({0.5f, 0.4f}, 1, {{kNaN, 1}})), Catch::Contains("holding deposits"));
  // A deposit score that no data cell has.
  CHECK_THROWS_AS(tabulate({0.5f}, 0, {{0.7f, 1}}), std::invalid_argument);
}

TEST_CASE("curves: identical to algo/validation_curves on random tied data", "[validation][curves]") {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 20; ++round) {
    const std::size_t n = 500 + static_cast<std::size_t>(rng() % 1500);
    std::vector<double> scores(n);
    std::vector<std::uint32_t> deposits(n);
    std::vector<float> data;
    std::vector<CellScore> deps;
    std::uint64_t nodata = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const bool missing = rng() % 20 == 0;
      const float s = static_cast<float>(rng() % 40) / 40.0f;  // 40 levels: many ties
      deposits[i] = rng() % 25 == 0 ? 1 + static_cast<std::uint32_t>(rng() % 2) : 0;
      scores[i] = missing ? std::nan("") : s;
      if (missing)
        ++nodata;
      else
        data.push_back(s);
      if (deposits[i]) deps.push_back({missing ? kNaN : s, deposits[i]});
    }
    std::sort(data.begin(), data.end(), std::greater<float>());
    const ModelScoreTable t = tabulate(data, nodata, deps);
    const algo::RocResult ref = algo::roc_auc(scores, deposits);
    const RocCurve roc = roc_curve(t);
    INFO("round " << round);
    CHECK(roc.auc == Approx(ref.auc).epsilon(1e-12));
    CHECK(roc.se == Approx(ref.se).epsilon(1e-9));
    CHECK(roc.positives == ref.positives);
    CHECK(roc.negatives == ref.negatives);
    CHECK(t.nodata_deposits == ref.nodata_deposits);
    // The ROC curve's trapezoid area is the AUC (ties as diagonal steps).
    double area = 0;
    for (std::size_t i = 1; i < roc.points.size(); ++i)
      area += (roc.points[i].x - roc.points[i - 1].x) * (roc.points[i].y + roc.points[i - 1].y) / 2;
    CHECK(area == Approx(ref.auc).epsilon(1e-9));
    const algo::SuccessRateCurve sref = algo::success_rate_curve(scores, deposits);
    const RateCurve rate = rate_curve(t);
    CHECK(rate.auc == Approx(sref.area_under_curve).epsilon(1e-12));
    // Every kept point lies on the reference curve (only collinear points are dropped).
    for (const Point& p : rate.points) {
      bool found = false;
      for (const auto& q : sref.points)
        found |= std::fabs(q.area_fraction - p.x) < 1e-12 && std::fabs(q.deposit_fraction - p.y) < 1e-12;
      CHECK(found);
    }
  }
}
