// Scores, ranks, Monte-Carlo rank uncertainty and sensitivity, on tables computed by hand.
#include "stages/sites/ranking.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <random>

using namespace oremap::sites;

namespace {

ScoreTable table(std::size_t criteria, const std::vector<std::vector<double>>& rows) {
  ScoreTable t;
  t.sites = rows.size();
  t.criteria = criteria;
  for (std::size_t j = 0; j < rows.size(); ++j) {
    t.scores.insert(t.scores.end(), rows[j].begin(), rows[j].end());
    t.factor.push_back(1.0);
    t.excluded.push_back(0);
    t.tie_order.push_back(j);
  }
  return t;
}

}  // namespace

TEST_CASE("weights are normalised to sum 1", "[sites]") {
  CHECK(normalise({2, 1, 1}) == std::vector<double>{0.5, 0.25, 0.25});
  CHECK(normalise({0, 0}) == std::vector<double>{0, 0});
}

TEST_CASE("rank: highest score first, excluded sites unranked, penalties applied", "[sites]") {
  // Weights (0.5, 0.5). Totals: A 0.5*0.2 + 0.5*0.6 = 0.4; B 0.5*0.9 + 0.5*0.9 = 0.9;
  // C 0.5*1 + 0.5*1 = 1.0 but excluded; D 0.5*1 + 0.5*0.8 = 0.9, times penalty 0.5 = 0.45.
  ScoreTable t = table(2, {{0.2, 0.6}, {0.9, 0.9}, {1.0, 1.0}, {1.0, 0.8}});
  t.excluded[2] = 1;
  t.factor[3] = 0.5;
  const std::vector<double> w = {0.5, 0.5};
  CHECK(t.total(0, w) == Approx(0.4));
  CHECK(t.total(3, w) == Approx(0.45));
  CHECK(rank_sites(t, w) == std::vector<int>{3, 1, 0, 2});
}

TEST_CASE("rank ties are broken by tie order, also for sums that differ only in rounding", "[sites]") {
  // 0.1 + 0.2 = 0.30000000000000004 and 0.3 tie after rounding to 1e-12.
  ScoreTable t = table(2, {{0.1, 0.2}, {0.3, 0.0}, {0.0, 0.3}});
  const std::vector<double> w = {1.0, 1.0};
  REQUIRE(t.total(0, w) != t.total(1, w));
  t.tie_order = {2, 0, 1};
  CHECK(rank_sites(t, w) == std::vector<int>{3, 1, 2});
  t.tie_order = {0, 1, 2};
  CHECK(rank_sites(t, w) == std::vector<int>{1, 2, 3});
}

TEST_CASE("gamma and Dirichlet draws have the textbook moments", "[sites]") {
  // Gamma(k, 1): mean k, variance k. Standard error of the mean over n draws: sqrt(k / n).
  const int n = 200000;
  for (double shape : {0.3, 1.0, 3.7, 40.0}) {
    Random rng(7, 1);
    double sum = 0, sq = 0;
    for (int i = 0; i < n; ++i) {
      const double g = rng.gamma(shape);
      sum += g;
      sq += g * g;
    }
    const double mean = sum / n, var = sq / n - mean * mean;
    CHECK(std::abs(mean - shape) < 5 * std::sqrt(shape / n));
    CHECK(var == Approx(shape).epsilon(0.05));
  }
  // Dirichlet(alpha): E[w_i] = alpha_i / sum(alpha); a zero alpha stays 0.
  Random rng(11, 2);
  std::vector<double> alpha = {5, 3, 0, 2}, mean(4, 0);
  for (int i = 0; i < 20000; ++i) {
    std::vector<double> w = rng.dirichlet(alpha);
    CHECK(w[2] == 0.0);
    for (int k = 0; k < 4; ++k) mean[k] += w[k] / 20000;
  }
  CHECK(mean[0] == Approx(0.5).margin(0.005));
  CHECK(mean[1] == Approx(0.3).margin(0.005));
  CHECK(mean[3] == Approx(0.2).margin(0.005));
}

TEST_CASE("the random streams are the same for a seed and differ between seeds", "[sites]") {
  Random a(42, 3), b(42, 3), c(43, 3), d(42, 4);
  const double x = a.uniform();
  CHECK(x == b.uniform());
  CHECK(x != c.uniform());
  CHECK(x != d.uniform());
}

TEST_CASE("stream d of a seed is mt19937_64 seeded with the four 32-bit halves of seed and d", "[sites]") {
  // As docs/sites.md states: seed_seq{seed low, seed high, d low, d high}; uniforms are the 53
  // high bits of each output, offset by half a step. Seed and stream above 2^32 use both halves.
  const std::uint64_t seed = 0x123456789abcdef0ULL, d = 0x500000007ULL;
  std::seed_seq seq{0x9abcdef0u, 0x12345678u, 0x7u, 0x5u};
  std::mt19937_64 reference(seq);
  Random rng(seed, d);
  for (int i = 0; i < 4; ++i)
    CHECK(rng.uniform() == (static_cast<double>(reference() >> 11) + 0.5) / 9007199254740992.0);
}

