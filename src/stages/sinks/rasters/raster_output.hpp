#pragma once
// Writes a grid raster (one Float32 band, NaN nodata) as a finished output, under a temporary
// name renamed when complete:
// - "cog": a Cloud-Optimised GeoTIFF with internal overviews, the default (QGIS, web
//   viewers and archives read it at any zoom without loading it whole);
// - "gtiff": a plain tiled GeoTIFF without overviews, the fastest to write (scripts,
//   further processing).
// Both carry the band description and unit and oremap's metadata; compression is lossless.
#include <filesystem>
#include <map>
#include <string>

#include "core/progress.hpp"

namespace oremap::sinks {

struct RasterOutputOptions {
  std::string compression = "ZSTD";             // ZSTD, DEFLATE, LZW or NONE
  int level = 0;                                // compression level; 0 = GDAL's default
  std::string description;                      // band description
  std::map<std::string, std::string> metadata;  // dataset metadata (OREMAP_* keys added)
  int threads = 1;                              // tiles compressed in parallel
  std::string format = "cog";                   // "cog" or "gtiff"
  std::string unit;                             // band unit ("m"; "1" for dimensionless values)
};

// Writes `target` from `source`. A plain uncompressed GeoTIFF is `source` itself, moved into
// place (it is already one): returns true when `source` is gone.
bool write_raster_output(const std::filesystem::path& source, const std::filesystem::path& target,
                         const RasterOutputOptions& options, const Progress& progress);

// The COG path: overviews are averages built in one pass (average_overviews.hpp) and stored
// beside `source` (source.ovr); GDAL's COG driver then lays the file out, compressing on
// `threads`.
void write_cog(const std::filesystem::path& source, const std::filesystem::path& target,
               const RasterOutputOptions& options, const Progress& progress);

}  // namespace oremap::sinks
