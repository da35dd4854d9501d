#pragma once
// Colours of the site-ranking map: the shared viridis ramp for prospectivity (viridis.hpp) and
// a light-to-dark red ramp for site scores.
#include "stages/sinks/viridis.hpp"

namespace oremap::sinks::map {

// Site score in [0, 1] (clamped): #fee0d2 at 0 through #fc9272, #de2d26 to #67000d at 1.
Rgb score_colour(double t);

// Perceived lightness in [0, 1] (Rec. 709 luma of the sRGB values): picks black or white text.
double luma(const Rgb& c);

}  // namespace oremap::sinks::map
