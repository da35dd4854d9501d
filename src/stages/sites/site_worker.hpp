#pragma once
// Measures every site against every criterion slot and exclusion, on `threads` worker threads.
// Each worker owns one GEOS context and, in it, its own copy of every layer (geometries,
// STRtree, prepared geometries), its own GDAL raster handles and its own PROJ transformation;
// workers share only read-only WKB and attributes. A site's results depend on nothing but the
// site, so they are the same for any thread count.
#include <string>
#include <vector>

#include "stages/run_context.hpp"
#include "stages/sites/site_config.hpp"
#include "stages/sites/site_inputs.hpp"
#include "stages/sites/site_measures.hpp"

namespace oremap::sites {

struct SiteExclusions {
  std::vector<std::string> reasons;    // hard exclusions that apply
  std::vector<std::string> penalties;  // soft penalties that apply
  double factor = 1;                   // product of (1 - penalty)
};

struct Measured {
  std::size_t slots = 0;
  std::vector<Measurement> values;  // sites x slots; slots that do not apply to a site stay NaN
  std::vector<SiteExclusions> exclusions;

  const Measurement& at(std::size_t site, std::size_t slot) const { return values[site * slots + slot]; }
};

// Reports progress through ctx.progress (from the calling thread only); throws Cancelled when
// it asks to stop.
Measured measure_sites(const RunContext& ctx, const SiteConfig& cfg, const Inputs& in);

}  // namespace oremap::sites
