#pragma once
// Statistics of a grid raster over its data cells inside the mask, computed strip by strip
// and merged in strip order (so identical for any thread count).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "gdal/cache_loan.hpp"
#include "stages/run_context.hpp"

namespace oremap {

struct RasterStats {
  long long count = 0;
  double min = 0, max = 0, mean = 0;
  double m2 = 0;                 // sum of squared deviations (Chan et al. parallel variance)
  double stddev() const;         // population standard deviation (over count)
  double sample_stddev() const;  // sample standard deviation (over count - 1; 0 below 2 values)
  void add(double v);
  void merge(const RasterStats& other);
};

RasterStats raster_stats(const RunContext& ctx, const RasterInput& raster);

// Percentile ranks of the data values inside the mask: rank(x) = share of data cells with a
// value <= x, without holding the values (docs/formulas.md, "Percentile rank"). A first pass
// counts the values by the top 16 bits of their order-preserving 32-bit key (65,536 buckets
// that each span at most 2^-7 of a value, relative); a bucket that is empty or holds one
// distinct value is exact as it is. A second pass records the low 16 bits within the most
// populated remaining buckets, as many as `budget_bytes` holds (a bucket of k cells takes
// min(2k bytes, 256 KiB)): those are exact too. In any other bucket the rank is interpolated linearly between the
// bucket's smallest and largest value, and is off by less than the bucket's share of the data cells (max_error()).
class PercentileRanks {
 public:
  double operator()(float x) const;       // in [0, 1]; NaN gives NaN
  long long count() const { return n_; }  // data cells; 0: every rank is 0
  // Bound on |rank(x) - exact rank(x)| over all x: 0 when every rank is exact.
  double max_error() const { return max_error_; }
  long long approximate_cells() const { return approximate_cells_; }  // data cells in interpolated buckets

 private:
  friend PercentileRanks percentile_ranks(const RunContext&, const RasterInput&, std::size_t);
  long long n_ = 0;
  std::vector<std::uint64_t> below_;              // [bucket]: data cells in lower buckets; [65536] = n
  std::vector<std::uint32_t> min_key_, max_key_;  // [bucket]: smallest and largest key in it
  // A refined bucket: either 65,536 counts of keys <= (bucket, low), or its cells' low 16 bits,
  // sorted (2 bytes a cell; used when smaller).
  struct Refined {
    std::vector<std::uint32_t> at_or_below;
    std::vector<std::uint16_t> lows;
    // lows: [h] = index of the first low whose high byte is >= h (257 entries), so a lookup
    // searches 1/256 of the list: a bucket can hold a hundred thousand cells.
    std::vector<std::uint32_t> by_high_byte;
    // When non-empty, lows are distinct and cumulative[j] counts the cells with a low <= lows[j]:
    // kept so when it is smaller (smooth fields repeat values), and a lookup searches fewer.
    std::vector<std::uint32_t> cumulative;
  };
  std::vector<std::int32_t> refined_;  // [bucket]: index into tables_, -1 = not refined
  std::vector<Refined> tables_;
  double max_error_ = 0;
  long long approximate_cells_ = 0;
  gdal::CacheLoan tables_loan_;  // the refined tables' bytes, lent by the GDAL cache while they live
};
PercentileRanks percentile_ranks(const RunContext& ctx, const RasterInput& raster, std::size_t budget_bytes);

// The data values inside the mask at the given 0-based ranks of their ascending order, without
// holding them: `ranks_of(n)` turns the number of data cells n into the ranks wanted (each in
// [0, n)). Two counting passes (radix selection on the values' order-preserving 32-bit keys:
// the top 16 bits, then the low 16 bits within the buckets holding a wanted rank), so memory
// does not grow with the raster. Equals the sorted values at those ranks. Empty when n = 0.
std::vector<float> values_at_ranks(const RunContext& ctx, const RasterInput& raster,
                                   const std::function<std::vector<long long>(long long n)>& ranks_of);

// The distinct data values inside the mask, ascending; nullopt once there are more than `limit`.
std::optional<std::vector<float>> distinct_values(const RunContext& ctx, const RasterInput& raster, std::size_t limit);

}  // namespace oremap
