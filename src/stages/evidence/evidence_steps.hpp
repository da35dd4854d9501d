#pragma once
// Evidence steps: each kind turns a layer or raster into an evidence raster on the grid.
// The registry below is the one list of kinds (its names match schema_raster.cpp).
#include <filesystem>

#include "project/project.hpp"
#include "stages/run_context.hpp"

namespace oremap::evidence {

using Path = std::filesystem::path;

void distance(const RunContext& ctx, const project::StepSpec& step, const Path& out);
void fuzzy(const RunContext& ctx, const project::StepSpec& step, const Path& out);
void reclassify(const RunContext& ctx, const project::StepSpec& step, const Path& out);
void normalise(const RunContext& ctx, const project::StepSpec& step, const Path& out);
void invert(const RunContext& ctx, const project::StepSpec& step, const Path& out);
void log_transform(const RunContext& ctx, const project::StepSpec& step, const Path& out);
void interpolate(const RunContext& ctx, const project::StepSpec& step, const Path& out);
void rasterise(const RunContext& ctx, const project::StepSpec& step, const Path& out);

// Runs the step into ctx.work_dir and records its raster under the step's id.
void run_step(RunContext& ctx, const project::StepSpec& step);

// Burns a vector layer into a Byte raster on the grid (1 = feature). Lines and polygons
// burn every cell they touch; points burn their cell.
void burn_features(const RunContext& ctx, const project::LayerSpec& layer, const Path& out, bool all_touched);

}  // namespace oremap::evidence
