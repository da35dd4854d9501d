#include "stages/raster_stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>

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

RasterStats raster_stats(const RunContext& ctx, const RasterInput& raster) {
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

std::vector<float> sorted_values(const RunContext& ctx, const RasterInput& raster) {
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

namespace {

// Order-preserving keys: a < b as floats (NaN excluded) iff key(a) < key(b) as integers.
std::uint32_t order_key(float v) {
  std::uint32_t u;
  std::memcpy(&u, &v, sizeof u);
  return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

float from_key(std::uint32_t k) {
  const std::uint32_t u = (k & 0x80000000u) ? (k & 0x7fffffffu) : ~k;
  float v;
  std::memcpy(&v, &u, sizeof v);
  return v;
}

using Histogram = std::vector<std::uint64_t>;  // 65536 counts

}  // namespace

std::vector<float> values_at_ranks(const RunContext& ctx, const RasterInput& raster,
                                   const std::function<std::vector<long long>(long long n)>& ranks_of) {
  // Pass 1: counts by the top 16 bits. Integer sums, so the merge order does not matter.
  Histogram top(65536, 0);
  std::mutex merge;
  visit_strips(
      ctx, {raster},
      [&](const Strip& s) {
        Histogram local(65536, 0);
        for (std::size_t i = 0; i < s.cells(); ++i)
          if (s.inside(i) && !std::isnan(s.inputs[0][i])) ++local[order_key(s.inputs[0][i]) >> 16];
        std::lock_guard<std::mutex> lock(merge);
        for (std::size_t b = 0; b < top.size(); ++b) top[b] += local[b];
      },
      "counting values");
  long long n = 0;
  for (auto c : top) n += static_cast<long long>(c);
  if (n == 0) return {};
  const std::vector<long long> ranks = ranks_of(n);
  // Each rank's top bucket, and its rank within that bucket.
  std::vector<std::pair<std::uint32_t, std::uint64_t>> where;
  std::map<std::uint32_t, Histogram> low;  // low-16-bit counts of the buckets that hold a rank
  for (long long r : ranks) {
    if (r < 0 || r >= n) throw std::invalid_argument("values_at_ranks: rank out of range");
    std::uint64_t before = 0;
    std::uint32_t b = 0;
    while (before + top[b] <= static_cast<std::uint64_t>(r)) before += top[b++];
    where.emplace_back(b, static_cast<std::uint64_t>(r) - before);
    low.emplace(b, Histogram(65536, 0));
  }
  // Pass 2: counts by the low 16 bits, only within those buckets.
  visit_strips(
      ctx, {raster},
      [&](const Strip& s) {
        std::map<std::uint32_t, Histogram> local;
        for (std::size_t i = 0; i < s.cells(); ++i) {
          if (!s.inside(i) || std::isnan(s.inputs[0][i])) continue;
          const std::uint32_t k = order_key(s.inputs[0][i]);
          auto it = low.find(k >> 16);
          if (it == low.end()) continue;
          auto& h = local[k >> 16];
          if (h.empty()) h.assign(65536, 0);
          ++h[k & 0xffffu];
        }
        std::lock_guard<std::mutex> lock(merge);
        for (const auto& [b, h] : local)
          for (std::size_t i = 0; i < h.size(); ++i) low[b][i] += h[i];
      },
      "counting values");
  std::vector<float> out;
  for (const auto& [b, within] : where) {
    const Histogram& h = low.at(b);
    std::uint64_t before = 0;
    std::uint32_t i = 0;
    while (before + h[i] <= within) before += h[i++];
    out.push_back(from_key((b << 16) | i));
  }
  return out;
}

std::optional<std::vector<float>> distinct_values(const RunContext& ctx, const RasterInput& raster, std::size_t limit) {
  std::set<float> all;
  std::mutex merge;
  bool too_many = false;
  visit_strips(
      ctx, {raster},
      [&](const Strip& s) {
        std::set<float> local;
        for (std::size_t i = 0; i < s.cells() && local.size() <= limit; ++i)
          if (s.inside(i) && !std::isnan(s.inputs[0][i])) local.insert(s.inputs[0][i]);
        std::lock_guard<std::mutex> lock(merge);
        all.insert(local.begin(), local.end());
        if (all.size() > limit) too_many = true;
      },
      "listing values");
  if (too_many) return std::nullopt;
  return std::vector<float>(all.begin(), all.end());
}

}  // namespace oremap
