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
double RasterStats::sample_stddev() const { return count > 1 ? std::sqrt(m2 / (count - 1)) : 0.0; }

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
  // Welford merges depend on their order: every strip's own, merged in strip order on every rank.
  share_strip_parts(
      ctx, parts, "statistics: per strip", [](ByteWriter& w, const RasterStats& p) { w.put(p); },
      [](ByteReader& r, RasterStats& p) { r.get(p); });
  RasterStats total;
  for (const auto& p : parts) total.merge(p);
  return total;
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

constexpr std::size_t kBuckets = 65536;
constexpr std::size_t kDenseBytes = kBuckets * sizeof(std::uint32_t);  // a refined bucket's counts

// Memory of a refined bucket of k cells: its sorted low 16 bits, or its counts when smaller.
std::size_t refined_bytes(std::uint64_t k) { return std::min<std::size_t>(k * sizeof(std::uint16_t), kDenseBytes); }

// The key of a data value for ranking: -0 and +0 are equal values, so both take +0's key.
std::uint32_t rank_key(float v) { return order_key(v == 0 ? 0.0f : v); }

}  // namespace

double PercentileRanks::operator()(float x) const {
  if (std::isnan(x)) return NAN;
  if (n_ == 0) return 0;
  const std::uint32_t k = rank_key(x);
  const std::uint32_t b = k >> 16;
  const std::uint64_t in_bucket = below_[b + 1] - below_[b];
  double at_or_below = static_cast<double>(below_[b]);  // data cells with a value <= x
  if (in_bucket == 0 || k < min_key_[b]) {
    // below every value of the bucket
  } else if (k >= max_key_[b]) {
    at_or_below += static_cast<double>(in_bucket);
  } else if (refined_[b] >= 0) {
    const Refined& t = tables_[static_cast<std::size_t>(refined_[b])];
    const auto low = static_cast<std::uint16_t>(k & 0xffffu);
    if (!t.at_or_below.empty()) {
      at_or_below += static_cast<double>(t.at_or_below[low]);
    } else {
      const auto first = t.lows.begin() + t.by_high_byte[low >> 8],
                 last = t.lows.begin() + t.by_high_byte[(low >> 8) + 1];
      const auto j = static_cast<std::size_t>(std::upper_bound(first, last, low) - t.lows.begin());
      at_or_below += static_cast<double>(t.cumulative.empty() ? j : j == 0 ? 0 : t.cumulative[j - 1]);
    }
  } else {
    // Linear between the bucket's smallest and largest value: less than in_bucket cells off.
    const double lo = from_key(min_key_[b]), hi = from_key(max_key_[b]);
    at_or_below += std::clamp(std::floor(static_cast<double>(in_bucket) * (x - lo) / (hi - lo)), 0.0,
                              static_cast<double>(in_bucket));
  }
  return at_or_below / static_cast<double>(n_);
}

