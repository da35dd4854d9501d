#pragma once
// Known deposits on a commodity's map ([map] deposits): a white five-pointed star with a black
// outline at every point, so they stand out from the viridis ramp and the red site circles;
// deposits mapped as lines or polygons are drawn as black outlines.
#include "stages/sinks/map/cairo.hpp"
#include "stages/sinks/map/layout.hpp"
#include "stages/sinks/map/overlay.hpp"

namespace oremap::sinks::map {

// The star centred on (x, y); also the legend's sample.
void draw_deposit_symbol(cairo_t* cr, double x, double y, double u);

// Every feature of the layer, outlines first, then the stars.
void draw_deposits(cairo_t* cr, const MapTransform& t, const Overlay& layer, double u);

}  // namespace oremap::sinks::map
