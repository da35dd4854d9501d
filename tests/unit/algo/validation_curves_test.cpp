#include "algo/validation_curves.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

using namespace oremap::algo;
using Catch::Matchers::Equals;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// The tiny map used below: six cells, one nodata, a tie at 0.8, a cell with two deposits.
//   cell:      0    1    2    3    4    5
//   score:    0.9  0.8  0.8  0.5  0.3  NaN
//   deposits:  1    0    2    0    0    1
const std::vector<double> kScores = {0.9, 0.8, 0.8, 0.5, 0.3, kNaN};
const std::vector<std::uint32_t> kDeposits = {1, 0, 2, 0, 0, 1};

// Reference AUC by comparing every (deposit, deposit-free cell) pair; ties count 1/2.
double brute_force_auc(const std::vector<double>& s, const std::vector<std::uint32_t>& d) {
  double wins = 0, pairs = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    for (std::size_t j = 0; j < s.size(); ++j) {
      if (std::isnan(s[i]) || std::isnan(s[j]) || d[i] == 0 || d[j] != 0) continue;
      pairs += d[i];
      wins += d[i] * (s[i] > s[j] ? 1.0 : s[i] == s[j] ? 0.5 : 0.0);
    }
  return wins / pairs;
}

}  // namespace

TEST_CASE("roc: hand-computed AUC with ties, a double deposit and nodata", "[validation]") {
  // Positives: cell 0 (0.9) once, cell 2 (0.8) twice -> 3. Negatives: cells 1, 3, 4 -> 3.
  // Cell 5 is nodata: excluded, its deposit reported.
  // Cell 0 beats 0.8, 0.5, 0.3: 3 wins. Each deposit of cell 2: tie with 0.8 (1/2), beats 0.5
  // and 0.3: 2.5, twice -> 5. U = 8, AUC = 8 / (3 * 3) = 0.888888889.
  // Hanley & McNeil: Q1 = A/(2-A) = 0.8, Q2 = 2A^2/(1+A) = 128/153 = 0.836601307, A^2 = 64/81;
  // SE^2 = [A(1-A) + 2(Q1 - A^2) + 2(Q2 - A^2)] / 9 = 0.023497135 -> SE = 0.153287754;
  // CI = 0.888888889 -/+ 1.959963985 * 0.153287754 = [0.588450412, 1.189] -> high clipped to 1.
  const auto r = roc_auc(kScores, kDeposits);
  CHECK(r.positives == 3);
  CHECK(r.negatives == 3);
  CHECK(r.nodata_cells == 1);
  CHECK(r.nodata_deposits == 1);
  CHECK(r.auc == Approx(8.0 / 9.0));
  CHECK(r.se == Approx(0.153287754));
  CHECK(r.ci_low == Approx(0.588450412));
  CHECK(r.ci_high == 1.0);
}

TEST_CASE("roc: all scores tied gives 0.5; perfect ranking gives 1", "[validation]") {
  CHECK(roc_auc({2, 2, 2, 2}, {1, 0, 3, 0}).auc == Approx(0.5));
  CHECK(roc_auc({4, 3, 2, 1}, {1, 1, 0, 0}).auc == 1.0);
  CHECK(roc_auc({1, 2, 3, 4}, {1, 1, 0, 0}).auc == 0.0);
}

TEST_CASE("roc: matches brute-force pair counting on random maps", "[validation]") {
  std::mt19937 rng(99);
  std::uniform_int_distribution<int> level(0, 9);  // coarse scores: many ties
  std::uniform_int_distribution<int> dep(0, 12);
  for (int rep = 0; rep < 20; ++rep) {
    const std::size_t n = 30 + rep * 7;
    std::vector<double> s(n);
    std::vector<std::uint32_t> d(n);
    for (std::size_t i = 0; i < n; ++i) {
      s[i] = level(rng) == 0 ? kNaN : level(rng) / 10.0;
      const int k = dep(rng);
      d[i] = k >= 10 ? static_cast<std::uint32_t>(k - 9) : 0;  // 0 mostly, sometimes 1..3
    }
    d[0] = 1;
    s[0] = 0.55;  // at least one scored deposit
    d[1] = 0;
    s[1] = 0.45;  // and one scored deposit-free cell
    CHECK(roc_auc(s, d).auc == Approx(brute_force_auc(s, d)).epsilon(1e-12));
  }
}

