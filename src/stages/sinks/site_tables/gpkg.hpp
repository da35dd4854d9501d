#pragma once
// Every commodity's site table in one GeoPackage, one layer per commodity ("sites_copper"...),
// geometries in the grid CRS, and QGIS's layer_styles table giving each layer its default style
// (styles/site_style.hpp). The timestamps are fixed so reruns are identical.
#include <filesystem>
#include <vector>

#include "core/grid.hpp"
#include "stages/sites/site_result.hpp"

namespace oremap::sinks {

void write_sites_gpkg(const std::filesystem::path& path, const std::vector<sites::CommodityResult>& results,
                      const Grid& grid);

}  // namespace oremap::sinks
