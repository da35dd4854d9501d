// Cell-by-cell evidence transforms: fuzzy membership, reclassification, normalisation,
// inversion and logarithm. Each is one pass of map_strips; nodata (NaN) stays nodata.
#include <algorithm>
#include <atomic>
#include <cmath>

#include "algo/fuzzy.hpp"
#include "core/error.hpp"
#include "stages/block_engine.hpp"
#include "stages/evidence/evidence_steps.hpp"
#include "stages/raster_stats.hpp"

namespace oremap::evidence {

namespace {

void map_input(const RunContext& ctx, const project::StepSpec& step, const Path& out,
               const std::function<double(double)>& f) {
  map_strips(
      ctx, {ctx.raster(step.str("input"))}, out,
      [&](const Strip& s, float* result) {
        const float* in = s.inputs[0];
        for (std::size_t i = 0; i < s.cells(); ++i) result[i] = std::isnan(in[i]) ? NAN : static_cast<float>(f(in[i]));
      },
      step.id);
}

algo::FuzzyFunction fuzzy_function(const RunContext& ctx, const project::StepSpec& step) {
  const std::string fn = step.str("function");
  std::map<std::string, double> params;
  auto take = [&](const char* key, const char* as) {
    if (step.has(key)) params[as] = step.num(key);
  };
  take("midpoint", "midpoint");
  take("spread", "spread");
  take("mean_multiplier", "mean_multiplier");
  take("std_multiplier", "std_multiplier");
  take("exponent", "exponent");
  take("min", fn == "power" ? "low" : "min");
  take("max", fn == "power" ? "high" : "max");
  if (fn == "mslarge" || fn == "mssmall") {
    RasterStats st = raster_stats(ctx, ctx.raster(step.str("input")));
    params["mean"] = st.mean;
    params["std"] = st.stddev();
    ctx.log.debug(step.id + ": input mean " + std::to_string(st.mean) + ", std " + std::to_string(st.stddev()));
  }
  try {
    return algo::FuzzyFunction::from_name(fn, params);
  } catch (const std::invalid_argument& e) {
    throw Error(ExitCode::project, step.where() + ": " + e.what());
  }
}

}  // namespace

void fuzzy(const RunContext& ctx, const project::StepSpec& step, const Path& out) {
  algo::FuzzyFunction f = fuzzy_function(ctx, step);
  map_input(ctx, step, out, [&](double x) { return f(x); });
}

void reclassify(const RunContext& ctx, const project::StepSpec& step, const Path& out) {
  const auto ranges = step.rows("ranges");
  const auto classes = step.rows("classes");
  const double fallback = step.has("default") ? step.num("default") : NAN;
  map_input(ctx, step, out, [&](double x) {
    for (const auto& r : ranges)
      if (x >= r[0] && x < r[1]) return r[2];
    for (const auto& c : classes)
      if (x == c[0]) return c[1];
    return fallback;
  });
}

void normalise(const RunContext& ctx, const project::StepSpec& step, const Path& out) {
  const std::string method = step.str("method");
  const Path input = ctx.raster(step.str("input"));
  if (method == "percentile") {
    // Percentile rank: share of data cells with a value <= x (ties take the highest rank), exact
    // within a quarter of the cache budget, else within the logged bound (docs/formulas.md).
    const PercentileRanks rank = percentile_ranks(ctx, input, ctx.cache_bytes / 4);
    if (rank.count() == 0) throw InputError(step.where() + ": the input has no data cells inside the mask");
    if (rank.approximate_cells() > 0)
      ctx.log.info("evidence " + step.id + ": percentile ranks of " + std::to_string(rank.approximate_cells()) +
                   " of " + std::to_string(rank.count()) + " data cells interpolated, each within " +
                   std::to_string(rank.max_error()) + " of its exact rank (a larger --cache makes them exact)");
    map_input(ctx, step, out, [&](double x) { return rank(static_cast<float>(x)); });
    return;
  }
  RasterStats st = raster_stats(ctx, input);
  if (st.count == 0) throw InputError(step.where() + ": the input has no data cells inside the mask");
  if (method == "zscore") {
    const double sd = st.stddev();
    if (sd == 0) throw InputError(step.where() + ": the input is constant (std 0); z-scores are undefined");
    map_input(ctx, step, out, [&](double x) { return (x - st.mean) / sd; });
  } else {
    const double range = st.max - st.min;
    if (range == 0) throw InputError(step.where() + ": the input is constant; min-max normalisation is undefined");
    map_input(ctx, step, out, [&](double x) { return (x - st.min) / range; });
  }
}

void invert(const RunContext& ctx, const project::StepSpec& step, const Path& out) {
  map_input(ctx, step, out, [](double x) { return 1.0 - x; });
}

void log_transform(const RunContext& ctx, const project::StepSpec& step, const Path& out) {
  const double offset = step.num("offset");
  std::atomic<long long> invalid{0};
  map_input(ctx, step, out, [&](double x) {
    if (x + offset <= 0) {
      ++invalid;
      return static_cast<double>(NAN);
    }
    return std::log(x + offset);
  });
  if (invalid)
    ctx.log.warn("evidence " + step.id + ": " + std::to_string(invalid.load()) +
                 " cells with x + offset <= 0 set to nodata; raise `offset` to keep them");
}

}  // namespace oremap::evidence
