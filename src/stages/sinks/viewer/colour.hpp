#pragma once
// The viewer's raster colours: the shared viridis ramp (viridis.hpp, the maps' too) applied to
// float cells to make an RGBA image, and PNG output.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "stages/sinks/viridis.hpp"

namespace oremap::sinks {

// The ramp at t = 0, 0.1, ..., 1, for the legend's CSS gradient (the browser interpolates
// between them, so the legend is a close drawing of the ramp; the cells take exact entries).
std::vector<Rgb> legend_stops();

// "#21918c"
std::string css_hex(const Rgb& c);

// RGBA bytes (4 per value, row-major as the input): (v - lo) / (hi - lo) through viridis;
// NaN and infinite values are fully transparent. hi <= lo maps every value to the first entry.
std::vector<std::uint8_t> colour_map(const std::vector<float>& values, double lo, double hi);

// Writes an RGBA image (4 bytes per pixel) as a PNG with GDAL's PNG driver (a MEM dataset and
// CreateCopy), under a temporary name renamed when complete. Throws OutputError.
void write_png(const std::filesystem::path& target, int width, int height, const std::vector<std::uint8_t>& rgba);

}  // namespace oremap::sinks