namespace {

// Five sites, three criteria, declared weights (0.5, 0.3, 0.2): totals 0.77, 0.57, 0.56, 0.35, 0.24.
ScoreTable five_sites() {
  return table(3, {{0.9, 0.6, 0.7}, {0.4, 0.9, 0.5}, {0.6, 0.2, 1.0}, {0.2, 0.5, 0.5}, {0.1, 0.3, 0.5}});
}
const std::vector<double> kWeights = {0.5, 0.3, 0.2};

}  // namespace

TEST_CASE("Monte-Carlo ranks are reproducible with a seed, for any thread count", "[sites]") {
  ScoreTable t = five_sites();
  REQUIRE(rank_sites(t, kWeights) == std::vector<int>{1, 2, 3, 4, 5});
  Uncertainty a = monte_carlo(t, kWeights, 5, 500, 42, 2, 1);
  Uncertainty b = monte_carlo(t, kWeights, 5, 500, 42, 2, 4);
  CHECK(a.mean_rank == b.mean_rank);
  CHECK(a.p05 == b.p05);
  CHECK(a.p95 == b.p95);
  CHECK(a.p_top == b.p_top);
  Uncertainty c = monte_carlo(t, kWeights, 5, 500, 43, 2, 1);
  CHECK(a.mean_rank != c.mean_rank);
  // Sanity: ranks of 5 sites average 3; P(top 2) over the sites sums to 2.
  double sum_mean = 0, sum_top = 0;
  for (std::size_t j = 0; j < 5; ++j) {
    sum_mean += a.mean_rank[j];
    sum_top += a.p_top[j];
    CHECK(a.p05[j] <= a.p95[j]);
  }
  CHECK(sum_mean == Approx(15.0));
  CHECK(sum_top == Approx(2.0));
}

TEST_CASE("Monte-Carlo ranks converge to the declared ranking as concentration grows", "[sites]") {
  ScoreTable t = five_sites();
  const std::vector<int> declared = rank_sites(t, kWeights);
  auto spread = [&](double concentration) {
    Uncertainty u = monte_carlo(t, kWeights, concentration, 2000, 42, 1, 2);
    double s = 0;
    for (std::size_t j = 0; j < t.sites; ++j) s += std::abs(u.mean_rank[j] - declared[j]);
    return s;
  };
  const double loose = spread(1), medium = spread(50), tight = spread(5000);
  CHECK(loose > medium);
  CHECK(medium > tight);
  // Very concentrated draws reproduce the declared ranking in every draw.
  Uncertainty u = monte_carlo(t, kWeights, 1e7, 500, 42, 1, 2);
  for (std::size_t j = 0; j < t.sites; ++j) {
    CHECK(u.mean_rank[j] == declared[j]);
    CHECK(u.p05[j] == declared[j]);
    CHECK(u.p95[j] == declared[j]);
  }
  CHECK(u.p_top[0] == 1.0);
  CHECK(u.p_top[1] == 0.0);
}

TEST_CASE("Monte-Carlo leaves excluded sites unranked", "[sites]") {
  ScoreTable t = five_sites();
  t.excluded[0] = 1;
  Uncertainty u = monte_carlo(t, kWeights, 10, 100, 1, 1, 1);
  CHECK(std::isnan(u.mean_rank[0]));
  CHECK(u.p05[0] == 0);
  CHECK(std::isnan(u.p_top[0]));
  for (std::size_t j = 1; j < 5; ++j) CHECK(u.p95[j] <= 4);
}

TEST_CASE("one-at-a-time sensitivity: a weight raised by 20 % can swap two sites", "[sites]") {
  // A scores (1, 0), B (0, 0.9); weights (0.5, 0.5): A 0.5 > B 0.45.
  // Criterion 2 raised 20 %: w = (0.5, 0.6) / 1.1: A 0.4545 < B 0.4909 -> swapped.
  // Criterion 2 lowered 20 %: w = (0.5, 0.4) / 0.9: A 0.556 > B 0.4 -> unchanged.
  // Criterion 1 raised: A gains; lowered 20 %: w = (0.4, 0.5) / 0.9: A 0.444 < B 0.5 -> swapped.
  ScoreTable t = table(2, {{1.0, 0.0}, {0.0, 0.9}});
  Sensitivity s = one_at_a_time(t, {0.5, 0.5}, 0.2, 2);
  REQUIRE(s.criteria == std::vector<std::size_t>{0, 1});
  CHECK(s.minus[0] == std::vector<int>{2, 1});
  CHECK(s.plus[0] == std::vector<int>{1, 2});
  CHECK(s.minus[1] == std::vector<int>{1, 2});
  CHECK(s.plus[1] == std::vector<int>{2, 1});
  // Criteria with weight 0 are not perturbed.
  CHECK(one_at_a_time(t, {1.0, 0.0}, 0.2, 1).criteria == std::vector<std::size_t>{0});
}
