// Spatial-block fold assignment and the hold-out split.
#include "stages/validation/deposit_split.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>

using namespace oremap::validation;

TEST_CASE("folds: deposits in one spatial block always share a fold", "[validation][folds]") {
  std::mt19937_64 rng(3);
  std::vector<std::array<double, 2>> pts;
  for (int i = 0; i < 300; ++i)
    pts.push_back({static_cast<double>(rng() % 400000) - 100000.0, 3000000.0 + static_cast<double>(rng() % 250000)});
  const double b = 50000;
  const FoldAssignment a = assign_block_folds(pts, b, 5, 42);
  REQUIRE(a.fold.size() == pts.size());
  CHECK(a.folds == 5);
  std::map<std::pair<long long, long long>, int> seen;
  std::set<int> used;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const std::pair<long long, long long> block{static_cast<long long>(std::floor(pts[i][0] / b)),
                                                static_cast<long long>(std::floor(pts[i][1] / b))};
    auto [it, inserted] = seen.emplace(block, a.fold[i]);
    if (!inserted) CHECK(it->second == a.fold[i]);
    CHECK(a.fold[i] >= 0);
    CHECK(a.fold[i] < 5);
    used.insert(a.fold[i]);
  }
  CHECK(a.blocks == seen.size());
  CHECK(used.size() == 5);  // blocks are dealt in turn: every fold gets one
  // Blocks per fold differ by at most one.
  std::map<int, int> blocks_per_fold;
  for (const auto& [block, fold] : seen) ++blocks_per_fold[fold];
  int lo = 1 << 30, hi = 0;
  for (const auto& [fold, n] : blocks_per_fold) {
    lo = std::min(lo, n);
    hi = std::max(hi, n);
  }
  CHECK(hi - lo <= 1);
}

TEST_CASE("folds: deterministic for a seed, different for another", "[validation][folds]") {
  std::vector<std::array<double, 2>> pts;
  for (int i = 0; i < 40; ++i) pts.push_back({i * 30000.0, (i % 7) * 45000.0});
  const FoldAssignment a = assign_block_folds(pts, 50000, 4, 11);
  CHECK(assign_block_folds(pts, 50000, 4, 11).fold == a.fold);
  CHECK(assign_block_folds(pts, 50000, 4, 12).fold != a.fold);
  // Input order does not matter: blocks are sorted before the seeded shuffle.
  std::vector<std::array<double, 2>> reversed(pts.rbegin(), pts.rend());
  const FoldAssignment r = assign_block_folds(reversed, 50000, 4, 11);
  for (std::size_t i = 0; i < pts.size(); ++i) CHECK(r.fold[pts.size() - 1 - i] == a.fold[i]);
}

TEST_CASE("folds: blocks by floor, and fewer blocks than k lower k", "[validation][folds]") {
  // Blocks of 50 m: (10, 10) and (20, 20) are block (0, 0); (60, 10) is (1, 0); (-1, 10) is (-1, 0).
  const std::vector<std::array<double, 2>> pts{{10, 10}, {20, 20}, {60, 10}, {-1, 10}};
  const FoldAssignment a = assign_block_folds(pts, 50, 5, 1);
  CHECK(a.blocks == 3);
  CHECK(a.folds == 3);  // k = 5 asked, 3 blocks
  CHECK(a.fold[0] == a.fold[1]);
  CHECK(a.fold[0] != a.fold[2]);
  CHECK(a.fold[2] != a.fold[3]);
  CHECK(a.fold[0] != a.fold[3]);
  // One block: one fold (cross-validation impossible; the report says so).
  CHECK(assign_block_folds({{10, 10}, {20, 20}}, 50, 5, 1).folds == 1);
  CHECK(assign_block_folds({}, 50, 5, 1).folds == 0);
}

TEST_CASE("hold-out: round(fraction * n) units, at least one on each side, seeded", "[validation][folds]") {
  auto held = [](std::size_t n, double f, std::uint64_t seed) {
    const auto v = holdout_split(n, f, seed);
    return static_cast<std::size_t>(std::count(v.begin(), v.end(), true));
  };
  CHECK(held(10, 0.3, 42) == 3);
  CHECK(held(5, 0.3, 42) == 2);  // round(1.5) = 2
  CHECK(held(2, 0.3, 42) == 1);  // round(0.6) = 1
  CHECK(held(3, 0.1, 42) == 1);  // round(0.3) = 0, raised to 1
  CHECK(held(2, 0.9, 42) == 1);  // round(1.8) = 2, lowered to n - 1
  CHECK(holdout_split(20, 0.3, 5) == holdout_split(20, 0.3, 5));
  CHECK(holdout_split(20, 0.3, 5) != holdout_split(20, 0.3, 6));
  CHECK_THROWS_AS(holdout_split(1, 0.3, 42), std::invalid_argument);
}
