#pragma once
// Site scoring, the public entry point: candidate sites ([sites]) measured against the
// criteria ([[criteria]]) and exclusions ([[exclusions]]), scored and ranked per commodity,
// with Monte-Carlo rank uncertainty and one-at-a-time weight sensitivity. docs/sites.md
// describes every rule; the GEOS work runs on ctx.threads threads, one GEOS context each.
#include <vector>

#include "stages/run_context.hpp"
#include "stages/sites/site_result.hpp"

namespace oremap::sites {

// Validates the site tables against the project and the data (every problem at once, as a
// ProjectError with file:line:column), then measures, scores and ranks. Writes nothing.
// Throws ProjectError, InputError, LibraryError or Cancelled.
std::vector<CommodityResult> compute_site_scores(const RunContext& ctx);

// compute_site_scores, then writes to ctx.project.output_dir, per commodity c:
//   sites_<c>.geojson (RFC 7946), sites_<c>.csv, sites_<c>_uncertainty.csv,
//   sites_<c>_sensitivity.csv; and sites.gpkg with one layer sites_<c> per commodity.
// Each file is written under a temporary name and renamed when complete.
// Returns the results for the later sinks (maps, viewer, report).
std::vector<CommodityResult> score_sites(RunContext& ctx);

}  // namespace oremap::sites
