#pragma once
// Statistics of a grid raster over its data cells inside the mask, computed strip by strip
// and merged in strip order (so identical for any thread count).
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "stages/run_context.hpp"

namespace oremap {

struct RasterStats {
  long long count = 0;
  double min = 0, max = 0, mean = 0;
  double m2 = 0;          // sum of squared deviations (Chan et al. parallel variance)
  double stddev() const;  // population standard deviation
  void add(double v);
  void merge(const RasterStats& other);
};

RasterStats raster_stats(const RunContext& ctx, const RasterInput& raster);

// Every data value inside the mask, sorted ascending (for percentile ranks). Holds them all:
// 4 bytes per data cell.
std::vector<float> sorted_values(const RunContext& ctx, const RasterInput& raster);

// The data values inside the mask at the given 0-based ranks of their ascending order, without
// holding them: `ranks_of(n)` turns the number of data cells n into the ranks wanted (each in
// [0, n)). Two counting passes (radix selection on the values' order-preserving 32-bit keys:
// the top 16 bits, then the low 16 bits within the buckets holding a wanted rank), so memory
// does not grow with the raster. Equals sorted_values(...)[rank]. Empty when n = 0.
std::vector<float> values_at_ranks(const RunContext& ctx, const RasterInput& raster,
                                   const std::function<std::vector<long long>(long long n)>& ranks_of);

// The distinct data values inside the mask, ascending; nullopt once there are more than `limit`.
std::optional<std::vector<float>> distinct_values(const RunContext& ctx, const RasterInput& raster, std::size_t limit);

}  // namespace oremap
