#include "stages/sinks/map/layout.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gdal/handles.hpp"

namespace oremap::sinks::map {

Layout compute_layout(const Grid& grid, int width, int height, double u, double footer_height, double panel_height) {
  Layout l;
  l.u = u;
  l.width = width;
  const double margin = 14 * u, gap = 10 * u;
  const double title_h = 15 * u * 1.3 + 8.5 * u * 1.6;
  const double panel_w = std::max(150 * u, 0.24 * width);
  const double grid_w = grid.xmax() - grid.xmin, grid_h = grid.ymax - grid.ymin();
  const double avail_w = width - 2 * margin - gap - panel_w;
  const double chrome_h = 2 * margin + title_h + 2 * gap + footer_height;
  double avail_h = height - chrome_h;
  if (height <= 0) {
    avail_h = std::max(avail_w * grid_h / grid_w, panel_height);
    l.height = std::ceil(chrome_h + avail_h);
  } else {
    l.height = height;
  }
  const double scale = std::max(1e-12, std::min(avail_w / grid_w, avail_h / grid_h));
  const double map_w = grid_w * scale, map_h = grid_h * scale;
  const double area_top = margin + title_h + gap;
  l.title = {margin, margin, l.width - margin, margin + title_h};
  l.frame = {margin + (avail_w - map_w) / 2, area_top + (avail_h - map_h) / 2, 0, 0};
  l.frame.x1 = l.frame.x0 + map_w;
  l.frame.y1 = l.frame.y0 + map_h;
  l.panel = {l.width - margin - panel_w, area_top, l.width - margin, area_top + avail_h};
  l.footer = {margin, l.height - margin - footer_height, l.width - margin, l.height - margin};
  l.map = {grid.xmin, grid.ymax, l.frame.x0, l.frame.y0, scale};
  return l;
}

double nice_length(double max_metres) {
  if (!(max_metres > 0)) return 0;
  const double p = std::pow(10.0, std::floor(std::log10(max_metres)));
  for (double m : {5.0, 2.0, 1.0})
    if (m * p <= max_metres * (1 + 1e-9)) return m * p;
  return p;
}

std::string distance_label(double metres) {
  char buf[32];
  if (metres >= 1000)
    std::snprintf(buf, sizeof buf, "%g km", metres / 1000);
  else
    std::snprintf(buf, sizeof buf, "%g m", metres);
  return buf;
}

ScaleBar scale_bar(double px_per_metre, double max_px) {
  ScaleBar s;
  s.metres = nice_length(max_px / px_per_metre);
  s.px = s.metres * px_per_metre;
  s.label = distance_label(s.metres);
  return s;
}

double true_north_angle(const Grid& grid, double x, double y) {
  OGRSpatialReference srs;
  if (srs.importFromWkt(grid.crs_wkt.c_str()) != OGRERR_NONE) return 0;
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference* geo = srs.CloneGeogCS();
  if (!geo) return 0;
  geo->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  gdal::TransformPtr to_geo(OGRCreateCoordinateTransformation(&srs, geo));
  gdal::TransformPtr to_grid(OGRCreateCoordinateTransformation(geo, &srs));
  OGRSpatialReference::DestroySpatialReference(geo);
  double lon = x, lat = y;
  if (!to_geo || !to_grid || !to_geo->Transform(1, &lon, &lat)) return 0;
  double nx = lon, ny = std::min(89.9, lat + 0.01);
  if (!to_grid->Transform(1, &nx, &ny)) return 0;
  return std::atan2(nx - x, ny - y);  // clockwise from page up
}

}  // namespace oremap::sinks::map
