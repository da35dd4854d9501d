#include "algo/fuzzy.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

using Catch::Matchers::Equals;
using oremap::algo::FuzzyFunction;
using oremap::algo::FuzzyKind;
using oremap::algo::FuzzyOverlay;
using oremap::algo::OverlayKind;

TEST_CASE("fuzzy linear: increasing and decreasing", "[fuzzy]") {
  const auto up = FuzzyFunction::linear(10, 20);
  CHECK(up(5) == 0.0);  // below min
  CHECK(up(10) == 0.0);
  CHECK(up(12.5) == Approx(0.25));  // (12.5 - 10) / (20 - 10)
  CHECK(up(20) == 1.0);
  CHECK(up(25) == 1.0);  // above max, clamped
  const auto down = FuzzyFunction::linear(20, 10);
  CHECK(down(12.5) == Approx(0.75));  // (12.5 - 20) / (10 - 20)
  CHECK(down(25) == 0.0);
  CHECK(down(5) == 1.0);
}

TEST_CASE("fuzzy gaussian: exp(-s (x - m)^2)", "[fuzzy]") {
  const auto f = FuzzyFunction::gaussian(5, 0.1);
  CHECK(f(5) == 1.0);
  CHECK(f(7) == Approx(0.6703200460));  // exp(-0.1 * 2^2) = exp(-0.4)
  CHECK(f(3) == Approx(0.6703200460));  // symmetric
}

TEST_CASE("fuzzy large and small: 1 / (1 + (x/m)^(-/+ s))", "[fuzzy]") {
  const auto large = FuzzyFunction::large(10, 5);
  CHECK(large(10) == 0.5);                  // (1)^-5 = 1 -> 1/2
  CHECK(large(20) == Approx(32.0 / 33.0));  // 2^-5 = 1/32 -> 1 / (1 + 1/32)
  CHECK(large(5) == Approx(1.0 / 33.0));    // 0.5^-5 = 32 -> 1/33
  CHECK(large(0) == 0.0);                   // limit at 0+
  CHECK(large(-3) == 0.0);                  // negative inputs take the limit at 0+
  const auto small = FuzzyFunction::small(10, 5);
  CHECK(small(10) == 0.5);
  CHECK(small(20) == Approx(1.0 / 33.0));  // 2^5 = 32 -> 1/33
  CHECK(small(5) == Approx(32.0 / 33.0));
  CHECK(small(0) == 1.0);
}

TEST_CASE("fuzzy near: 1 / (1 + s (x - m)^2)", "[fuzzy]") {
  const auto f = FuzzyFunction::near(5, 0.25);
  CHECK(f(5) == 1.0);
  CHECK(f(7) == Approx(0.5));  // 1 / (1 + 0.25 * 4)
  CHECK(f(1) == Approx(0.2));  // 1 / (1 + 0.25 * 16)
}

TEST_CASE("fuzzy mslarge and mssmall: mean/std based", "[fuzzy]") {
  // m = 10, s = 2, a = b = 1: a*m = 10, b*s = 2.
  const auto large = FuzzyFunction::mslarge(10, 2);
  CHECK(large(5) == 0.0);  // x <= a*m
  CHECK(large(10) == 0.0);
  CHECK(large(12) == Approx(0.5));   // 1 - 2 / (12 - 10 + 2)
  CHECK(large(16) == Approx(0.75));  // 1 - 2 / 8
  const auto small = FuzzyFunction::mssmall(10, 2);
  CHECK(small(5) == 1.0);  // x <= a*m
  CHECK(small(10) == 1.0);
  CHECK(small(12) == Approx(0.5));   // 2 / 4
  CHECK(small(16) == Approx(0.25));  // 2 / 8
  // a = 1.5, b = 2: a*m = 15, b*s = 4; x = 19 -> 1 - 4 / (19 - 15 + 4) = 0.5.
  const auto scaled = FuzzyFunction::mslarge(10, 2, 1.5, 2);
  CHECK(scaled(15) == 0.0);
  CHECK(scaled(19) == Approx(0.5));
  CHECK(scaled(23) == Approx(2.0 / 3.0));  // 1 - 4 / (23 - 15 + 4) = 1 - 1/3
}

TEST_CASE("fuzzy power: QGIS power membership", "[fuzzy]") {
  const auto up = FuzzyFunction::power(0, 10, 2);
  CHECK(up(-1) == 0.0);
  CHECK(up(5) == Approx(0.25));  // (5/10)^2
  CHECK(up(12) == 1.0);
  const auto down = FuzzyFunction::power(10, 0, 2);
  CHECK(down(2.5) == Approx(0.5625));  // ((2.5 - 10) / (0 - 10))^2 = 0.75^2
  CHECK(down(11) == 0.0);
  CHECK(down(-1) == 1.0);
}

