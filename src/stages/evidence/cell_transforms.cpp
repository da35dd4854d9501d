// Cell-by-cell evidence transforms: fuzzy membership, reclassification, normalisation,
// inversion and logarithm. None is written to disk: each becomes a per-cell step that whatever
// reads it computes on the fly (raster_input.hpp). Nodata (NaN) stays nodata.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>

#include "algo/fuzzy.hpp"
#include "core/error.hpp"
#include "stages/block_engine.hpp"
#include "stages/evidence/evidence_steps.hpp"
#include "stages/raster_stats.hpp"

namespace oremap::evidence {

namespace {

// out = f(in) for each data cell. `f` is copied into the step: it must own its parameters.
template <typename F>
CellStep per_cell(F f) {
  CellStep step;
  step.fn = [f](const Strip& s, float* out) {
    const float* in = s.inputs[0];
    for (std::size_t i = 0; i < s.cells(); ++i) out[i] = std::isnan(in[i]) ? NAN : static_cast<float>(f(in[i]));
  };
  return step;
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
  // A width in the data's units, for users who think "half at 2 km", not in 1/m^2.
  if (step.has("width")) {
    if (fn != "gaussian" && fn != "near")
      throw Error(ExitCode::project, step.where() + ": width applies to the gaussian and near functions only");
    if (step.has("spread"))
      throw Error(ExitCode::project, step.where() + ": give spread or width, not both (width sets spread)");
    const double w = step.num("width");
    params["spread"] = (fn == "gaussian" ? std::log(2.0) : 1.0) / (w * w);
  }
  take("min", fn == "power" ? "low" : "min");
  take("max", fn == "power" ? "high" : "max");
  if (fn == "mslarge" || fn == "mssmall") {
    RasterStats st = raster_stats(ctx, ctx.raster(step.str("input")));
    params["mean"] = st.mean;
    const bool sample = step.has("std") && step.str("std") == "sample";
    params["std"] = sample ? st.sample_stddev() : st.stddev();
    ctx.log.debug(step.id + ": input mean " + std::to_string(st.mean) + ", " + (sample ? "sample" : "population") +
                  " std " + std::to_string(params["std"]) + " over " + std::to_string(st.count) + " cells");
  }
  try {
    return algo::FuzzyFunction::from_name(fn, params);
  } catch (const std::invalid_argument& e) {
    throw Error(ExitCode::project, step.where() + ": " + e.what());
  }
}

}  // namespace

CellStep fuzzy(const RunContext& ctx, const project::StepSpec& step) {
  CellStep cells;
  cells.fn = [f = fuzzy_function(ctx, step)](const Strip& s, float* out) { f(s.inputs[0], out, s.cells()); };
  return cells;
}

CellStep reclassify(const RunContext&, const project::StepSpec& step) {
  const double fallback = step.has("default") ? step.num("default") : NAN;
  return per_cell([ranges = step.rows("ranges"), classes = step.rows("classes"), fallback](double x) {
    for (const auto& r : ranges)
      if (x >= r[0] && x < r[1]) return r[2];
    for (const auto& c : classes)
      if (x == c[0]) return c[1];
    return fallback;
  });
}

CellStep normalise(const RunContext& ctx, const project::StepSpec& step) {
  const std::string method = step.str("method");
  const RasterInput& input = ctx.raster(step.str("input"));
  if (method == "percentile") {
    // Percentile rank: share of data cells with a value <= x (ties take the highest rank), exact
    // within a quarter of the cache budget, else within the logged bound (docs/formulas.md).
    auto rank = std::make_shared<const PercentileRanks>(percentile_ranks(ctx, input, ctx.cache_bytes / 4));
    if (rank->count() == 0) throw InputError(step.where() + ": the input has no data cells inside the mask");
    if (rank->approximate_cells() > 0)
      ctx.log.info("evidence " + step.id + ": percentile ranks of " + std::to_string(rank->approximate_cells()) +
                   " of " + std::to_string(rank->count()) + " data cells interpolated, each within " +
                   std::to_string(rank->max_error()) + " of its exact rank (a larger --cache makes them exact)");
    CellStep cells;
    cells.fn = [rank](const Strip& s, float* out) {
      // A coarse input warped onto a fine grid repeats each value over long runs of cells: one
      // lookup per run (-0 == +0, and they rank alike).
      float last = NAN, last_rank = NAN;
      for (std::size_t i = 0; i < s.cells(); ++i) {
        const float x = s.inputs[0][i];
        if (x != last) {  // also for NaN, which ranks as NaN
          last = x;
          last_rank = static_cast<float>((*rank)(x));
        }
        out[i] = last_rank;
      }
    };
    return cells;
  }
  RasterStats st = raster_stats(ctx, input);
  if (st.count == 0) throw InputError(step.where() + ": the input has no data cells inside the mask");
  if (method == "zscore") {
    const double sd = st.stddev();
    if (sd == 0) throw InputError(step.where() + ": the input is constant (std 0); z-scores are undefined");
    return per_cell([mean = st.mean, sd](double x) { return (x - mean) / sd; });
  }
  const double range = st.max - st.min;
  if (range == 0) throw InputError(step.where() + ": the input is constant; min-max normalisation is undefined");
  return per_cell([min = st.min, range](double x) { return (x - min) / range; });
}

CellStep invert(const RunContext&, const project::StepSpec&) {
  return per_cell([](double x) { return 1.0 - x; });
}

CellStep log_transform(const RunContext& ctx, const project::StepSpec& step) {
  const double offset = step.num("offset");
  // Cells set to nodata, per grid row of the chunk that computed them: stored, not added,
  // so reading the step twice counts each cell once.
  auto invalid = std::make_shared<std::vector<std::atomic<long long>>>(ctx.grid.rows);
  CellStep cell;
  cell.fn = [offset, invalid](const Strip& s, float* out) {
    const float* in = s.inputs[0];
    long long count = 0;
    for (std::size_t i = 0; i < s.cells(); ++i) {
      const double x = in[i];
      if (std::isnan(x)) {
        out[i] = NAN;
      } else if (x + offset <= 0) {
        out[i] = NAN;
        ++count;
      } else {
        out[i] = static_cast<float>(std::log(x + offset));
      }
    }
    (*invalid)[s.row0] = count;
  };
  cell.warning = [invalid, id = step.id] {
    long long total = 0;
    for (const auto& n : *invalid) total += n;
    if (total == 0) return std::string();
    return "evidence " + id + ": " + std::to_string(total) +
           " cells with x + offset <= 0 set to nodata; raise `offset` to keep them";
  };
  return cell;
}

}  // namespace oremap::evidence
