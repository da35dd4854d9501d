// Order statistics without holding the values: values_at_ranks must equal the sorted values at
// the same ranks (sorted here with std::sort), whatever the signs, ties, NaN and mask;
// percentile_ranks must give the share of values <= x, exactly within its budget and within its
// stated bound beyond it; and distinct_values must list the distinct values or give up past its limit.
#include "stages/raster_stats.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "stage_fixture.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

constexpr int kCols = 37, kRows = 530;  // three strips, the last one short
const Grid kGrid = make_grid(32642, 500000, 3053000, 100, kCols, kRows);

// Negative and positive values, many ties, zeros of both signs, huge and tiny magnitudes, NaN.
std::vector<double> awkward_values() {
  std::vector<double> v;
  unsigned state = 7;
  for (int i = 0; i < kCols * kRows; ++i) {
    state = state * 1103515245u + 12345u;
    const unsigned r = (state >> 8) % 1000;
    if (r < 50)
      v.push_back(std::nan(""));
    else if (r < 100)
      v.push_back(r % 2 ? 0.0 : -0.0);
    else if (r < 300)
      v.push_back(static_cast<double>(r % 7) - 3);  // ties in -3 .. 3
    else if (r < 310)
      v.push_back(r % 2 ? 3e38 : -1e-30);
    else
      v.push_back((static_cast<double>(state % 100000) - 50000) * 0.37);
  }
  return v;
}

// A project on a grid of cols x rows cells of 100 m with one raster layer "v" (v.tif).
std::string raster_project(int cols, int rows) {
  return grid_toml(500000, 3000000, 100, cols, rows) + "\n[[layers]]\nid = \"v\"\npath = \"v.tif\"\n";
}

// The data values (NaN left out) as floats, ascending.
std::vector<float> sorted_data(const std::vector<double>& values) {
  std::vector<float> sorted;
  for (double v : values)
    if (!std::isnan(v)) sorted.push_back(static_cast<float>(v));
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

// The exact percentile rank: share of the sorted values <= x.
double exact_rank(const std::vector<float>& sorted, float x) {
  return static_cast<double>(std::upper_bound(sorted.begin(), sorted.end(), x) - sorted.begin()) /
         static_cast<double>(sorted.size());
}

}  // namespace

TEST_CASE("values at ranks and percentile ranks agree with the sorted values", "[stages]") {
  TempDir dir;
  const std::vector<double> values = awkward_values();
  write_grid_raster(dir.path() / "v.tif", kGrid, values, std::nan(""));
  StageRun run(dir.path(), raster_project(kCols, kRows), 2);
  run.run();
  const fs::path raster = run.ctx().raster_file("v");
  const std::vector<float> sorted = sorted_data(values);
  long long seen_n = 0;
  const std::vector<float> got = values_at_ranks(run.ctx(), raster, [&](long long n) {
    seen_n = n;
    std::vector<long long> ranks = {0, n - 1, n / 2, n / 3, 1, n / 10 * 9};
    for (long long r = 0; r < n; r += 97) ranks.push_back(r);
    return ranks;
  });
  REQUIRE(seen_n == static_cast<long long>(sorted.size()));
  std::vector<long long> ranks = {0, seen_n - 1, seen_n / 2, seen_n / 3, 1, seen_n / 10 * 9};
  for (long long r = 0; r < seen_n; r += 97) ranks.push_back(r);
  REQUIRE(got.size() == ranks.size());
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    INFO("rank " << ranks[i]);
    CHECK(got[i] == sorted[static_cast<std::size_t>(ranks[i])]);  // -0 == 0 as floats
  }
  // Percentile ranks on the same values: exact within a budget, within the bound without one.
  const PercentileRanks exact = percentile_ranks(run.ctx(), raster, 64 << 20);
  const PercentileRanks rough = percentile_ranks(run.ctx(), raster, 0);
  CHECK(exact.max_error() == 0);
  CHECK(rough.max_error() > 0);
  for (float x : sorted) {
    for (float probe : {x, std::nextafter(x, -INFINITY), std::nextafter(x, INFINITY)}) {
      INFO("x = " << probe);
      CHECK(exact(probe) == exact_rank(sorted, probe));
      CHECK(std::abs(rough(probe) - exact_rank(sorted, probe)) < rough.max_error());
    }
  }
}