TEST_CASE("success rate: hand-computed curve with ties, a double deposit and nodata", "[validation]") {
  // Scored area 5 cells, 3 deposits in them (the deposit in the nodata cell is excluded).
  //   score 0.9: +1 cell, +1 deposit   -> (1/5, 1/3)
  //   score 0.8: +2 cells (one step), +2 deposits -> (3/5, 3/3)
  //   score 0.5: (4/5, 1); score 0.3: (5/5, 1)
  // Trapezoids: 0.2 * (0 + 1/3)/2 + 0.4 * (1/3 + 1)/2 + 0.2 * 1 + 0.2 * 1
  //           = 0.033333 + 0.266667 + 0.2 + 0.2 = 0.7
  const auto c = success_rate_curve(kScores, kDeposits);
  CHECK(c.deposits == 3);
  CHECK(c.scored_cells == 5);
  CHECK(c.nodata_cells == 1);
  CHECK(c.nodata_deposits == 1);
  REQUIRE(c.points.size() == 5);
  const double area[] = {0, 0.2, 0.6, 0.8, 1.0};
  const double dep[] = {0, 1.0 / 3.0, 1, 1, 1};
  const double thr[] = {0.9, 0.8, 0.5, 0.3};
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(c.points[i].area_fraction == Approx(area[i]));
    CHECK(c.points[i].deposit_fraction == Approx(dep[i]));
    if (i > 0) CHECK(c.points[i].threshold == thr[i - 1]);
  }
  CHECK(std::isinf(c.points[0].threshold));
  CHECK(c.points.back().area_fraction == 1.0);
  CHECK(c.points.back().deposit_fraction == 1.0);
  CHECK(c.area_under_curve == Approx(0.7));
}

TEST_CASE("success rate: a fully tied map is one straight step", "[validation]") {
  const auto c = success_rate_curve({1, 1, 1, 1}, {0, 2, 0, 0});
  REQUIRE(c.points.size() == 2);
  CHECK(c.points[1].area_fraction == 1.0);
  CHECK(c.points[1].deposit_fraction == 1.0);
  CHECK(c.area_under_curve == Approx(0.5));
}

TEST_CASE("success rate: input order does not matter", "[validation]") {
  std::vector<std::size_t> order = {5, 3, 0, 4, 2, 1};
  std::vector<double> s;
  std::vector<std::uint32_t> d;
  for (auto i : order) {
    s.push_back(kScores[i]);
    d.push_back(kDeposits[i]);
  }
  CHECK(success_rate_curve(s, d).area_under_curve == Approx(0.7));
  CHECK(roc_auc(s, d).auc == Approx(8.0 / 9.0));
}

TEST_CASE("validation curves: invalid inputs", "[validation]") {
  CHECK_THROWS_WITH(roc_auc({1, 2}, {1}),
                    Equals("roc: scores has 2 cells but deposits has 1; pass one count per cell"));
  CHECK_THROWS_WITH(roc_auc({1, 2}, {0, 0}),
                    Equals("roc: needs at least one deposit and one deposit-free cell with a score "
                           "(got 0 deposits, 2 deposit-free cells)"));
  CHECK_THROWS_WITH(roc_auc({1, 2}, {1, 0}, 0),
                    Equals("roc: z must be a finite number > 0 (got 0); 1.959963985 gives a 95 % "
                           "interval"));
  CHECK_THROWS_WITH(success_rate_curve({kNaN, 1}, {1, 0}),
                    Equals("success rate: needs scored cells holding deposits (got 1 scored "
                           "cells, 0 deposits in them)"));
  CHECK_THROWS_WITH(success_rate_curve({1}, {1, 0}),
                    Equals("success rate: scores has 1 cells but deposits has 2; pass one count "
                           "per cell"));
}
