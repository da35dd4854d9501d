#pragma once
// The raster part of a site-ranking map at the map's own resolution: a grid raster read
// resampled strip by strip (bounded memory, whatever the grid's size), relief shading of a
// DEM with GDAL's hillshade, and the two composed into the frame's background image.
#include <array>
#include <optional>
#include <vector>

#include "gdal/handles.hpp"
#include "stages/sinks/map/cairo.hpp"

namespace oremap::sinks::map {

// Band 1 of `ds` (covering the grid's extent) resampled to width x height pixels, row-major:
// averaged when the map is coarser than the raster, nearest cell when finer. Reads strips of
// output rows whose source window holds at most `strip_cells` cells (16 Mi = 64 MiB of
// Float32 by default), so a huge grid is never in memory at once, nor in the block cache.
// `nodata` values become NaN.
constexpr double kStripCells = 16.0 * 1024 * 1024;
std::vector<float> read_resampled(GDALDataset& ds, int width, int height, std::optional<double> nodata,
                                  double strip_cells = kStripCells);

// Finite min and max of the values; nullopt when every value is NaN.
std::optional<std::array<double, 2>> value_range(const std::vector<float>& values);

// [lo, hi] widened to multiples of a round step (1, 2 or 5 x 10^k, about a fifth of the
// span): [0, 0.999] -> [0, 1], [0.0003, 0.0123] -> [0, 0.015]. lo == hi is returned as is.
std::array<double, 2> nice_range(double lo, double hi);

// Brightness factors from GDAL's hillshade (sun at 315 degrees, 45 degrees high) of a DEM
// already at map resolution with `pixel_metres` pixels: 1 on flat ground, below 1 in shadow,
// above 1 on lit slopes, scaled by `strength` in [0, 1]; 1 where the DEM has no value.
std::vector<float> hillshade_factors(const std::vector<float>& dem, int width, int height, double pixel_metres,
                                     double strength);

// Colour of one pixel: viridis of the value scaled to `range` (grey where the value is NaN),
// times the relief factor.
Rgb background_colour(float value, const std::array<double, 2>& range, float shade);

// The frame's background image (opaque, width x height pixels); `shade` may be empty.
SurfacePtr background_image(const std::vector<float>& values, const std::array<double, 2>& range,
                            const std::vector<float>& shade, int width, int height);

}  // namespace oremap::sinks::map
