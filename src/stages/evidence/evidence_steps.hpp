#pragma once
// Evidence steps: each kind turns a layer or raster into an evidence raster on the grid.
// The registry below is the one list of kinds (its names match schema_raster.cpp).
#include <filesystem>

#include "project/project.hpp"
#include "stages/run_context.hpp"

namespace oremap::evidence {

using Path = std::filesystem::path;

// Steps that need the whole grid or a vector layer: each writes its raster to `out`.
void distance(const RunContext& ctx, const project::StepSpec& step, const Path& out);
void interpolate(const RunContext& ctx, const project::StepSpec& step, const Path& out);
void rasterise(const RunContext& ctx, const project::StepSpec& step, const Path& out);

// Per-cell steps of the raster `input`: each returns its computation (fn, and a warning),
// which run_step defers to whatever reads it. Statistics they need (a normalisation's min
// and max, say) are computed here, in a pass over the input.
CellStep fuzzy(const RunContext& ctx, const project::StepSpec& step);
CellStep reclassify(const RunContext& ctx, const project::StepSpec& step);
CellStep normalise(const RunContext& ctx, const project::StepSpec& step);
CellStep invert(const RunContext& ctx, const project::StepSpec& step);
CellStep log_transform(const RunContext& ctx, const project::StepSpec& step);

// A distance step with a cap whose uncapped twin (same input and parameters, no cap) has run:
// its raster is the twin's, capped per cell where it is read; the same bits as its own
// transform (rounding to float keeps the order, so min and rounding commute).
void run_capped_distance(RunContext& ctx, const project::StepSpec& step, const std::string& uncapped);

// Whether `kind` is a per-cell step (deferred, never written unless asked for).
bool per_cell_kind(const std::string& kind);

// Runs the step and records its raster under the step's id: a file in ctx.work_dir, or the
// deferred per-cell step.
void run_step(RunContext& ctx, const project::StepSpec& step);

// Burns a vector layer into a Byte raster on the grid (1 = feature). Lines and polygons
// burn every cell they touch; points burn their cell.
void burn_features(const RunContext& ctx, const project::LayerSpec& layer, const Path& out, bool all_touched);

}  // namespace oremap::evidence
