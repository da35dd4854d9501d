#pragma once
// Statistics of a grid raster over its data cells inside the mask, computed strip by strip
// and merged in strip order (so identical for any thread count).
#include <filesystem>
#include <vector>

#include "stages/run_context.hpp"

namespace oremap {

struct RasterStats {
  long long count = 0;
  double min = 0, max = 0, mean = 0;
  double m2 = 0;  // sum of squared deviations (Chan et al. parallel variance)
  double stddev() const;  // population standard deviation
  void add(double v);
  void merge(const RasterStats& other);
};

RasterStats raster_stats(const RunContext& ctx, const std::filesystem::path& raster);

// Every data value inside the mask, sorted ascending (for percentiles and quantile classes).
std::vector<float> sorted_values(const RunContext& ctx, const std::filesystem::path& raster);

}  // namespace oremap
