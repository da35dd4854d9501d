#include "stages/raster_stats.hpp"

#include <algorithm>
#include <cmath>

#include "stages/block_engine.hpp"

namespace oremap {

double RasterStats::stddev() const { return count > 0 ? std::sqrt(m2 / count) : 0.0; }

void RasterStats::add(double v) {
  if (count == 0) min = max = v;
  min = std::min(min, v);
  max = std::max(max, v);
  ++count;
  double d = v - mean;
  mean += d / count;
  m2 += d * (v - mean);
}

void RasterStats::merge(const RasterStats& o) {
  if (o.count == 0) return;
  if (count == 0) {
    *this = o;
    return;
  }
  double n = static_cast<double>(count + o.count);
  double d = o.mean - mean;
  m2 += o.m2 + d * d * count * o.count / n;
  mean += d * o.count / n;
  count += o.count;
  min = std::min(min, o.min);
  max = std::max(max, o.max);
}

RasterStats raster_stats(const RunContext& ctx, const std::filesystem::path& raster) {
  std::vector<RasterStats> parts(strip_count(ctx.grid));
  visit_strips(
      ctx, {raster},
      [&](const Strip& s) {
        RasterStats st;
        for (std::size_t i = 0; i < s.cells(); ++i)
          if (s.inside(i) && !std::isnan(s.inputs[0][i])) st.add(s.inputs[0][i]);
        parts[s.index] = st;
      },
      "statistics");
  RasterStats total;
  for (const auto& p : parts) total.merge(p);
  return total;
}

std::vector<float> sorted_values(const RunContext& ctx, const std::filesystem::path& raster) {
  std::vector<std::vector<float>> parts(strip_count(ctx.grid));
  visit_strips(
      ctx, {raster},
      [&](const Strip& s) {
        for (std::size_t i = 0; i < s.cells(); ++i)
          if (s.inside(i) && !std::isnan(s.inputs[0][i])) parts[s.index].push_back(s.inputs[0][i]);
      },
      "sorting values");
  std::vector<float> all;
  for (auto& p : parts) all.insert(all.end(), p.begin(), p.end());
  std::sort(all.begin(), all.end());
  return all;
}

}  // namespace oremap
