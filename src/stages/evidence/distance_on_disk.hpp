#pragma once
// The exact distance transform for grids whose per-column distances (2 bytes a cell, 4 above
// 65535 rows) exceed the cache budget: they live in a temporary GeoTIFF instead of memory, read
// and written strip by strip, so memory stays bounded. Same row kernels as
// algo::DistanceTransform, so the same bits.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

#include "stages/raster_input.hpp"
#include "stages/run_context.hpp"

namespace oremap::evidence {

// Feeds every mask row of the grid, top row first, to the callback it is given.
using MaskRows = std::function<void(const std::function<void(const std::uint8_t*)>&)>;

// What happens to a strip's distances before they are written (nodata beyond max_distance,
// or where the input is nodata): apply(strip of `inputs`, distances in place).
struct DistanceFinish {
  std::vector<RasterInput> inputs;
  std::function<void(const Strip&, float*)> apply;
};

// Writes the distances (metres, capped at `cap`, then `finish`ed) to `out`, stored as `storage`
// says; `scratch` is the temporary GeoTIFF (compressed).
// Progress: 0-0.3 while feeding rows, 0.3-0.45 backward pass, 0.45-1 distances. Returns
// whether any feature cell was found.
bool distance_on_disk(const RunContext& ctx, const MaskRows& rows, double cap, const DistanceFinish& finish,
                      const std::filesystem::path& scratch, const std::filesystem::path& out, gdal::Storage storage);

}  // namespace oremap::evidence
