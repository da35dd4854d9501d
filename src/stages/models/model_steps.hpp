#pragma once
// Prospectivity models: each kind combines evidence rasters into one map per commodity.
// The registry in model_steps.cpp is the one list of kinds (its names match schema_raster.cpp).
#include <filesystem>

#include "project/project.hpp"
#include "stages/run_context.hpp"

namespace oremap::models {

using Path = std::filesystem::path;

// Each writes the model's raster to `out`; side tables (weights, coefficients) go to the
// project's output folder. Returns model parameters worth recording in the COG metadata.
using Metadata = std::map<std::string, std::string>;
Metadata weighted_overlay(RunContext& ctx, const project::StepSpec& step, const Path& out);
Metadata fuzzy_overlay(RunContext& ctx, const project::StepSpec& step, const Path& out);
Metadata weights_of_evidence(RunContext& ctx, const project::StepSpec& step, const Path& out);
Metadata logistic_regression(RunContext& ctx, const project::StepSpec& step, const Path& out);
Metadata boosted_trees(RunContext& ctx, const project::StepSpec& step, const Path& out);

// The columns the side tables (<id>_coefficients.csv, <id>_importance.csv) end with: figures of
// the whole fit repeated on every row, so each file stays one plain table that any CSV reader
// takes as it is. Logistic regression writes them all, boosted trees the first two (their
// settings are in the COG's metadata). The report shows them once, under the table.
const std::vector<std::string>& fit_columns();
// The first `n` fit columns as a CSV header's tail: "deposit_cells,background_cells".
std::string fit_columns_header(std::size_t n);

// Whether models of `kind` are fitted to their `deposits` (data-driven: refitted for validation).
bool trained_on_deposits(const std::string& kind);

// Raster `id` of a model, computed cell by cell from `inputs` by `fn`: written to `out`, or in
// a validation refit (ctx.scoring_only) left as a per-cell step computed where its scores are
// read, which writes nothing. Recorded in ctx.rasters. `fn` must own what it uses. `names`: the
// ids of the first inputs, each checked as it is read: all nodata or constant inside the study
// area is a warning naming it.
void model_raster(RunContext& ctx, const std::string& id, std::vector<RasterInput> inputs, StripMap fn, const Path& out,
                  const std::string& label, const std::vector<std::string>& names = {});

// Runs the model into ctx.work_dir, records its raster, and returns its metadata.
Metadata run_model(RunContext& ctx, const project::StepSpec& step);

}  // namespace oremap::models
