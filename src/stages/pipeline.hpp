#pragma once
// The raster half of a run, in order: mask, raster layers onto the grid, evidence steps,
// models, then Cloud-Optimised GeoTIFFs in the output folder.
#include <filesystem>
#include <vector>

#include "stages/run_context.hpp"
#include "stages/sites/site_result.hpp"

namespace oremap {

// Fills ctx.mask and ctx.rasters, runs evidence and models, and writes the COGs.
void run_raster_stages(RunContext& ctx);

// Scores and ranks the sites ([sites]) and writes their tables; returns the results for the
// later sinks (maps, viewer, report).
std::vector<sites::CommodityResult> run_site_stages(RunContext& ctx);

// Writes <output>/resolved_project.toml: the project as run (presets expanded, absolute
// paths) with the grid that was built, for reproducing and auditing a result.
void write_resolved_project(const RunContext& ctx);

// For `oremap score`: registers the model COGs a previous `run` wrote into `results`.
void use_existing_outputs(RunContext& ctx, const std::filesystem::path& results);

}  // namespace oremap
