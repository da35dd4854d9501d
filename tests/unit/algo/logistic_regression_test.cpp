#include "algo/logistic_regression.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>
#include <vector>

using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;
using oremap::algo::fit_logistic;
using oremap::algo::LogisticFit;

namespace {

// 2x2 table of a binary predictor x against the label y:
//          y=1   y=0
//   x=1   a=30  b=10
//   x=0   c=15  d=45
// Closed form of the maximum-likelihood fit (the saturated model reproduces the table):
//   intercept = ln(c/d) = ln(1/3) = -1.098612289
//   slope     = ln[(a/b)/(c/d)] = ln(3 / (1/3)) = ln 9 = 2.197224577
//   se(slope) = sqrt(1/a + 1/b + 1/c + 1/d) = sqrt(2/9) = 0.471404521
//   se(intercept) = sqrt(1/c + 1/d) = sqrt(4/45) = 0.298142397
//   log-likelihood = 30 ln .75 + 10 ln .25 + 15 ln .25 + 45 ln .75
//                  = 75 (-0.287682072) + 25 (-1.386294361) = -56.233514460
//   null log-likelihood (45 deposits in 100: p = .45) = 45 ln .45 + 55 ln .55 = -68.813881371
//   AIC = 2 * 2 - 2 (-56.233514460) = 116.467028924
//   McFadden = 1 - (-56.233514460) / (-68.813881371) = 0.182817284
void check_table_fit(const LogisticFit& fit) {
  REQUIRE(fit.converged);
  REQUIRE(fit.coefficients.size() == 2);
  CHECK(fit.coefficients[0] == Approx(-1.098612289));
  CHECK(fit.coefficients[1] == Approx(2.197224577));
  CHECK(fit.standard_errors[0] == Approx(0.298142397));
  CHECK(fit.standard_errors[1] == Approx(0.471404521));
  CHECK(fit.log_likelihood == Approx(-56.233514460));
  CHECK(fit.null_log_likelihood == Approx(-68.813881371));
  CHECK(fit.aic() == Approx(116.467028924));
  CHECK(fit.mcfadden_r2() == Approx(0.182817284));
  const double x1 = 1, x0 = 0;
  CHECK(fit.predict(&x1) == Approx(0.75));  // a / (a + b)
  CHECK(fit.predict(&x0) == Approx(0.25));  // c / (c + d)
}

}  // namespace

TEST_CASE("logistic: binary predictor matches the 2x2 closed form (weighted rows)", "[logistic]") {
  // Four rows carrying the cell counts as frequency weights.
  const std::vector<double> x = {1, 1, 0, 0};
  const std::vector<double> y = {1, 0, 1, 0};
  const std::vector<double> w = {30, 10, 15, 45};
  check_table_fit(fit_logistic(x, 1, y, w));
}

TEST_CASE("logistic: binary predictor matches the 2x2 closed form (expanded rows)", "[logistic]") {
  std::vector<double> x, y;
  auto add = [&](double xv, double yv, int count) {
    for (int i = 0; i < count; ++i) {
      x.push_back(xv);
      y.push_back(yv);
    }
  };
  add(1, 1, 30);
  add(1, 0, 10);
  add(0, 1, 15);
  add(0, 0, 45);
  check_table_fit(fit_logistic(x, 1, y));
}

TEST_CASE("logistic: intercept-only model is the logit of the mean", "[logistic]") {
  // 3 ones in 10 rows: intercept = ln(0.3/0.7) = -0.847297860; se = 1/sqrt(n p (1-p))
  // = 1/sqrt(10 * 0.21) = 0.690065559.
  const std::vector<double> y = {1, 0, 0, 1, 0, 0, 0, 1, 0, 0};
  const auto fit = fit_logistic({}, 0, y);
  CHECK(fit.coefficients[0] == Approx(-0.847297860));
  CHECK(fit.standard_errors[0] == Approx(0.690065559));
}

