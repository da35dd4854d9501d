#pragma once
// Site-ranking maps: one page per commodity with its prospectivity raster (viridis, over a
// hillshade of [map].dem), infrastructure by class, hatched exclusions, boundaries, the
// ranked sites as numbered symbols with the top N labelled, a legend, scale bar, north arrow,
// title, CRS note and data credits. Written to <output>/maps/<commodity>.png (.svg, .pdf).
#include <string>
#include <vector>

#include "stages/run_context.hpp"
#include "stages/sinks/map/layout.hpp"
#include "stages/sinks/map/options.hpp"
#include "stages/sites/site_result.hpp"

namespace oremap::sinks {

// The commodities that get a map: every one with a model (ctx.model_of_commodity) or with
// scored sites, sorted by name.
std::vector<std::string> map_commodities(const RunContext& ctx, const std::vector<sites::CommodityResult>& results);

// The page layout every map of the run shares (the page is sized for the longest legend).
map::Layout plan_layout(const RunContext& ctx, const map::MapOptions& options,
                        const std::vector<sites::CommodityResult>& results);

// Reads [map] (defaults when absent), renders and writes every map, each file atomically.
// Throws ProjectError (bad [map] keys), InputError, LibraryError, OutputError or Cancelled.
void render_maps(const RunContext& ctx, const std::vector<sites::CommodityResult>& results);

}  // namespace oremap::sinks
