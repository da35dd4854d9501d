#pragma once
// GDAL's rasteriser (GDALRasterizeGeometries) on band 1 of a dataset, in chunks of whole rows
// of bounded size. Left to itself it sizes its chunk to the whole block cache and holds it
// besides the cache it reads and writes through: up to twice --cache on a large grid. The
// cells burnt do not depend on the chunk: GDAL burns every chunk in the dataset's own pixel
// frame, at the chunk's offset. The chunk is lent by the cache (gdal/cache_loan.hpp).
#include <gdal_priv.h>

#include <cstddef>
#include <vector>

#include "gdal/progress_callback.hpp"

namespace oremap::gdal {

// A chunk's buffer: every chunk makes one more pass over all geometries, so not too small.
constexpr std::size_t kRasterizeChunkBytes = std::size_t{64} << 20;

// Burns geometry i (in the dataset's CRS) with values[i], in chunks of whole block rows within
// `chunk_bytes` (one block row at least). Returns GDAL's error state.
CPLErr rasterize(GDALDataset& ds, const std::vector<OGRGeometryH>& geometries, const double* values, bool all_touched,
                 ProgressCallback& progress, std::size_t chunk_bytes = kRasterizeChunkBytes);

}  // namespace oremap::gdal