TEST_CASE("fuzzy: NaN passes through, infinities stay in [0, 1]", "[fuzzy]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<FuzzyFunction> all = {FuzzyFunction::linear(0, 1),  FuzzyFunction::gaussian(0, 1),
                                          FuzzyFunction::large(1, 5),   FuzzyFunction::small(1, 5),
                                          FuzzyFunction::near(0, 1),    FuzzyFunction::mslarge(1, 1),
                                          FuzzyFunction::mssmall(1, 1), FuzzyFunction::power(0, 1, 0.5)};
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> any(-1e6, 1e6);
  for (const auto& f : all) {
    CHECK(std::isnan(f(nan)));
    for (double x : {-inf, inf, 0.0, any(rng), any(rng), 1e-300, -1e-300}) {
      const double m = f(x);
      CHECK(m >= 0.0);
      CHECK(m <= 1.0);
    }
  }
}

TEST_CASE("fuzzy: a run of cells gives each cell's scalar value, NaN as NaN", "[fuzzy]") {
  const std::vector<FuzzyFunction> all = {
      FuzzyFunction::linear(10, 250), FuzzyFunction::linear(250, 10), FuzzyFunction::gaussian(3, 0.2),
      FuzzyFunction::large(40, 5),    FuzzyFunction::small(40, 5),    FuzzyFunction::near(7, 0.01),
      FuzzyFunction::mslarge(5, 2),   FuzzyFunction::mssmall(5, 2),   FuzzyFunction::power(0, 100, 0.5)};
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> any(-50, 300);
  std::vector<float> in(1003);  // not a multiple of any vector width
  for (auto& x : in) x = any(rng);
  in[0] = NAN;
  in[17] = NAN;
  in[1002] = std::numeric_limits<float>::infinity();
  for (const auto& f : all) {
    std::vector<float> out(in.size(), -1);
    f(in.data(), out.data(), in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
      INFO("kind " << static_cast<int>(f.kind()) << ", x = " << in[i]);
      if (std::isnan(in[i]))
        CHECK(std::isnan(out[i]));
      else
        CHECK(out[i] == static_cast<float>(f(in[i])));  // bit for bit
    }
  }
}

TEST_CASE("fuzzy: from_name with defaults and validation", "[fuzzy]") {
  const auto g = FuzzyFunction::from_name("gaussian", {{"midpoint", 5}});
  CHECK(g.kind() == FuzzyKind::gaussian);
  CHECK(g.params() == std::vector<double>{5, 0.1});  // ArcGIS default spread 0.1
  const auto l = FuzzyFunction::from_name("large", {{"midpoint", 10}});
  CHECK(l.params() == std::vector<double>{10, 5});  // ArcGIS default spread 5
  const auto ms = FuzzyFunction::from_name("mssmall", {{"mean", 10}, {"std", 2}});
  CHECK(ms.params() == std::vector<double>{10, 2, 1, 1});
  CHECK(ms(12) == Approx(0.5));

  CHECK_THROWS_WITH(FuzzyFunction::from_name("gauss", {}),
                    Equals("fuzzy: unknown function 'gauss'; use one of linear, gaussian, large, "
                           "small, near, mslarge, mssmall, power"));
  CHECK_THROWS_WITH(FuzzyFunction::from_name("gaussian", {{"midpoint", 1}, {"sprad", 1}}),
                    Equals("gaussian: unknown parameter 'sprad'; use midpoint, spread"));
  CHECK_THROWS_WITH(FuzzyFunction::from_name("linear", {{"min", 1}}),
                    Equals("linear: missing parameter 'max' (value with membership 1 (may be "
                           "below min: decreasing))"));
  CHECK_THROWS_WITH(FuzzyFunction::from_name("near", {{"midpoint", 1}, {"spread", 0}}),
                    Equals("near: spread must be > 0 (got 0)"));
}

TEST_CASE("fuzzy: invalid parameters throw with exact messages", "[fuzzy]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(FuzzyFunction::gaussian(0, -1), Equals("gaussian: spread must be > 0 (got -1)"));
  CHECK_THROWS_WITH(FuzzyFunction::gaussian(nan, 1), Equals("gaussian: midpoint must be a finite number (got nan)"));
  CHECK_THROWS_WITH(FuzzyFunction::large(0, 5), Equals("large: midpoint must be > 0 (got 0)"));
  CHECK_THROWS_WITH(FuzzyFunction::small(-2, 5), Equals("small: midpoint must be > 0 (got -2)"));
  CHECK_THROWS_WITH(FuzzyFunction::small(2, 0), Equals("small: spread must be > 0 (got 0)"));
  CHECK_THROWS_WITH(FuzzyFunction::near(0, -0.5), Equals("near: spread must be > 0 (got -0.5)"));
  CHECK_THROWS_WITH(FuzzyFunction::linear(3, 3), Equals("linear: min and max must differ (both 3)"));
  CHECK_THROWS_WITH(FuzzyFunction::mslarge(10, -1), Equals("mslarge: std must be >= 0 (got -1)"));
  CHECK_THROWS_WITH(FuzzyFunction::mssmall(10, 1, 1, 0), Equals("mssmall: std_multiplier must be > 0 (got 0)"));
  CHECK_THROWS_WITH(FuzzyFunction::power(0, 0, 2), Equals("power: low and high must differ (both 0)"));
  CHECK_THROWS_WITH(FuzzyFunction::power(0, 1, -2), Equals("power: exponent must be > 0 (got -2)"));
}

