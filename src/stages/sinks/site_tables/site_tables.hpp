#pragma once
// Every site table of a scoring run, in the output folder (ctx.project.output_dir), per
// commodity c: sites_<c>.geojson (RFC 7946), sites_<c>.csv, sites_<c>_uncertainty.csv,
// sites_<c>_sensitivity.csv, sites_<c>_duplicates.csv; and sites.gpkg with one layer sites_<c> per commodity.
// Each file is written under a temporary name and renamed when complete. With [outputs] postgis,
// also the tables sites_<c> in PostGIS (postgis.hpp), each replaced in one transaction.
#include <vector>

#include "stages/run_context.hpp"
#include "stages/sites/site_result.hpp"

namespace oremap::sinks {

// Writes the tables of sites::compute_site_scores's results, then reports progress 1.
// Throws OutputError or Cancelled.
void write_site_tables(const RunContext& ctx, const std::vector<sites::CommodityResult>& results);

}  // namespace oremap::sinks
