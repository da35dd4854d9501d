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
// ProjectError with file:line:column), then measures, scores and ranks, with the uncertainty
// and sensitivity figures: everything the site sinks (sinks/site_tables/) write, per commodity.
// Writes nothing; reports progress up to 0.95. Throws ProjectError, InputError, LibraryError
// or Cancelled.
std::vector<CommodityResult> compute_site_scores(const RunContext& ctx);

}  // namespace oremap::sites