TEST_CASE("fuzzy overlay: operators on three memberships", "[fuzzy]") {
  const std::vector<double> mu = {0.2, 0.5, 0.8};
  CHECK(FuzzyOverlay(OverlayKind::minimum)(mu) == 0.2);
  CHECK(FuzzyOverlay(OverlayKind::maximum)(mu) == 0.8);
  CHECK(FuzzyOverlay(OverlayKind::product)(mu) == Approx(0.08));  // 0.2 * 0.5 * 0.8
  CHECK(FuzzyOverlay(OverlayKind::sum)(mu) == Approx(0.92));      // 1 - 0.8 * 0.5 * 0.2
  // gamma 0.5: sqrt(0.92 * 0.08) = sqrt(0.0736)
  CHECK(FuzzyOverlay(OverlayKind::gamma, 0.5)(mu) == Approx(0.2712931993));
  // gamma 0.9: 0.92^0.9 * 0.08^0.1 = exp(0.9 ln 0.92 + 0.1 ln 0.08) = exp(-0.3276163)
  CHECK(FuzzyOverlay::from_name("gamma")(mu) == Approx(0.7206394670));
  CHECK(FuzzyOverlay::from_name("and")(mu) == 0.2);
  CHECK(FuzzyOverlay::from_name("or")(mu) == 0.8);
  const double one[1] = {0.3};
  CHECK(FuzzyOverlay(OverlayKind::sum)(one, 1) == Approx(0.3));
}

TEST_CASE("fuzzy SUM keeps memberships far below double precision", "[fuzzy]") {
  // 1 - (1 - 1e-20)^3 = 3e-20 - 3e-40 + 1e-60: 3e-20 to 20 digits. Computed as 1 - product it
  // would be exactly 0, because 1 - 1e-20 rounds to 1.
  const std::vector<double> tiny = {1e-20, 1e-20, 1e-20};
  CHECK(FuzzyOverlay(OverlayKind::sum)(tiny) == Approx(3e-20).epsilon(1e-12));
  CHECK(FuzzyOverlay(OverlayKind::sum)(std::vector<double>{1.0, 0.3}) == 1.0);  // a certain input stays 1
  CHECK(FuzzyOverlay(OverlayKind::sum)(std::vector<double>{0.0, 0.0}) == 0.0);
}

TEST_CASE("fuzzy overlay: gamma 0 is PRODUCT and gamma 1 is SUM", "[fuzzy]") {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const FuzzyOverlay product(OverlayKind::product), sum(OverlayKind::sum);
  const FuzzyOverlay g0(OverlayKind::gamma, 0.0), g1(OverlayKind::gamma, 1.0);
  for (int rep = 0; rep < 200; ++rep) {
    std::vector<double> mu(1 + rep % 6);
    for (auto& m : mu) m = unit(rng);
    if (rep % 7 == 0) mu[0] = 0.0;  // pow(0, 0) must give 1, not break the identity
    if (rep % 11 == 0) mu[0] = 1.0;
    CHECK(g0(mu) == product(mu));
    CHECK(g1(mu) == sum(mu));
  }
}

TEST_CASE("fuzzy overlay: NaN, empty input and bad gamma", "[fuzzy]") {
  const std::vector<double> with_nan = {0.4, std::numeric_limits<double>::quiet_NaN()};
  CHECK(std::isnan(FuzzyOverlay(OverlayKind::minimum)(with_nan)));
  CHECK(std::isnan(FuzzyOverlay(OverlayKind::gamma)(with_nan)));
  CHECK_THROWS_WITH(FuzzyOverlay(OverlayKind::sum)(std::vector<double>{}),
                    Equals("fuzzy overlay: needs at least one input membership"));
  CHECK_THROWS_WITH(FuzzyOverlay(OverlayKind::gamma, 1.5),
                    Equals("fuzzy overlay gamma: gamma must be in [0, 1] (got 1.5)"));
  CHECK_THROWS_WITH(FuzzyOverlay::from_name("xor"),
                    Equals("fuzzy overlay: unknown operator 'xor'; use one of and, or, product, "
                           "sum, gamma"));
  CHECK_NOTHROW(FuzzyOverlay(OverlayKind::sum, 7.0));  // gamma ignored by other operators
}
