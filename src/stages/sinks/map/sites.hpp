#pragma once
// The ranked sites on the map: polygon outlines, excluded sites as grey crosses, sites not ranked
// for missing data as dashed white discs with a question mark, ranked sites
// as numbered circles coloured by score (best drawn last, on top), and the top N names
// placed around their symbols without overlaps (map_labels.hpp).
#include <vector>

#include "stages/sinks/map/cairo.hpp"
#include "stages/sinks/map/labels.hpp"
#include "stages/sinks/map/layout.hpp"
#include "stages/sinks/map/overlay.hpp"
#include "stages/sites/site_result.hpp"

namespace oremap::sinks::map {

// Draws the sites of `result` and the labels of its `top_n` best-ranked sites inside the
// frame; `obstacles` (scale bar, north arrow) stay free of labels. Returns the obstacles
// plus every site symbol and label drawn.
std::vector<Box> draw_sites(cairo_t* cr, const Layout& layout, const sites::CommodityResult& result, int top_n,
                            std::vector<Box> obstacles);

// Towns (infrastructure class town), most populous first, where their names fit around
// `taken` (at most `max_labels`): a dot and the name, small and grey so sites stay the
// subject. A town whose name does not fit is not drawn.
void draw_place_labels(cairo_t* cr, const Layout& layout, const std::vector<const Shape*>& towns,
                       std::vector<Box> taken, int max_labels);

}  // namespace oremap::sinks::map
