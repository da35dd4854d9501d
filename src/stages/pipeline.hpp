#pragma once
// The stages of a run, composed: the raster half (mask, raster layers onto the grid, evidence
// steps, models, then Cloud-Optimised GeoTIFFs in the output folder), site scoring, and the
// sinks that show the results. The one place where stages and sinks meet; each command of the
// CLI is one call here, in the output folder's staging area (ctx.project.output_dir).
#include <filesystem>
#include <string>
#include <vector>

#include "stages/run_context.hpp"
#include "stages/sites/site_result.hpp"

namespace oremap {

// `oremap run`: checks the map and report tables the schema cannot check (before the long
// work), then the raster stages, and with their tables in the project, site scoring and its
// tables, the maps, the web viewer and the validation report.
void run_project(RunContext& ctx);

// `oremap score`: scores and ranks the sites again on the model COGs a previous `run` wrote
// into `results`, and writes the site tables. Throws Error (project) without a [sites] table.
void rescore_sites(RunContext& ctx, const std::filesystem::path& results);

// `oremap validate-model`: the raster stages, then the models' validation figures as text, or
// with `json` as validation.json's content.
std::string run_model_validation(RunContext& ctx, bool json = false);

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
