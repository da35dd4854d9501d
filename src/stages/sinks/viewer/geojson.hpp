#pragma once
// The viewer's vector data as RFC 7946 GeoJSON documents (WGS 84 longitude/latitude), made by
// GDAL's GeoJSON driver with RFC7946=YES in /vsimem and parsed, ready to embed as JavaScript.
#include <nlohmann/json.hpp>

#include "core/grid.hpp"
#include "project/project.hpp"
#include "stages/sites/site_result.hpp"

namespace oremap::sinks {

// A commodity's ranked sites with the same properties as sites_<commodity>.geojson, plus
// x, y (grid CRS) and lon, lat (the representative point the viewer puts the marker on).
nlohmann::json sites_geojson(const sites::CommodityResult& result, const Grid& grid);

// A declared vector layer: features meeting the grid's extent, in the grid CRS clipped to the
// extent and simplified to a quarter of a cell (a display copy, not an analysis input), with
// every attribute. Throws InputError naming the layer.
nlohmann::json layer_geojson(const project::LayerSpec& spec, const Grid& grid);

}  // namespace oremap::sinks
