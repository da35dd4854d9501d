// Order statistics without holding the values: values_at_ranks must equal the sorted values at
// the same ranks (sorted here with std::sort), whatever the signs, ties, NaN and mask; and
// distinct_values must list the distinct values or give up past its limit.
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

}  // namespace

TEST_CASE("values at ranks equal the sorted values at those ranks", "[stages]") {
  TempDir dir;
  const std::vector<double> values = awkward_values();
  write_grid_raster(dir.path() / "v.tif", kGrid, values, std::nan(""));
  StageRun run(dir.path(),
               grid_toml(500000, 3000000, 100, kCols, kRows) + "\n[[layers]]\nid = \"v\"\npath = \"v.tif\"\n", 2);
  run.run();
  const fs::path raster = run.ctx().raster_file("v");
  std::vector<float> sorted;
  for (double v : values)
    if (!std::isnan(v)) sorted.push_back(static_cast<float>(v));
  std::sort(sorted.begin(), sorted.end());
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
  // The same through sorted_values, which holds every value.
  CHECK(sorted_values(run.ctx(), raster) == sorted);
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
