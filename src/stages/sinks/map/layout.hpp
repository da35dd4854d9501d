#pragma once
// Where things go on the page of a site-ranking map, and the map's scale: the grid's extent
// fitted into the map frame, the scale bar's round length, the direction of true north.
#include <string>

#include "core/grid.hpp"
#include "stages/sinks/map/labels.hpp"

namespace oremap::sinks::map {

// Grid CRS (metres) -> page pixels, y down.
struct MapTransform {
  double xmin = 0, ymax = 0;  // grid corner drawn at (left, top)
  double left = 0, top = 0;
  double scale = 1;  // page pixels per metre

  double px(double x) const { return left + (x - xmin) * scale; }
  double py(double y) const { return top + (ymax - y) * scale; }
};

struct Layout {
  double width = 0, height = 0;  // page, pixels
  double u = 1;                  // pixels per point
  Box title, frame, panel, footer;
  MapTransform map;  // frame == the grid's extent on the page
};

// Sizes the page: the map frame takes what the title, the legend panel (on the right) and the
// footer leave, and holds the grid's extent at the largest scale that fits. Without a
// height, the page is as tall as the map needs (but at least `panel_height` for the legend).
Layout compute_layout(const Grid& grid, int width, int height /* 0 = auto */, double px_per_pt, double footer_height,
                      double panel_height);

// The scale bar: a round length (1, 2 or 5 x 10^k metres) no longer than `max_px` on the page.
struct ScaleBar {
  double metres = 0;
  double px = 0;
  std::string label;  // "100 km", "500 m"
};
double nice_length(double max_metres);
ScaleBar scale_bar(double px_per_metre, double max_px);
std::string distance_label(double metres);

// Clockwise angle (radians) from grid north (page up) to true north at grid point (x, y).
// 0 when the CRS cannot be transformed.
double true_north_angle(const Grid& grid, double x, double y);

}  // namespace oremap::sinks::map
