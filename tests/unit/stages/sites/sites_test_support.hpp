#pragma once
// Helpers for the site-scoring tests: layers from inline WKT, GeoJSON files in a projected CRS,
// and small Float32 rasters on a grid.
#include <gdal_priv.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/grid.hpp"
#include "gdal/handles.hpp"
#include "geos/handles.hpp"
#include "stages/sites/feature_index.hpp"

namespace oremap::test {

// A shared layer from WKT (geometries made in `ctx`); names in field "name" (none when empty)
// and one numeric field "value" (NaN = null).
inline sites::SharedLayer wkt_layer(const geos::Context& ctx, const std::vector<std::string>& wkt,
                                    const std::vector<std::string>& names = {},
                                    const std::vector<double>& values = {}) {
  sites::SharedLayer l;
  l.id = "test";
  for (std::size_t i = 0; i < wkt.size(); ++i) {
    l.geometries.push_back(geos::from_wkt(ctx, wkt[i]));
    l.fids.push_back(static_cast<long long>(i));
  }
  l.text["name"] = names.empty() ? std::vector<std::string>(wkt.size()) : names;
  if (!values.empty()) l.numbers["value"] = values;
  return l;
}

}  // namespace oremap::test
