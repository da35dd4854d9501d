#include "stages/sinks/model_range.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/error.hpp"
#include "gdal/handles.hpp"
#include "stages/sinks/map/raster.hpp"

namespace oremap::sinks {

std::optional<std::array<double, 2>> model_colour_range(const std::filesystem::path& raster,
                                                        const std::optional<std::array<double, 2>>& fixed) {
  if (fixed) return fixed;
  gdal::register_drivers();
  gdal::DatasetPtr ds = gdal::open_dataset(raster.string(), GDAL_OF_RASTER);
  GDALRasterBand* band = ds->GetRasterBand(1);
  int has_nodata = 0;
  const double nodata = band->GetNoDataValue(&has_nodata);
  // Strips of whole blocks, each dropped from the block cache once read: an uncompressed
  // raster is read straight into the strip (GTIFF_DIRECT_IO), and a COG's tiles do not crowd
  // the cache the computation is using (GDALRasterBand::ComputeRasterMinMax would fill it).
  int block_cols = 0, block_rows = 0;
  band->GetBlockSize(&block_cols, &block_rows);
  const int cols = band->GetXSize(), rows = band->GetYSize();
  const int strip_rows = std::max(block_rows, block_rows * std::max(1, (1 << 21) / std::max(1, cols * block_rows)));
  std::vector<double> strip(static_cast<std::size_t>(cols) * static_cast<std::size_t>(strip_rows));
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (int row0 = 0; row0 < rows; row0 += strip_rows) {
    const int n = std::min(strip_rows, rows - row0);
    if (band->RasterIO(GF_Read, 0, row0, cols, n, strip.data(), cols, n, GDT_Float64, 0, 0, nullptr) != CE_None)
      throw LibraryError(raster.string() + ": cannot read rows " + std::to_string(row0) + "-" +
                         std::to_string(row0 + n - 1) + " for the colour range: " + CPLGetLastErrorMsg());
    GDALFlushRasterCache(band);
    for (std::size_t i = 0; i < static_cast<std::size_t>(cols) * static_cast<std::size_t>(n); ++i) {
      const double v = strip[i];
      if (std::isnan(v) || (has_nodata && v == nodata)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (!std::isfinite(lo) || !std::isfinite(hi)) return std::nullopt;  // a raster without data
  return map::nice_range(lo, hi);
}

}  // namespace oremap::sinks
