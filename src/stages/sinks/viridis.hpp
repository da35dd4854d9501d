#pragma once
// The one prospectivity colour ramp of every output (maps and viewer): matplotlib's viridis,
// its 256-entry table (CC0, as published by its authors), looked up as matplotlib does, so a
// value gets the same colour on the printed map and in the web viewer.
#include <cstdint>

namespace oremap::sinks {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Rgb& o) const { return r == o.r && g == o.g && b == o.b; }
};

// Entry i of the 256-entry viridis table: viridis_entry(0) = #440154, viridis_entry(255) = #fde725.
Rgb viridis_entry(int i);

// t in [0, 1] (clamped; NaN -> 0) -> entry floor(t * 256), capped at 255, as matplotlib does:
// viridis(0.25) = #3b528b, viridis(0.5) = #21918c, viridis(0.75) = #5ec962.
Rgb viridis(double t);

}  // namespace oremap::sinks
