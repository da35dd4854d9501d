#pragma once
// Colours of the site-ranking map: matplotlib's viridis ramp for prospectivity (256 entries,
// CC0, as published by its authors) and a light-to-dark red ramp for site scores.
#include <cstdint>

namespace oremap::sinks::map {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Rgb& o) const { return r == o.r && g == o.g && b == o.b; }
};

// Entry i of the 256-entry viridis table: viridis_entry(0) = #440154, viridis_entry(255) = #fde725.
Rgb viridis_entry(int i);

// t in [0, 1] (clamped; NaN -> 0) -> entry floor(t * 256), capped at 255, as matplotlib does:
// viridis(0.25) = #3b528b, viridis(0.5) = #21918c, viridis(0.75) = #5ec962.
Rgb viridis(double t);

// Site score in [0, 1] (clamped): #fee0d2 at 0 through #fc9272, #de2d26 to #67000d at 1.
Rgb score_colour(double t);

// Perceived lightness in [0, 1] (Rec. 709 luma of the sRGB values): picks black or white text.
double luma(const Rgb& c);

}  // namespace oremap::sinks::map
