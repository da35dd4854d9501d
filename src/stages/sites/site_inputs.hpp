#pragma once
// Everything the site workers read, loaded once before scoring: the candidate sites and the
// commodities each belongs to, the criterion and exclusion layers, and where each zonal
// criterion reads its raster. Also the checks that need the data (fields, filters, rasters).
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "stages/run_context.hpp"
#include "stages/sites/feature_index.hpp"
#include "stages/sites/site_config.hpp"

namespace oremap::sites {

struct SiteList {
  std::vector<std::string> wkb;  // grid CRS
  std::vector<std::string> ids;
  std::vector<std::string> names;
  std::vector<char> is_point;  // 1 point, 0 polygon
  std::vector<long long> fids;
  std::vector<std::uint8_t> commodity_mask;       // bit k: belongs to cfg.commodities[k]
  std::vector<std::vector<std::size_t>> members;  // per commodity: its sites, in input order
  std::vector<std::size_t> tie_order;             // per site: place in the tie-break order

  std::size_t size() const { return wkb.size(); }
};

// Tie-break order of site ids: all-digit ids first, by value; then the others, as text; equal
// ids by input order. Returns each site's place in that order.
std::vector<std::size_t> tie_break_order(const std::vector<std::string>& ids);

// A criterion measured for every commodity (commodity = -1) or for one (zonal "prospectivity").
struct Slot {
  std::size_t criterion = 0;
  int commodity = -1;
  std::string layer;                         // distance/region/count: key into Inputs::layers
  std::string name_field;                    // names the feature(s) in the outputs ("" = fid)
  std::filesystem::path raster;              // zonal: a grid raster of this run ...
  const project::LayerSpec* warp = nullptr;  // ... or a raster layer warped onto the grid
  std::string raster_label;                  // for messages
};

struct Inputs {
  // The GEOS context that read the layers; their geometries live in it. Declared first so it
  // outlives them. Handed to the first worker while workers run.
  std::unique_ptr<geos::Context> context;
  SiteList sites;
  std::map<std::string, SharedLayer> layers;  // by layer id
  std::vector<Slot> slots;
  std::vector<std::string> exclusion_names;  // per exclusion: the name field used ("" = fid)

  // The slot measuring criterion c for commodity k.
  std::size_t slot(std::size_t criterion, int commodity) const;
};

// Problems only the data reveals: missing or non-numeric fields, invalid commodity filters,
// rasters this run has not computed. Appended to `problems`, located at their table.
void check_inputs(const RunContext& ctx, const SiteConfig& cfg, std::vector<Diagnostic>& problems);

// Reads the sites and layers into the grid CRS. Throws InputError for unusable data.
Inputs load_inputs(const RunContext& ctx, const SiteConfig& cfg);

}  // namespace oremap::sites
