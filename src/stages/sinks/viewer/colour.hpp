#pragma once
// The viewer's raster colours: a perceptual viridis ramp (matplotlib's, sampled at 11 stops
// and interpolated linearly), applied to float cells to make an RGBA image, and PNG output.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace oremap::sinks {

struct Rgba {
  std::uint8_t r = 0, g = 0, b = 0, a = 0;
};

// The ramp's stops, evenly spaced from 0 to 1 (the legend draws the same gradient).
const std::vector<Rgba>& viridis_stops();

// Colour at t in [0, 1] (clamped): linear between the two nearest stops, rounded; opaque.
Rgba viridis(double t);

// "#21918c"
std::string css_hex(const Rgba& c);

// RGBA bytes (4 per value, row-major as the input): (v - lo) / (hi - lo) through viridis;
// NaN and infinite values are fully transparent. hi <= lo maps every value to the first stop.
std::vector<std::uint8_t> colour_map(const std::vector<float>& values, double lo, double hi);

// Writes an RGBA image (4 bytes per pixel) as a PNG with GDAL's PNG driver (a MEM dataset and
// CreateCopy), under a temporary name renamed when complete. Throws OutputError.
void write_png(const std::filesystem::path& target, int width, int height, const std::vector<std::uint8_t>& rgba);

}  // namespace oremap::sinks