PercentileRanks percentile_ranks(const RunContext& ctx, const RasterInput& raster, std::size_t budget_bytes) {
  PercentileRanks r;
  // Pass 1: counts, smallest and largest key by the top 16 bits. Integer sums, minima and
  // maxima, so the merge order does not matter.
  Histogram top(kBuckets, 0);
  r.min_key_.assign(kBuckets, 0xffffffffu);
  r.max_key_.assign(kBuckets, 0);
  std::mutex merge;
  visit_strips(
      ctx, {raster},
      [&](const Strip& s) {
        Histogram count(kBuckets, 0);
        std::vector<std::uint32_t> lo(kBuckets, 0xffffffffu), hi(kBuckets, 0);
        for (std::size_t i = 0; i < s.cells(); ++i) {
          if (!s.inside(i) || std::isnan(s.inputs[0][i])) continue;
          const std::uint32_t k = rank_key(s.inputs[0][i]), b = k >> 16;
          ++count[b];
          lo[b] = std::min(lo[b], k);
          hi[b] = std::max(hi[b], k);
        }
        std::lock_guard<std::mutex> lock(merge);
        for (std::size_t b = 0; b < kBuckets; ++b)
          if (count[b]) {
            top[b] += count[b];
            r.min_key_[b] = std::min(r.min_key_[b], lo[b]);
            r.max_key_[b] = std::max(r.max_key_[b], hi[b]);
          }
      },
      "counting values");
  ctx.ranks->sum(top, "percentiles: histogram");
  ctx.ranks->min(r.min_key_, "percentiles: bucket minima");
  ctx.ranks->max(r.max_key_, "percentiles: bucket maxima");
  r.below_.assign(kBuckets + 1, 0);
  for (std::size_t b = 0; b < kBuckets; ++b) r.below_[b + 1] = r.below_[b] + top[b];
  r.n_ = static_cast<long long>(r.below_[kBuckets]);

  // The buckets holding more than one distinct value, most populated first: refined while the
  // budget lasts (their counts must fit 32 bits), interpolated beyond it.
  std::vector<std::uint32_t> spread;
  for (std::uint32_t b = 0; b < kBuckets; ++b)
    if (top[b] > 0 && r.min_key_[b] != r.max_key_[b]) spread.push_back(b);
  std::stable_sort(spread.begin(), spread.end(), [&](std::uint32_t a, std::uint32_t b) { return top[a] > top[b]; });
  r.refined_.assign(kBuckets, -1);
  std::size_t spent = 0;
  for (std::uint32_t b : spread) {
    if (spent + refined_bytes(top[b]) <= budget_bytes && top[b] <= 0xffffffffu) {
      spent += refined_bytes(top[b]);
      r.refined_[b] = static_cast<std::int32_t>(r.tables_.size());
      PercentileRanks::Refined t;
      if (refined_bytes(top[b]) == kDenseBytes)
        t.at_or_below.assign(kBuckets, 0);
      else
        t.lows.reserve(top[b]);
      r.tables_.push_back(std::move(t));
    } else {
      r.approximate_cells_ += static_cast<long long>(top[b]);
      r.max_error_ = std::max(r.max_error_, static_cast<double>(top[b]) / static_cast<double>(r.n_));
    }
  }
  if (r.tables_.empty()) return r;
  r.tables_loan_ = gdal::CacheLoan(spent);

  // Pass 2: the low 16 bits of the keys in refined buckets (counted, or listed and then sorted,
  // so the result does not depend on the order the strips arrive in).
  visit_strips(
      ctx, {raster},
      [&](const Strip& s) {
        std::vector<std::uint32_t> found;  // this strip's keys in refined buckets
        for (std::size_t i = 0; i < s.cells(); ++i) {
          if (!s.inside(i) || std::isnan(s.inputs[0][i])) continue;
          const std::uint32_t k = rank_key(s.inputs[0][i]);
          if (r.refined_[k >> 16] >= 0) found.push_back(k);
        }
        std::lock_guard<std::mutex> lock(merge);
        for (std::uint32_t k : found) {
          PercentileRanks::Refined& t = r.tables_[static_cast<std::size_t>(r.refined_[k >> 16])];
          if (t.at_or_below.empty())
            t.lows.push_back(static_cast<std::uint16_t>(k & 0xffffu));
          else
            ++t.at_or_below[k & 0xffffu];
        }
      },
      "counting values");
  if (ctx.ranks->size() > 1) {  // every rank's lows and counts (sorted and summed: any order)
    // The tables are rebuilt from every rank's part, this rank's too, each part freed once read:
    // at the peak this rank holds the tables once, not once per copy.
    std::vector<std::string> all;
    {
      ByteWriter mine;
      for (PercentileRanks::Refined& t : r.tables_) {
        mine.put(t.lows).put(t.at_or_below);
        t.lows = {};
        std::fill(t.at_or_below.begin(), t.at_or_below.end(), 0);
      }
      all = ctx.ranks->all_gather(mine.bytes(), "percentiles: refined buckets");
    }
    for (std::string& part : all) {
      ByteReader in(part);
      for (PercentileRanks::Refined& t : r.tables_) {
        std::vector<std::uint16_t> lows;
        std::vector<std::uint32_t> counts;
        in.get(lows);
        in.get(counts);
        t.lows.insert(t.lows.end(), lows.begin(), lows.end());
        for (std::size_t i = 0; i < counts.size(); ++i) t.at_or_below[i] += counts[i];
      }
      part = std::string();
    }
  }
  for (PercentileRanks::Refined& t : r.tables_) {
    std::sort(t.lows.begin(), t.lows.end());
    if (t.at_or_below.empty()) {
      std::vector<std::uint16_t> distinct;
      std::vector<std::uint32_t> cumulative;
      for (std::size_t i = 0; i < t.lows.size(); ++i) {
        if (distinct.empty() || t.lows[i] != distinct.back()) {
          distinct.push_back(t.lows[i]);
          cumulative.push_back(0);
        }
        cumulative.back() = static_cast<std::uint32_t>(i + 1);
      }
      if (3 * distinct.size() < t.lows.size()) {  // 6 bytes a distinct value against 2 a cell
        t.lows = std::move(distinct);
        t.cumulative = std::move(cumulative);
      }
      t.by_high_byte.assign(257, static_cast<std::uint32_t>(t.lows.size()));
      for (std::size_t i = t.lows.size(); i-- > 0;) t.by_high_byte[t.lows[i] >> 8] = static_cast<std::uint32_t>(i);
      for (std::size_t h = 256; h-- > 0;) t.by_high_byte[h] = std::min(t.by_high_byte[h], t.by_high_byte[h + 1]);
    }
    for (std::size_t low = 1; low < t.at_or_below.size(); ++low) t.at_or_below[low] += t.at_or_below[low - 1];
  }
  return r;
}

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
  ctx.ranks->sum(top, "values at ranks: histogram");
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
  if (ctx.ranks->size() > 1) {
    std::vector<std::uint64_t> counts;
    for (const auto& [b, h] : low) counts.insert(counts.end(), h.begin(), h.end());
    ctx.ranks->sum(counts, "values at ranks: refined buckets");
    std::size_t at = 0;
    for (auto& [b, h] : low)
      for (auto& c : h) c = counts[at++];
  }
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
  if (ctx.ranks->size() > 1) {
    const std::vector<std::string> every =
        ctx.ranks->all_gather(to_bytes(std::vector<float>(all.begin(), all.end())), "distinct values");
    for (const auto& theirs : every)
      for (float v : from_bytes<float>(theirs)) all.insert(v);
    too_many = all.size() > limit;
  }
  if (too_many) return std::nullopt;
  return std::vector<float>(all.begin(), all.end());
}

}  // namespace oremap