TEST_CASE("percentile ranks by hand on a small raster", "[stages]") {
  TempDir dir;
  const Grid grid = make_grid(32642, 500000, 3000300, 100, 4, 3);
  const double nd = std::nan("");
  write_grid_raster(dir.path() / "v.tif", grid, {2, -1, 2, 0.5, nd, -0.0, 0, 7, 2, 1e-3, -1, 3}, nd);
  StageRun run(dir.path(), raster_project(4, 3));
  run.run();
  // 11 data values, ascending: -1, -1, -0, 0, 0.001, 0.5, 2, 2, 2, 3, 7. Each lies alone in its
  // top-16-bit bucket (-0 and 0 are one value), so every rank is exact even with no budget.
  const PercentileRanks rank = percentile_ranks(run.ctx(), run.ctx().raster("v"), 0);
  CHECK(rank.count() == 11);
  CHECK(rank.max_error() == 0);
  CHECK(rank.approximate_cells() == 0);
  CHECK(rank(-2) == 0);
  CHECK(rank(-1) == 2.0 / 11);
  CHECK(rank(-0.5f) == 2.0 / 11);
  CHECK(rank(-0.0f) == 4.0 / 11);  // -0 <= 0 and 0 <= -0
  CHECK(rank(0) == 4.0 / 11);
  CHECK(rank(1e-3f) == 5.0 / 11);
  CHECK(rank(0.5f) == 6.0 / 11);
  CHECK(rank(1) == 6.0 / 11);
  CHECK(rank(2) == 9.0 / 11);  // ties take the highest rank
  CHECK(rank(3) == 10.0 / 11);
  CHECK(rank(7) == 1);
  CHECK(rank(100) == 1);
  CHECK(std::isnan(rank(std::nanf(""))));
}

TEST_CASE("percentile ranks are exact within the budget, and within the stated bound beyond it", "[stages]") {
  // Half the cells: 1000 distinct values in [1, 1 + 1000 * 2^-17), all in the top-16-bit bucket
  // [1, 1 + 2^-7); the other half: the integers 10 .. 59 (one bucket each); some NaN.
  std::vector<double> values;
  for (int i = 0; i < kCols * kRows; ++i)
    values.push_back(i % 17 == 0 ? std::nan("") : i % 2 ? 1 + (i * 7919 % 1000) * std::ldexp(1.0, -17) : 10 + i % 50);
  const std::vector<float> sorted = sorted_data(values);
  const auto in_bucket = std::count_if(sorted.begin(), sorted.end(), [](float v) { return v < 2; });
  TempDir dir;
  write_grid_raster(dir.path() / "v.tif", kGrid, values, std::nan(""));
  StageRun run(dir.path(), raster_project(kCols, kRows), 2);
  run.run();
  const fs::path raster = run.ctx().raster_file("v");
  std::vector<float> probes(sorted.begin(), sorted.end());
  for (float x : {0.5f, 1.0f + 0x1p-20f, 1.004f, 1.00762f, 1.5f, 9.5f, 10.5f, 59.0f, 60.0f}) probes.push_back(x);

  // Refining the crowded bucket takes 2 bytes a cell.
  const std::size_t refined_bytes = 2 * static_cast<std::size_t>(in_bucket);
  SECTION("the crowded bucket refined: every rank exact") {
    const PercentileRanks rank = percentile_ranks(run.ctx(), raster, refined_bytes);
    REQUIRE(rank.count() == static_cast<long long>(sorted.size()));
    CHECK(rank.max_error() == 0);
    CHECK(rank.approximate_cells() == 0);
    for (float x : probes) {
      INFO("x = " << x);
      CHECK(rank(x) == exact_rank(sorted, x));
    }
  }
  SECTION("a byte short: the crowded bucket is interpolated, each rank within its share of the cells") {
    const PercentileRanks rank = percentile_ranks(run.ctx(), raster, refined_bytes - 1);
    CHECK(rank.approximate_cells() == in_bucket);
    const double bound = static_cast<double>(in_bucket) / static_cast<double>(sorted.size());
    CHECK(rank.max_error() == bound);
    double previous = 0;
    for (float x : probes) {
      INFO("x = " << x);
      CHECK(std::abs(rank(x) - exact_rank(sorted, x)) < bound);
      if (x >= 2 || x < 1) CHECK(rank(x) == exact_rank(sorted, x));  // the other buckets stay exact
    }
    for (float x = 0.99f; x < 1.01f; x = std::nextafter(x, 2.0f) + 1e-6f) {  // monotone
      CHECK(rank(x) >= previous);
      previous = rank(x);
    }
  }
}