TEST_CASE("logistic: two predictors against an independent Newton fit", "[logistic]") {
  // Expected values from a separate pure-Python Newton-Raphson with a Gauss-Jordan inverse
  // (no numpy; run in the sandbox on these exact 20 rows, converged in 7 iterations):
  //   beta = (-0.7688870065, 1.2325221219, -0.4253804178)
  //   se   = ( 0.8117724287, 0.5702746061,  1.1169801927)
  //   log-likelihood = -10.2815692633; P(x1 = 1, x2 = 1) = 0.5095625083
  const std::vector<double> x1 = {0.5, 1.2,  -0.3, 2.1, 0.0,  -1.5, 1.8,  0.7, -0.8, 1.1,
                                  2.5, -2.0, 0.3,  1.6, -0.5, 0.9,  -1.1, 2.2, 0.1,  1.4};
  const std::vector<double> x2 = {1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0};
  const std::vector<double> y = {0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0};
  std::vector<double> features;
  for (std::size_t i = 0; i < y.size(); ++i) {
    features.push_back(x1[i]);
    features.push_back(x2[i]);
  }
  const auto fit = fit_logistic(features, 2, y);
  REQUIRE(fit.converged);
  CHECK(fit.iterations <= 10);
  CHECK(fit.coefficients[0] == Approx(-0.7688870065));
  CHECK(fit.coefficients[1] == Approx(1.2325221219));
  CHECK(fit.coefficients[2] == Approx(-0.4253804178));
  CHECK(fit.standard_errors[0] == Approx(0.8117724287));
  CHECK(fit.standard_errors[1] == Approx(0.5702746061));
  CHECK(fit.standard_errors[2] == Approx(1.1169801927));
  CHECK(fit.log_likelihood == Approx(-10.2815692633));
  CHECK(fit.predict(std::vector<double>{1, 1}) == Approx(0.5095625083));

  // Optimality, checked on its own: the score sum (y - p) x vanishes at the estimate.
  double s0 = 0, s1 = 0, s2 = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double r = y[i] - fit.predict(&features[2 * i]);
    s0 += r;
    s1 += r * x1[i];
    s2 += r * x2[i];
  }
  CHECK(std::abs(s0) < 1e-9);
  CHECK(std::abs(s1) < 1e-9);
  CHECK(std::abs(s2) < 1e-9);
}

TEST_CASE("logistic: predictor scale does not change the fit", "[logistic]") {
  // x in metres vs kilometres: slope scales by 1000, intercept and log-likelihood unchanged.
  const std::vector<double> km = {0.2, 0.5, 0.9, 1.4, 2.0, 2.7, 3.1, 3.8, 4.4, 5.0};
  const std::vector<double> y = {1, 1, 0, 1, 0, 1, 0, 0, 0, 0};
  std::vector<double> m;
  for (double v : km) m.push_back(v * 1000);
  const auto a = fit_logistic(km, 1, y);
  const auto b = fit_logistic(m, 1, y);
  CHECK(b.coefficients[0] == Approx(a.coefficients[0]));
  CHECK(b.coefficients[1] * 1000 == Approx(a.coefficients[1]));
  CHECK(b.standard_errors[1] * 1000 == Approx(a.standard_errors[1]));
  CHECK(b.log_likelihood == Approx(a.log_likelihood));
}

TEST_CASE("logistic: separation is detected", "[logistic]") {
  const auto separation = StartsWith("logistic regression: perfect or quasi-complete separation");
  // Complete: x <= 3 -> 0, x >= 4 -> 1.
  CHECK_THROWS_WITH(fit_logistic({1, 2, 3, 4, 5, 6}, 1, {0, 0, 0, 1, 1, 1}), separation);
  // Quasi-complete: x = 3 holds both labels, all others separated.
  CHECK_THROWS_WITH(fit_logistic({1, 2, 3, 3, 4, 5}, 1, {0, 0, 0, 1, 1, 1}), separation);
  // Binary predictor with an empty cell: x = 1 always has y = 1.
  CHECK_THROWS_WITH(fit_logistic({1, 1, 1, 0, 0, 0, 0}, 1, {1, 1, 1, 0, 1, 0, 0}), separation);
}

