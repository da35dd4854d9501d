#include "stages/evidence/evidence_steps.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "core/error.hpp"
#include "core/number_text.hpp"
#include "stages/block_engine.hpp"
#include "stages/outputs/output_name.hpp"

namespace oremap::evidence {

// The registries below are the one list of kinds (their names match schema_raster.cpp).
using FileStep = std::function<void(const RunContext&, const project::StepSpec&, const Path&)>;
using CellStepFn = std::function<CellStep(const RunContext&, const project::StepSpec&)>;

static const std::map<std::string, FileStep>& file_steps() {
  static const std::map<std::string, FileStep> steps = {
      {"distance", distance}, {"interpolate", interpolate}, {"rasterise", rasterise}};
  return steps;
}

static const std::map<std::string, CellStepFn>& cell_steps() {
  static const std::map<std::string, CellStepFn> steps = {{"fuzzy", fuzzy},
                                                          {"reclassify", reclassify},
                                                          {"normalise", normalise},
                                                          {"invert", invert},
                                                          {"log", log_transform}};
  return steps;
}

bool per_cell_kind(const std::string& kind) { return cell_steps().count(kind) > 0; }

void run_capped_distance(RunContext& ctx, const project::StepSpec& step, const std::string& uncapped) {
  const auto cap = static_cast<float>(step.num("cap"));
  ctx.log.info("evidence " + step.id + " (distance: those of " + uncapped + " capped at " +
               significant_text(step.num("cap"), 15) + " m, computed where it is read)");
  CellStep cells;
  cells.fn = [cap](const Strip& s, float* out) {
    for (std::size_t i = 0; i < s.cells(); ++i)
      out[i] = std::isnan(s.inputs[0][i]) ? NAN : std::min(s.inputs[0][i], cap);
  };
  ctx.rasters[step.id] = defer(ctx, step.id, {ctx.raster(uncapped)}, std::move(cells));
}

void run_step(RunContext& ctx, const project::StepSpec& step) {
  auto file_step = file_steps().find(step.kind);
  auto cell_step = cell_steps().find(step.kind);
  if (file_step == file_steps().end() && cell_step == cell_steps().end())
    throw Error(ExitCode::project, step.where() + ": unknown kind '" + step.kind + "'");
  try {
    if (cell_step != cell_steps().end()) {
      ctx.log.info("evidence " + step.id + " (" + step.kind + ", computed where it is read)");
      ctx.rasters[step.id] = defer(ctx, step.id, {ctx.raster(step.str("input"))}, cell_step->second(ctx, step));
      return;
    }
    ctx.log.info("evidence " + step.id + " (" + step.kind + ")");
    Path out = output_path(ctx.work_dir, step.id, ".tif", "evidence.id");
    file_step->second(ctx, step, out);
    // GDAL's gridding and rasteriser write the raster themselves; mask it like every other step.
    if (!ctx.mask.empty() && (step.kind == "interpolate" || step.kind == "rasterise")) apply_mask(ctx, out);
    ctx.rasters[step.id] = out;
  } catch (const Error& e) {
    if (e.code() == ExitCode::cancelled) throw;
    throw Error(e.code(), "evidence '" + step.id + "': " + e.what());
  }
}

}  // namespace oremap::evidence