TEST_CASE("percentile ranks of a bucket past 131,072 cells: 65,536 counts, exact", "[stages]") {
  // 153,600 cells, all in the bucket [1, 1 + 2^-7): 1 + (i % 5000) * 2^-20.
  constexpr int cols = 512, rows = 300;
  std::vector<double> values;
  for (int i = 0; i < cols * rows; ++i) values.push_back(1 + (i * 7 % 5000) * std::ldexp(1.0, -20));
  const std::vector<float> sorted = sorted_data(values);
  TempDir dir;
  write_grid_raster(dir.path() / "v.tif", make_grid(32642, 500000, 3030000, 100, cols, rows), values, std::nan(""));
  StageRun run(dir.path(), raster_project(cols, rows), 2);
  run.run();
  const PercentileRanks dense = percentile_ranks(run.ctx(), run.ctx().raster("v"), 256 * 1024);
  const PercentileRanks rough = percentile_ranks(run.ctx(), run.ctx().raster("v"), 256 * 1024 - 1);
  CHECK(dense.max_error() == 0);
  CHECK(rough.max_error() == 1);  // one bucket holds every cell: the bound says nothing
  CHECK(rough.approximate_cells() == cols * rows);
  for (std::size_t i = 0; i < sorted.size(); i += 37) {
    INFO("x = " << sorted[i]);
    CHECK(dense(sorted[i]) == exact_rank(sorted, sorted[i]));
    CHECK(std::abs(rough(sorted[i]) - exact_rank(sorted, sorted[i])) < 0.01);  // uniform: the line fits well
  }
}

TEST_CASE("distinct values are listed in order, or not at all past the limit", "[stages]") {
  TempDir dir;
  std::vector<double> classes;
  for (int i = 0; i < kCols * kRows; ++i) classes.push_back(i % 11 == 0 ? std::nan("") : (i * 7) % 5 - 2);
  write_grid_raster(dir.path() / "c.tif", kGrid, classes, std::nan(""));
  StageRun run(dir.path(),
               grid_toml(500000, 3000000, 100, kCols, kRows) + "\n[[layers]]\nid = \"c\"\npath = \"c.tif\"\n", 2);
  run.run();
  const auto listed = distinct_values(run.ctx(), run.ctx().raster("c"), 5);
  REQUIRE(listed);
  CHECK(*listed == std::vector<float>{-2, -1, 0, 1, 2});
  CHECK_FALSE(distinct_values(run.ctx(), run.ctx().raster("c"), 4));
  // No data cells: no ranks asked, nothing returned.
  write_grid_raster(dir.path() / "c.tif", kGrid, std::vector<double>(classes.size(), std::nan("")), std::nan(""));
  CHECK(values_at_ranks(run.ctx(), run.ctx().raster("c"), [](long long n) {
          CHECK(n == 0);
          return std::vector<long long>{};
        }).empty());
}
