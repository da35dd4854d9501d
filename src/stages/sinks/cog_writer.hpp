#pragma once
// Writes a grid raster as a Cloud-Optimised GeoTIFF: Float32, NaN nodata, internal
// overviews, DEFLATE/ZSTD/LZW, band description and metadata; temp name, then rename.
#include <filesystem>
#include <map>
#include <string>

#include "core/progress.hpp"

namespace oremap::sinks {

struct CogOptions {
  std::string compression = "DEFLATE";
  std::string description;                     // band description
  std::map<std::string, std::string> metadata; // dataset metadata (OREMAP_* keys added)
};

void write_cog(const std::filesystem::path& source, const std::filesystem::path& target, const CogOptions& options,
               const Progress& progress);

}  // namespace oremap::sinks
