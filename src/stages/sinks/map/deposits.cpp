#include "stages/sinks/map/deposits.hpp"

#include <cmath>

#include "stages/sinks/map/style.hpp"

namespace oremap::sinks::map {

void draw_deposit_symbol(cairo_t* cr, double x, double y, double u) {
  const double outer = 4.6 * u, inner = 1.9 * u;
  cairo_save(cr);
  cairo_new_path(cr);
  for (int i = 0; i < 10; ++i) {  // points up; outer and inner corners alternate
    const double r = i % 2 ? inner : outer, a = -M_PI / 2 + i * M_PI / 5;
    if (i == 0)
      cairo_move_to(cr, x + r * std::cos(a), y + r * std::sin(a));
    else
      cairo_line_to(cr, x + r * std::cos(a), y + r * std::sin(a));
  }
  cairo_close_path(cr);
  set_colour(cr, {255, 255, 255});
  cairo_fill_preserve(cr);
  set_colour(cr, {0, 0, 0});
  cairo_set_line_width(cr, 0.8 * u);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
  cairo_stroke(cr);
  cairo_restore(cr);
}

void draw_deposits(cairo_t* cr, const MapTransform& t, const Overlay& layer, double u) {
  cairo_save(cr);
  cairo_new_path(cr);
  for (const Shape& s : layer.shapes)
    if (s.kind != ShapeKind::point) add_shape_path(cr, t, s);
  set_colour(cr, {0, 0, 0});
  cairo_set_line_width(cr, 1.0 * u);
  cairo_stroke(cr);
  cairo_restore(cr);
  for (const Shape& s : layer.shapes)
    if (s.kind == ShapeKind::point)
      for (const Coords& part : s.parts)
        if (!part.empty()) draw_deposit_symbol(cr, t.px(part[0][0]), t.py(part[0][1]), u);
}

}  // namespace oremap::sinks::map
