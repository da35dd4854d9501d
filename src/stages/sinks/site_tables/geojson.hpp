#pragma once
// A commodity's ranked sites as an RFC 7946 GeoJSON FeatureCollection, written by GDAL's
// GeoJSON driver with RFC7946=YES: WGS 84 longitude/latitude, counter-clockwise exterior rings,
// no "crs" member, a bbox, `decimals` coordinate decimals; features in rank order.
#include <filesystem>

#include "core/grid.hpp"
#include "stages/sites/site_result.hpp"

namespace oremap::sinks {

void write_sites_geojson(const std::filesystem::path& path, const sites::CommodityResult& result, const Grid& grid,
                         int decimals);

}  // namespace oremap::sinks
