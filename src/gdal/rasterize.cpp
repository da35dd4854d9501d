#include "gdal/rasterize.hpp"

#include <gdal_alg.h>

#include <algorithm>
#include <cstddef>
#include <string>

#include "gdal/cache_loan.hpp"
#include "gdal/handles.hpp"

namespace oremap::gdal {

namespace {

// Whole blocks of rows within chunk_bytes (one block row at least), so every block is read
// and written once.
int chunk_rows(GDALDataset& ds, std::size_t chunk_bytes) {
  GDALRasterBand* band = ds.GetRasterBand(1);
  int block_cols = 0, block_rows = 0;
  band->GetBlockSize(&block_cols, &block_rows);
  const std::size_t row_bytes =
      static_cast<std::size_t>(ds.GetRasterXSize()) * GDALGetDataTypeSizeBytes(band->GetRasterDataType());
  const std::size_t blocks = std::max<std::size_t>(1, chunk_bytes / (row_bytes * block_rows));
  return static_cast<int>(std::min<std::size_t>(blocks * block_rows, ds.GetRasterYSize()));
}

}  // namespace

CPLErr rasterize(GDALDataset& ds, const std::vector<OGRGeometryH>& geometries, const double* values, bool all_touched,
                 ProgressCallback& progress, std::size_t chunk_bytes) {
  const int rows = chunk_rows(ds, chunk_bytes);
  GDALRasterBand* band = ds.GetRasterBand(1);
  const CacheLoan chunk(static_cast<std::size_t>(rows) * ds.GetRasterXSize() *
                        GDALGetDataTypeSizeBytes(band->GetRasterDataType()));
  StringList options;
  if (all_touched) options.set("ALL_TOUCHED", "TRUE");
  options.set("CHUNKYSIZE", std::to_string(rows));
  // GDAL's other mode (its default beyond 10,000 geometries) sizes its buffer from the cache.
  options.set("OPTIM", "RASTER");
  int band_number = 1;
  return GDALRasterizeGeometries(GDALDataset::ToHandle(&ds), 1, &band_number, static_cast<int>(geometries.size()),
                                 const_cast<OGRGeometryH*>(geometries.data()), nullptr, nullptr, values, options.get(),
                                 ProgressCallback::callback, progress.data());
}

}  // namespace oremap::gdal
