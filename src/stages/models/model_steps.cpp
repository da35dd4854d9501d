#include "stages/models/model_steps.hpp"

#include <functional>
#include <map>

#include "core/error.hpp"
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

bool trained_on_deposits(const std::string& kind) {
  return kind == "wofe" || kind == "logistic" || kind == "boosted_trees";
}

void model_raster(RunContext& ctx, const std::string& id, std::vector<RasterInput> inputs, StripMap fn, const Path& out,
                  const std::string& label) {
  if (ctx.scoring_only) {
    ctx.rasters[id] = defer(ctx, id, std::move(inputs), CellStep{id, {}, std::move(fn), {}, {}});
    return;
  }
  map_strips(ctx, inputs, out, fn, label);
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
