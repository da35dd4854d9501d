#include "algo/distance_transform.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <utility>
#include <vector>

using oremap::algo::DistanceTransform;

namespace {

using Mask = std::vector<std::uint8_t>;  // row-major, cols * rows

// Reference: for every cell, the minimum centre-to-centre distance to any feature cell, by
// trying all of them (O(n^2)); +inf when there is none.
std::vector<double> brute_force(const Mask& mask, int cols, int rows, double w, double h) {
  std::vector<double> out(mask.size(), std::numeric_limits<double>::infinity());
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      for (int fr = 0; fr < rows; ++fr)
        for (int fc = 0; fc < cols; ++fc) {
          if (!mask[static_cast<std::size_t>(fr) * cols + fc]) continue;
          const double d = std::hypot((c - fc) * w, (r - fr) * h);
          double& cell = out[static_cast<std::size_t>(r) * cols + c];
          if (d < cell) cell = d;
        }
  return out;
}

std::vector<float> transform(const Mask& mask, int cols, int rows, double w, double h, int threads = 1,
                             double cap = std::numeric_limits<double>::infinity()) {
  DistanceTransform dt(cols, rows, w, h, cap);
  for (int r = 0; r < rows; ++r) dt.add_row(mask.data() + static_cast<std::size_t>(r) * cols);
  dt.finish(threads);
  std::vector<float> out(mask.size());
  dt.compute_rows(0, rows, out.data(), threads);
  return out;
}

Mask random_mask(int cols, int rows, double density, std::mt19937& rng) {
  std::bernoulli_distribution feature(density);
  Mask m(static_cast<std::size_t>(cols) * rows);
  for (auto& v : m) v = feature(rng) ? 1 : 0;
  return m;
}

void check_against_brute_force(const Mask& mask, int cols, int rows, double w, double h) {
  const auto expected = brute_force(mask, cols, rows, w, h);
  const auto got = transform(mask, cols, rows, w, h);
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO("cell " << i << " of " << cols << "x" << rows << " grid, cells " << w << "x" << h);
    if (std::isinf(expected[i])) {
      CHECK(std::isinf(got[i]));
    } else {
      CHECK(got[i] == Approx(expected[i]).epsilon(1e-3).margin(1e-6));
    }
  }
}

}  // namespace

TEST_CASE("distance transform: hand-computed 3x3 grid with 30 x 10 m cells", "[distance]") {
  // Feature at the centre (col 1, row 1). Offsets: dx = 30 m per column, dy = 10 m per row.
  // Corners: sqrt(30^2 + 10^2) = sqrt(1000) = 31.6227766; left/right: 30; above/below: 10.
  const Mask mask = {0, 0, 0, 0, 1, 0, 0, 0, 0};
  const auto d = transform(mask, 3, 3, 30.0, 10.0);
  const double corner = std::sqrt(1000.0);
  const std::vector<double> expected = {corner, 10, corner, 30, 0, 30, corner, 10, corner};
  for (std::size_t i = 0; i < d.size(); ++i) CHECK(d[i] == Approx(expected[i]).epsilon(1e-6));
}

TEST_CASE("distance transform: picks the nearer of two features across columns", "[distance]") {
  // 5 x 2 grid, 10 x 40 m cells, features at (col 0, row 1) and (col 4, row 0).
  // Cell (col 2, row 0): to (0,1) sqrt(20^2 + 40^2) = 44.72136; to (4,0) 20 -> 20.
  // Cell (col 1, row 0): to (0,1) sqrt(10^2 + 40^2) = 41.23106; to (4,0) 30 -> 30.
  // Cell (col 0, row 0): to (0,1) 40; to (4,0) 40 -> 40.
  // Cell (col 2, row 1): to (0,1) 20; to (4,0) sqrt(20^2 + 40^2) -> 20.
  const Mask mask = {0, 0, 0, 0, 1, 1, 0, 0, 0, 0};
  const auto d = transform(mask, 5, 2, 10.0, 40.0);
  CHECK(d[2] == Approx(20.0));
  CHECK(d[1] == Approx(30.0));
  CHECK(d[0] == Approx(40.0));
  CHECK(d[7] == Approx(20.0));
  CHECK(d[5] == 0.0f);
  CHECK(d[4] == 0.0f);
}

