#include "stages/models/model_steps.hpp"

#include "core/error.hpp"
#include "stages/outputs/output_name.hpp"

namespace oremap::models {

Metadata run_model(RunContext& ctx, const project::StepSpec& step) {
  Path out = output_path(ctx.work_dir, step.id, ".tif", "models.id");
  ctx.log.info("model " + step.id + " (" + step.kind + ", " + step.str("commodity") + ")");
  Metadata meta;
  try {
    if (step.kind == "weighted") meta = weighted_overlay(ctx, step, out);
    else if (step.kind == "fuzzy") meta = fuzzy_overlay(ctx, step, out);
    else if (step.kind == "wofe") meta = weights_of_evidence(ctx, step, out);
    else if (step.kind == "logistic") meta = logistic_regression(ctx, step, out);
    else throw Error(ExitCode::project, step.where() + ": unknown model kind '" + step.kind + "'");
  } catch (const Error& e) {
    if (e.code() == ExitCode::cancelled) throw;
    throw Error(e.code(), "model '" + step.id + "': " + e.what());
  }
  ctx.rasters[step.id] = out;
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
