#pragma once
// A grid raster kept as row bands, one GeoTIFF per MPI rank (core/ranks.hpp): a VRT at the
// raster's path places each band at its rows with whole-cell offsets, so every reader sees one
// raster on the grid, and no process ever held it whole. GDAL opens the VRT by its content,
// whatever the file's name.
#include <filesystem>
#include <vector>

#include "core/grid.hpp"

namespace oremap::gdal {

// Rows [first_row, first_row + rows) of the grid as a grid of their own (same columns and CRS).
Grid band_grid(const Grid& grid, int first_row, int rows);

struct Band {
  std::filesystem::path file;  // a raster on band_grid(grid, first_row, its rows)
  int first_row = 0;
};

// Writes the VRT mosaic of `bands` (covering the grid's rows, in order) to `path`.
void write_band_mosaic(const std::filesystem::path& path, const Grid& grid, const std::vector<Band>& bands);

}  // namespace oremap::gdal
