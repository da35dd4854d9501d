#include "stages/evidence/evidence_steps.hpp"

#include <functional>
#include <map>

#include "core/error.hpp"
#include "stages/block_engine.hpp"
#include "stages/outputs/output_name.hpp"

namespace oremap::evidence {

using StepFn = std::function<void(const RunContext&, const project::StepSpec&, const Path&)>;

static const std::map<std::string, StepFn>& registry() {
  static const std::map<std::string, StepFn> steps = {
      {"distance", distance}, {"fuzzy", fuzzy},       {"reclassify", reclassify},   {"normalise", normalise},
      {"invert", invert},     {"log", log_transform}, {"interpolate", interpolate}, {"rasterise", rasterise},
  };
  return steps;
}

void run_step(RunContext& ctx, const project::StepSpec& step) {
  auto it = registry().find(step.kind);
  if (it == registry().end()) throw Error(ExitCode::project, step.where() + ": unknown kind '" + step.kind + "'");
  Path out = output_path(ctx.work_dir, step.id, ".tif", "evidence.id");
  ctx.log.info("evidence " + step.id + " (" + step.kind + ")");
  try {
    it->second(ctx, step, out);
    // GDAL's gridding and rasteriser write the raster themselves; mask it like every other step.
    if (!ctx.mask.empty() && (step.kind == "interpolate" || step.kind == "rasterise")) apply_mask(ctx, out);
  } catch (const Error& e) {
    if (e.code() == ExitCode::cancelled) throw;
    throw Error(e.code(), "evidence '" + step.id + "': " + e.what());
  }
  ctx.rasters[step.id] = out;
}

}  // namespace oremap::evidence
