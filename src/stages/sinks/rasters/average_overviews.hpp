#pragma once
// Overviews for a COG, computed in one ordered pass over the full-resolution rows instead of
// by GDAL's generic resampler: each level is the NaN-aware mean of 2 x 2 cells of the level
// below (cells on an odd last row or column average what exists; all-NaN stays NaN). Without
// nodata and on whole blocks this equals GDAL's AVERAGE resampling from the base raster.
#include <filesystem>
#include <vector>

#include "core/progress.hpp"

namespace oremap::sinks {

// Factors 2, 4, 8, ... until the smallest level fits within `tile` x `tile` cells, as GDAL's
// COG driver chooses them. Empty when the raster already fits.
std::vector<int> overview_factors(int cols, int rows, int tile);

// Writes the levels of `factors` into `raster`'s external overview file (raster.ovr), which
// GDAL opens with the raster from then on. Replaces any overviews it had. Strips of the raster
// are read and reduced on `threads` threads; the result does not depend on the thread count.
void build_average_overviews(const std::filesystem::path& raster, const std::vector<int>& factors, int threads,
                             const Progress& progress);

}  // namespace oremap::sinks