TEST_CASE("logistic: collinear and constant predictors are rejected", "[logistic]") {
  const std::string singular =
      "logistic regression: singular information matrix: predictors are collinear or constant (a "
      "constant one duplicates the intercept); drop the redundant predictors";
  // x2 = 2 * x1
  CHECK_THROWS_WITH(fit_logistic({1, 2, 2, 4, 3, 6, 4, 8, 5, 10}, 2, {0, 1, 0, 1, 1}), Equals(singular));
  // a constant predictor
  CHECK_THROWS_WITH(fit_logistic({7, 7, 7, 7}, 1, {0, 1, 0, 1}), Equals(singular));
}

TEST_CASE("logistic: redundant predictors are named", "[logistic]") {
  using oremap::algo::redundant_predictors;
  // Columns: x0 varies, x1 = 2 x0 + 3, x2 constant 5, x3 varies on its own, x4 = x0 - x3 + 1.
  const std::vector<double> x0 = {1, 4, 2, 8, 5, 7}, x3 = {3, 1, 4, 1, 5, 9};
  std::vector<double> rows;
  for (std::size_t i = 0; i < x0.size(); ++i)
    for (double v : {x0[i], 2 * x0[i] + 3, 5.0, x3[i], x0[i] - x3[i] + 1}) rows.push_back(v);
  const auto r = redundant_predictors(rows, 5);
  REQUIRE(r.size() == 3);
  CHECK(r[0].index == 2);  // the constant one, first
  CHECK(r[0].with.empty());
  // Then two of {x0, x1, x4}: which ones the pivoting keeps is its choice, but each named one
  // is a combination of the others: x1 of x0 alone, x4 of x0 and x3 (or x1 and x3).
  for (std::size_t k : {1, 2}) {
    INFO("redundant " << r[k].index);
    CHECK(r[k].index != 3);
    CHECK_FALSE(r[k].with.empty());
  }
  // Independent predictors: nothing to drop; a row with weight 0 does not count.
  CHECK(redundant_predictors({1, 3, 4, 1, 2, 4, 8, 1}, 2).empty());
  const auto weighted = redundant_predictors({1, 3, 2, 3, 4, 9}, 2, {1, 1, 0});  // x1 constant where weighted
  REQUIRE(weighted.size() == 1);
  CHECK(weighted[0].index == 1);
}

TEST_CASE("logistic: invalid inputs", "[logistic]") {
  CHECK_THROWS_WITH(fit_logistic({1, 2, 3}, 2, {0, 1}),
                    Equals("logistic regression: features has 3 values, expected rows (2) * "
                           "n_features (2) = 4"));
  CHECK_THROWS_WITH(fit_logistic({1, 2, 3}, 1, {0, 2, 1}),
                    Equals("logistic regression: labels must be 0 or 1 (got 2 at row 1)"));
  CHECK_THROWS_WITH(fit_logistic({1, 2, 3}, 1, {0, 1, 1}, {1, -1, 1}),
                    Equals("logistic regression: weights must be finite and >= 0 (got -1 at row "
                           "1)"));
  CHECK_THROWS_WITH(fit_logistic({1, 2, 3}, 1, {1, 1, 1}),
                    Equals("logistic regression: labels need both 0s and 1s with positive weight "
                           "(got 3 for 1, 0 for 0)"));
  CHECK_THROWS_WITH(fit_logistic({1, NAN, 3}, 1, {0, 1, 1}),
                    Equals("logistic regression: features must be finite (got nan at row 1, "
                           "feature 0); drop or fill nodata cells first"));
  const auto fit = fit_logistic({1, 1, 0, 0}, 1, {1, 0, 1, 0}, {30, 10, 15, 45});
  CHECK_THROWS_WITH(fit.predict(std::vector<double>{1, 2}),
                    Equals("logistic regression: predict needs 1 features (got 2)"));
}
