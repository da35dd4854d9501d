#pragma once
// Writes a grid raster as a Cloud-Optimised GeoTIFF: Float32, NaN nodata, internal
// overviews, DEFLATE/ZSTD/LZW, band description and metadata; temp name, then rename.
#include <filesystem>
#include <map>
#include <string>

#include "core/progress.hpp"

namespace oremap::sinks {

struct CogOptions {
  std::string compression = "ZSTD";
  int level = 0;                               // compression level; 0 = GDAL's default
  std::string description;                     // band description
  std::map<std::string, std::string> metadata; // dataset metadata (OREMAP_* keys added)
  int threads = 1;                             // tiles compressed in parallel
};

// Overviews are averages built in one pass (average_overviews.hpp) and stored beside
// `source` (source.ovr); GDAL's COG driver then lays the file out, compressing on `threads`.
void write_cog(const std::filesystem::path& source, const std::filesystem::path& target, const CogOptions& options,
               const Progress& progress);

}  // namespace oremap::sinks