TEST_CASE("distance transform: random grids match brute force", "[distance]") {
  std::mt19937 rng(20240611);
  struct Case {
    int cols, rows;
    double w, h, density;
  };
  const std::vector<Case> cases = {{1, 1, 30, 30, 0.5},    {1, 37, 30, 30, 0.1},   {41, 1, 30, 30, 0.1},
                                   {1, 23, 25, 7, 0.05},   {29, 1, 3, 90, 0.05},   {17, 13, 30, 30, 0.02},
                                   {31, 24, 30, 10, 0.03}, {24, 31, 10, 30, 0.03}, {40, 35, 12.5, 12.5, 0.2},
                                   {37, 29, 1, 250, 0.01}, {33, 27, 250, 1, 0.01}, {45, 40, 30, 10, 0.002}};
  for (const auto& c : cases) {
    for (int rep = 0; rep < 3; ++rep) {
      Mask mask = random_mask(c.cols, c.rows, c.density, rng);
      check_against_brute_force(mask, c.cols, c.rows, c.w, c.h);
    }
  }
}

TEST_CASE("distance transform: single feature in a corner of a non-square grid", "[distance]") {
  // Worst case for the envelope: one parabola serves the whole grid.
  const int cols = 60, rows = 50;
  Mask mask(static_cast<std::size_t>(cols) * rows, 0);
  mask.back() = 1;
  check_against_brute_force(mask, cols, rows, 30.0, 10.0);
}

TEST_CASE("distance transform: same result for any thread count", "[distance]") {
  std::mt19937 rng(7);
  const int cols = 97, rows = 83;
  const Mask mask = random_mask(cols, rows, 0.01, rng);
  const auto one = transform(mask, cols, rows, 30.0, 20.0, 1);
  for (int threads : {2, 3, 8, 0}) {
    const auto many = transform(mask, cols, rows, 30.0, 20.0, threads);
    CHECK(many == one);  // bit-identical
  }
}

TEST_CASE("distance transform: no feature cell gives +inf, or the cap", "[distance]") {
  const Mask mask(12, 0);
  for (float v : transform(mask, 4, 3, 30, 30)) CHECK(std::isinf(v));
  for (float v : transform(mask, 4, 3, 30, 30, 1, 500.0)) CHECK(v == 500.0f);
  DistanceTransform dt(4, 3, 30, 30);
  for (int r = 0; r < 3; ++r) dt.add_row(mask.data() + r * 4);
  dt.finish();
  CHECK_FALSE(dt.has_features());
}

TEST_CASE("distance transform: cap clamps large distances only", "[distance]") {
  // 1 x 6 row, 10 m cells, feature at col 0: distances 0,10,20,30,40,50; cap 25.
  const Mask mask = {1, 0, 0, 0, 0, 0};
  const auto d = transform(mask, 6, 1, 10, 10, 1, 25.0);
  const std::vector<float> expected = {0, 10, 20, 25, 25, 25};
  CHECK(d == expected);
}

TEST_CASE("distance transform: dense features are stored as 2 bytes per cell up to 65535 rows, else 4", "[distance]") {
  // Every cell a feature: the feature rows (4 bytes each) soon outgrow the per-cell storage.
  const std::vector<std::uint8_t> ones(100, 1);
  DistanceTransform small(100, 3000, 1, 1);
  for (int r = 0; r < 3000; ++r) small.add_row(ones.data());
  CHECK(small.dense());
  CHECK(small.storage_bytes() == 100u * 3000u * 2u);
  DistanceTransform tall(1, 65536, 1, 1);
  for (int r = 0; r < 65536; ++r) tall.add_row(ones.data());
  CHECK(tall.dense());
  CHECK(tall.storage_bytes() == 65536u * 4u);
}

