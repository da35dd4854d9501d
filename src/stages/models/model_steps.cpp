#include "stages/models/model_steps.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <mutex>

#include "core/error.hpp"
#include "core/number_text.hpp"
#include "stages/block_engine.hpp"
#include "stages/outputs/output_name.hpp"

namespace oremap::models {

using ModelFn = std::function<Metadata(RunContext&, const project::StepSpec&, const Path&)>;

static const std::map<std::string, ModelFn>& registry() {
  static const std::map<std::string, ModelFn> models = {
      {"weighted", weighted_overlay},    {"fuzzy", fuzzy_overlay},         {"wofe", weights_of_evidence},
      {"logistic", logistic_regression}, {"boosted_trees", boosted_trees},
  };
  return models;
}

const std::vector<std::string>& fit_columns() {
  static const std::vector<std::string> columns = {
      "deposit_cells", "background_cells", "log_likelihood", "null_log_likelihood", "aic", "mcfadden_r2", "iterations"};
  return columns;
}

std::string fit_columns_header(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += (i ? "," : "") + fit_columns().at(i);
  return out;
}

namespace {

// What one evidence raster holds inside the study area, gathered as the model reads it.
struct InputRange {
  std::uint64_t data = 0;
  float min = std::numeric_limits<float>::infinity(), max = -std::numeric_limits<float>::infinity();
  void merge(const InputRange& o) {
    data += o.data;
    min = std::min(min, o.min);
    max = std::max(max, o.max);
  }
};

// An evidence raster that is all nodata or constant inside the study area cannot tell one cell
// from another (e.g. a gaussian membership with a spread meant in metres: every cell 0): said now,
// naming the model and the evidence, not discovered in a flat map.
void warn_degenerate_inputs(const RunContext& ctx, const std::string& model, const std::vector<std::string>& names,
                            const std::vector<InputRange>& ranges) {
  for (std::size_t j = 0; j < names.size(); ++j) {
    const InputRange& r = ranges[j];
    if (r.data == 0)
      ctx.log.warn("model '" + model + "': evidence '" + names[j] +
                   "' has no data inside the study area; check its nodata, extent and CRS");
    else if (r.min == r.max)
      ctx.log.warn("model '" + model + "': evidence '" + names[j] + "' is constant (" + shortest_text(r.min) +
                   ") in all " + std::to_string(r.data) +
                   " cells with data inside the study area, so it cannot separate prospective ground from the "
                   "rest; check its parameters (a membership's spread or width, a threshold, a distance cap)");
  }
}

}  // namespace

bool trained_on_deposits(const std::string& kind) {
  return kind == "wofe" || kind == "logistic" || kind == "boosted_trees";
}

void model_raster(RunContext& ctx, const std::string& id, std::vector<RasterInput> inputs, StripMap fn, const Path& out,
                  const std::string& label, const std::vector<std::string>& names) {
  if (ctx.scoring_only) {
    ctx.rasters[id] = defer(ctx, id, std::move(inputs), CellStep{id, {}, std::move(fn), {}, {}});
    return;
  }
  std::vector<InputRange> ranges(names.size());
  std::mutex merge;
  map_strips(
      ctx, inputs, out,
      [&](const Strip& s, float* result) {
        fn(s, result);
        std::vector<InputRange> local(names.size());
        for (std::size_t j = 0; j < names.size(); ++j) {
          const float* v = s.inputs[j];
          for (std::size_t i = 0; i < s.cells(); ++i)
            if (s.inside(i) && !std::isnan(v[i])) {
              ++local[j].data;
              local[j].min = std::min(local[j].min, v[i]);
              local[j].max = std::max(local[j].max, v[i]);
            }
        }
        std::lock_guard<std::mutex> lock(merge);
        for (std::size_t j = 0; j < names.size(); ++j) ranges[j].merge(local[j]);
      },
      label);
  if (ctx.ranks->size() > 1) {  // every rank's (integer counts, minima and maxima: any order)
    const std::vector<std::string> all = ctx.ranks->all_gather(to_bytes(ranges), "model input ranges");
    ranges.assign(names.size(), {});
    for (const std::string& theirs : all) {
      const std::vector<InputRange> part = from_bytes<InputRange>(theirs);
      for (std::size_t j = 0; j < names.size(); ++j) ranges[j].merge(part[j]);
    }
  }
  warn_degenerate_inputs(ctx, id, names, ranges);
  ctx.rasters[id] = out;
}

Metadata run_model(RunContext& ctx, const project::StepSpec& step) {
  Path out = output_path(ctx.work_dir, step.id, ".tif", "models.id");
  ctx.log.info("model " + step.id + " (" + step.kind + ", " + step.str("commodity") + ")");
  Metadata meta;
  try {
    auto it = registry().find(step.kind);
    if (it == registry().end())
      throw Error(ExitCode::project, step.where() + ": unknown model kind '" + step.kind + "'");
    meta = it->second(ctx, step, out);
  } catch (const Error& e) {
    if (e.code() == ExitCode::cancelled) throw;
    throw Error(e.code(), "model '" + step.id + "': " + e.what());
  }
  ctx.model_of_commodity.emplace(step.str("commodity"), step.id);
  meta["commodity"] = step.str("commodity");
  meta["model"] = step.kind;
  if (step.has("description")) meta["description"] = step.str("description");
  std::string inputs;
  for (const auto& i : step.strs("inputs")) inputs += (inputs.empty() ? "" : ",") + i;
  meta["inputs"] = inputs;
  return meta;
}

}  // namespace oremap::models
