#pragma once
// The offline web viewer: <output>/viewer/index.html with its assets and data, opened from
// file:// with no network. Leaflet (Debian's libjs-leaflet) is copied in; the data are
// JavaScript files setting a global (browsers refuse fetch() on file://): each commodity's
// ranked sites as RFC 7946 GeoJSON, its model's prospectivity as a colour-mapped PNG in Web
// Mercator, and the [viewer] vector layers. docs/viewer.md describes the page.
#include <vector>

#include "stages/run_context.hpp"
#include "stages/sites/site_result.hpp"

namespace oremap::sinks {

// Writes the viewer for `results` (may be empty: rasters only) and every commodity with a model
// (ctx.model_of_commodity, rasters from ctx.rasters or the output COGs). The folder is built
// under a temporary name and replaces <output>/viewer when complete.
// Throws InputError, LibraryError, OutputError or Cancelled.
void write_viewer(const RunContext& ctx, const std::vector<sites::CommodityResult>& results);

}  // namespace oremap::sinks