TEST_CASE("distance transform: sparse features are stored as their rows, with the same distances", "[distance]") {
  // 400 x 300 cells, 0.2 % features (a road network's density): per-cell storage would be
  // 240000 bytes; the feature rows take 400 empty lists plus about 4 bytes per feature.
  std::mt19937 rng(11);
  const int cols = 400, rows = 300;
  const Mask mask = random_mask(cols, rows, 0.002, rng);
  DistanceTransform dt(cols, rows, 30, 20);
  for (int r = 0; r < rows; ++r) dt.add_row(mask.data() + static_cast<std::size_t>(r) * cols);
  dt.finish();
  CHECK_FALSE(dt.dense());
  CHECK(dt.storage_bytes() < 240000u / 4);
  // Reference: nearest feature by trying every feature cell.
  std::vector<std::pair<int, int>> features;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      if (mask[static_cast<std::size_t>(r) * cols + c]) features.emplace_back(r, c);
  REQUIRE(features.size() > 100);
  std::vector<float> got(mask.size());
  dt.compute_rows(0, rows, got.data(), 3);
  for (int r = 0; r < rows; r += 7)
    for (int c = 0; c < cols; ++c) {
      double best = std::numeric_limits<double>::infinity();
      for (auto [fr, fc] : features) best = std::min(best, std::hypot((c - fc) * 30.0, (r - fr) * 20.0));
      INFO("row " << r << ", col " << c);
      CHECK(got[static_cast<std::size_t>(r) * cols + c] == Approx(best).epsilon(1e-6));
    }
  // Rows asked out of order (each thread's first row, then any jump) give the same bits.
  DistanceTransform::Scratch scratch;
  std::vector<float> row(cols);
  for (int r : {150, 151, 152, 10, 299, 0, 1}) {
    dt.compute_row(r, row.data(), scratch);
    CHECK(std::equal(row.begin(), row.end(), got.begin() + static_cast<std::ptrdiff_t>(r) * cols));
  }
}

TEST_CASE("distance transform: switching to dense storage mid-grid keeps the distances exact", "[distance]") {
  // Sparse features in the top 30 rows, then dense ones: the storage switches while rows arrive.
  std::mt19937 rng(5);
  const int cols = 37, rows = 60;
  Mask mask = random_mask(cols, 30, 0.01, rng);
  const Mask dense_part = random_mask(cols, 30, 0.6, rng);
  mask.insert(mask.end(), dense_part.begin(), dense_part.end());
  DistanceTransform dt(cols, rows, 10, 25);
  for (int r = 0; r < rows; ++r) dt.add_row(mask.data() + static_cast<std::size_t>(r) * cols);
  CHECK(dt.dense());
  check_against_brute_force(mask, cols, rows, 10, 25);
}

TEST_CASE("distance transform: more feature rows than max_bytes is OverBudget", "[distance]") {
  // 64 x 64 cells: per-cell storage (8192 bytes) exceeds max_bytes = 4096, so the feature rows
  // may not switch to it, and every cell a feature soon needs more than 4096 bytes.
  const std::vector<std::uint8_t> ones(64, 1), none(64, 0);
  DistanceTransform sparse(64, 64, 1, 1, std::numeric_limits<double>::infinity(), 4096);
  for (int r = 0; r < 64; ++r) sparse.add_row(r == 5 ? ones.data() : none.data());  // 64 features fit
  CHECK_FALSE(sparse.dense());
  DistanceTransform full(64, 64, 1, 1, std::numeric_limits<double>::infinity(), 4096);
  CHECK_THROWS_AS(
      [&] {
        for (int r = 0; r < 64; ++r) full.add_row(ones.data());
      }(),
      DistanceTransform::OverBudget);
}

TEST_CASE("distance transform: tall single column crosses the 16-bit boundary", "[distance]") {
  // 1 x 70000 column (32-bit storage), feature at row 0 only: distance at row r is r * 2 m.
  const int rows = 70000;
  DistanceTransform dt(1, rows, 5, 2);
  const std::uint8_t one = 1, zero = 0;
  for (int r = 0; r < rows; ++r) dt.add_row(r == 0 ? &one : &zero);
  dt.finish();
  float v = -1;
  dt.compute_row(rows - 1, &v);
  CHECK(v == Approx(2.0 * (rows - 1)));
  dt.compute_row(0, &v);
  CHECK(v == 0.0f);
}

