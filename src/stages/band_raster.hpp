#pragma once
// A grid raster written by every rank of a run together (core/ranks.hpp): each rank writes
// the rows of its band of strips (block_engine.hpp's strip_band); close(), a collective, leaves the whole raster
// at `path`. One rank writes that file itself, exactly as before; several write
// `<path>.band<r>.tif` each, and rank 0 makes `path` their mosaic (gdal/band_mosaic.hpp).
#include <filesystem>
#include <utility>

#include "gdal/grid_raster.hpp"
#include "stages/run_context.hpp"

namespace oremap {

class BandRaster {
 public:
  BandRaster(const RunContext& ctx, std::filesystem::path path, GDALDataType type, gdal::Storage storage);
  ~BandRaster();
  BandRaster(const BandRaster&) = delete;
  BandRaster& operator=(const BandRaster&) = delete;

  // This rank's rows of the grid [first_row, first_row + rows); none when rows() == 0.
  int first_row() const { return first_row_; }
  int rows() const { return rows_; }
  // Their file, on gdal::band_grid(grid, first_row(), rows()): its row 0 is grid row first_row()
  // (e.g. for GDAL's rasterizer). Only when rows() > 0.
  GDALDataset& dataset() { return *file_; }
  // Grid rows [row0, row0 + n), within this rank's rows.
  void write_rows(int row0, int n, const float* values);
  void write_rows_byte(int row0, int n, const unsigned char* values);

  // Collective: closes the band (a write failure on any rank fails every rank) and writes the mosaic.
  void close();

 private:
  const RunContext& ctx_;
  std::filesystem::path path_, file_path_;
  int first_row_ = 0, rows_ = 0;
  gdal::DatasetPtr file_;
};

// Removes a raster and, written by several ranks, its bands (not a collective: call it on one rank).
void remove_raster_files(const RunContext& ctx, const std::filesystem::path& path);

}  // namespace oremap
