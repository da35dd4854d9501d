#pragma once
// A prospectivity raster as the viewer shows it: warped to Web Mercator (EPSG:3857, the map's
// own projection, so Leaflet's image overlay places every pixel exactly), averaged down to at
// most `max_size` pixels on its longest side, colour-mapped with viridis and written as a PNG.
#include <array>
#include <filesystem>
#include <optional>

namespace oremap::sinks {

struct RasterOverlay {
  int width = 0, height = 0;                        // of the PNG
  double south = 0, west = 0, north = 0, east = 0;  // WGS 84 bounds of the PNG
  double min = 0, max = 0;                          // the values at the two ends of the ramp
  bool empty = true;                                // no finite cell at all
};

// Reads `raster` (one Float32 band, NaN nodata), writes `png`, colour-mapped over `range` (the
// model's colour range, model_range.hpp: the maps' one), or without it over the data range of the
// warped pixels (NaN skipped). Throws LibraryError or OutputError.
RasterOverlay write_raster_overlay(const std::filesystem::path& raster, const std::filesystem::path& png, int max_size,
                                   const std::optional<std::array<double, 2>>& range = std::nullopt);

}  // namespace oremap::sinks