TEST_CASE("distance transform: invalid parameters and call order", "[distance]") {
  using Catch::Matchers::Equals;
  CHECK_THROWS_WITH(DistanceTransform(0, 3, 1, 1), Equals("distance_transform: cols must be > 0 (got 0)"));
  CHECK_THROWS_WITH(DistanceTransform(3, -2, 1, 1), Equals("distance_transform: rows must be > 0 (got -2)"));
  CHECK_THROWS_WITH(DistanceTransform(3, 3, -30, 1),
                    Equals("distance_transform: cell_w must be a finite number of metres > 0 "
                           "(got -30)"));
  CHECK_THROWS_WITH(DistanceTransform(3, 3, 30, 0),
                    Equals("distance_transform: cell_h must be a finite number of metres > 0 "
                           "(got 0)"));
  CHECK_THROWS_WITH(DistanceTransform(3, 3, 30, 30, -1),
                    Equals("distance_transform: cap must be >= 0 metres, or +inf for no cap "
                           "(got -1)"));
  DistanceTransform dt(2, 2, 1, 1);
  const std::uint8_t row[2] = {1, 0};
  float out[2];
  dt.add_row(row);
  CHECK_THROWS_AS(dt.finish(), std::logic_error);
  CHECK_THROWS_AS(dt.compute_row(0, out), std::logic_error);
  dt.add_row(row);
  CHECK_THROWS_AS(dt.add_row(row), std::logic_error);
  dt.finish();
  CHECK_THROWS_AS(dt.compute_row(2, out), std::invalid_argument);
}

// An MPI rank's band (stages/evidence/distance_banded): its own feature rows per column plus the
// nearest feature row above and below the band give the band's rows the same bits as the whole
// grid's transform, whatever the density (sparse or dense storage for the whole grid).
TEST_CASE("from_feature_rows: a band with the nearest rows above and below matches the whole grid",
          "[distance_transform]") {
  std::mt19937 rng(15);
  const int cols = 37, rows = 41;
  for (double density : {0.002, 0.03, 0.6}) {
    const Mask mask = random_mask(cols, rows, density, rng);
    const std::vector<float> whole = transform(mask, cols, rows, 30.0, 45.0);
    for (auto [first, last] : {std::pair{0, 13}, std::pair{13, 29}, std::pair{29, 41}, std::pair{5, 6}}) {
      std::vector<std::vector<std::uint32_t>> lists(cols);
      for (int c = 0; c < cols; ++c) {
        int above = -1, below = -1;
        for (int r = 0; r < rows; ++r) {
          if (!mask[static_cast<std::size_t>(r) * cols + c]) continue;
          if (r < first) above = r;
          if (r >= first && r < last) lists[c].push_back(static_cast<std::uint32_t>(r));
          if (r >= last && below < 0) below = r;
        }
        if (above >= 0) lists[c].insert(lists[c].begin(), static_cast<std::uint32_t>(above));
        if (below >= 0) lists[c].push_back(static_cast<std::uint32_t>(below));
      }
      const DistanceTransform band =
          DistanceTransform::from_feature_rows(cols, rows, 30.0, 45.0, std::numeric_limits<double>::infinity(), lists);
      std::vector<float> row(cols);
      for (int r = first; r < last; ++r) {
        band.compute_row(r, row.data());
        for (int c = 0; c < cols; ++c) REQUIRE(row[c] == whole[static_cast<std::size_t>(r) * cols + c]);
      }
    }
  }
}

TEST_CASE("from_feature_rows rejects rows out of order or off the grid", "[distance_transform]") {
  REQUIRE_THROWS_AS(DistanceTransform::from_feature_rows(2, 5, 1, 1, 10, {{3, 1}, {}}), std::invalid_argument);
  REQUIRE_THROWS_AS(DistanceTransform::from_feature_rows(2, 5, 1, 1, 10, {{5}, {}}), std::invalid_argument);
  REQUIRE_THROWS_AS(DistanceTransform::from_feature_rows(2, 5, 1, 1, 10, {{1}}), std::invalid_argument);
  const DistanceTransform none = DistanceTransform::from_feature_rows(2, 5, 1, 1, 10, {{}, {}});
  float out[2];
  none.compute_row(2, out);
  REQUIRE(out[0] == 10.0f);
  REQUIRE_FALSE(none.has_features());
}
