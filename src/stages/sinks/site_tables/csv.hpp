#pragma once
// A commodity's site table as CSV (GDAL's CSV driver), plus its rank-uncertainty and
// weight-sensitivity tables. Each CSV gets a <name>.csvt beside it: its column types for OGR
// ("Integer","Real","String"...), so GIS tools read numbers as numbers.
#include <filesystem>

#include "stages/sites/site_result.hpp"

namespace oremap::sinks {

// The same columns as the GeoJSON, plus x, y (grid CRS) and lon, lat of a point on the site.
void write_sites_csv(const std::filesystem::path& path, const sites::CommodityResult& result);

// One row per site: rank, Monte-Carlo mean rank, 5-95 % rank interval, P(top k), and its rank
// with each criterion's weight lowered and raised by the sensitivity fraction.
void write_uncertainty_csv(const std::filesystem::path& path, const sites::CommodityResult& result);

// One row per record of each group of possible duplicates (result.duplicates): the group
// number, id, name, distance to the group's first record (m), name similarity to it, and
// whether it was kept (0: merged into the first). Only the header when there are none.
void write_duplicates_csv(const std::filesystem::path& path, const sites::CommodityResult& result);

// One row per criterion and direction (result.sensitivity_summary): the weights before and
// after, how many ranked sites moved, the largest and mean absolute rank change, whether the
// top k stayed the same set, and the new rank-1 site.
void write_sensitivity_csv(const std::filesystem::path& path, const sites::CommodityResult& result);

}  // namespace oremap::sinks
