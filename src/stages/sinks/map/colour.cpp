#include "stages/sinks/map/colour.hpp"

#include <algorithm>
#include <cmath>

namespace oremap::sinks::map {

namespace {

double clamp01(double t) { return std::isnan(t) ? 0.0 : std::min(1.0, std::max(0.0, t)); }

}  // namespace

Rgb score_colour(double t) {
  static const Rgb stops[] = {{0xfe, 0xe0, 0xd2}, {0xfc, 0x92, 0x72}, {0xde, 0x2d, 0x26}, {0x67, 0x00, 0x0d}};
  const double x = clamp01(t) * 3.0;
  const int i = std::min(2, static_cast<int>(x));
  const double f = x - i;
  auto mix = [f](std::uint8_t a, std::uint8_t b) { return static_cast<std::uint8_t>(std::lround(a + (b - a) * f)); };
  return {mix(stops[i].r, stops[i + 1].r), mix(stops[i].g, stops[i + 1].g), mix(stops[i].b, stops[i + 1].b)};
}

double luma(const Rgb& c) { return (0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b) / 255.0; }

}  // namespace oremap::sinks::map
