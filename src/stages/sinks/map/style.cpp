#include "stages/sinks/map/style.hpp"

#include <cmath>

namespace oremap::sinks::map {

namespace {

const Rgb kInk{34, 34, 34};
const Rgb kWhite{255, 255, 255};
const Rgb kHatch{197, 27, 125};  // magenta: reads on every viridis colour

void dashes(cairo_t* cr, std::initializer_list<double> pattern_u, double u) {
  double d[6];
  int n = 0;
  for (double p : pattern_u) d[n++] = p * u;
  cairo_set_dash(cr, d, n, 0);
}

void line(cairo_t* cr, const Rgb& c, double width, double alpha = 1.0) {
  set_colour(cr, c, alpha);
  cairo_set_line_width(cr, width);
  cairo_stroke_preserve(cr);
}

}  // namespace

const char* infra_label(InfraClass c) {
  switch (c) {
    case InfraClass::motorway:
      return "Motorway";
    case InfraClass::road:
      return "Road";
    case InfraClass::railway:
      return "Railway";
    case InfraClass::power:
      return "Power line";
    case InfraClass::pipeline:
      return "Pipeline";
    case InfraClass::port:
      return "Port";
    case InfraClass::airport:
      return "Airport";
    case InfraClass::town:
      return "Town";
    case InfraClass::other:
      return "Other infrastructure";
  }
  return "Other infrastructure";
}

bool infra_is_line(InfraClass c) {
  return c == InfraClass::motorway || c == InfraClass::road || c == InfraClass::railway || c == InfraClass::power ||
         c == InfraClass::pipeline || c == InfraClass::other;
}

void add_shape_path(cairo_t* cr, const MapTransform& t, const Shape& s) {
  for (const auto& part : s.parts) {
    for (std::size_t i = 0; i < part.size(); ++i) {
      const double x = t.px(part[i][0]), y = t.py(part[i][1]);
      if (i == 0)
        cairo_move_to(cr, x, y);
      else
        cairo_line_to(cr, x, y);
    }
    if (s.kind == ShapeKind::polygon) cairo_close_path(cr);
  }
}

void stroke_infra_line(cairo_t* cr, InfraClass c, double u) {
  cairo_save(cr);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  switch (c) {
    case InfraClass::motorway:
      line(cr, kInk, 2.8 * u);
      line(cr, {255, 200, 110}, 1.7 * u);
      break;
    case InfraClass::road:
      line(cr, kInk, 2.1 * u);
      line(cr, kWhite, 1.1 * u);
      break;
    case InfraClass::railway:
      line(cr, kInk, 1.9 * u);
      dashes(cr, {3.5, 3.5}, u);
      line(cr, kWhite, 0.9 * u);
      break;
    case InfraClass::power:
      line(cr, kWhite, 2.0 * u, 0.6);
      dashes(cr, {5, 1.5, 1, 1.5}, u);
      line(cr, {215, 48, 39}, 1.0 * u);
      break;
    case InfraClass::pipeline:
      dashes(cr, {2, 1.5}, u);
      line(cr, {106, 61, 154}, 1.2 * u);
      break;
    default:
      line(cr, {80, 80, 80}, 1.0 * u);
  }
  cairo_new_path(cr);
  cairo_restore(cr);
}

void draw_infra_point(cairo_t* cr, InfraClass c, double x, double y, double u) {
  cairo_save(cr);
  cairo_new_path(cr);
  Rgb fill{90, 90, 90};
  double outline = 0.9 * u;
  switch (c) {
    case InfraClass::port:
      cairo_rectangle(cr, x - 3 * u, y - 3 * u, 6 * u, 6 * u);
      fill = {31, 78, 121};
      break;
    case InfraClass::airport:
      cairo_move_to(cr, x, y - 4 * u);
      cairo_line_to(cr, x + 3.6 * u, y + 2.5 * u);
      cairo_line_to(cr, x - 3.6 * u, y + 2.5 * u);
      cairo_close_path(cr);
      fill = {60, 60, 60};
      outline = 0.6 * u;
      break;
    case InfraClass::town:
      cairo_arc(cr, x, y, 1.9 * u, 0, 2 * M_PI);
      fill = kWhite;
      outline = 0.8 * u;
      break;
    default:
      cairo_move_to(cr, x, y - 3 * u);
      cairo_line_to(cr, x + 3 * u, y);
      cairo_line_to(cr, x, y + 3 * u);
      cairo_line_to(cr, x - 3 * u, y);
      cairo_close_path(cr);
  }
  set_colour(cr, fill);
  cairo_fill_preserve(cr);
  set_colour(cr, c == InfraClass::town ? kInk : kWhite);
  cairo_set_line_width(cr, outline);
  cairo_stroke(cr);
  cairo_restore(cr);
}

void draw_infrastructure(cairo_t* cr, const MapTransform& t, const Overlay& layer, double u) {
  for (const Shape& s : layer.shapes)
    if (s.kind != ShapeKind::point) {
      add_shape_path(cr, t, s);
      stroke_infra_line(cr, s.cls, u);
    }
  for (const Shape& s : layer.shapes)  // towns are drawn with their names (draw_place_labels)
    if (s.kind == ShapeKind::point && s.cls != InfraClass::town && !s.parts.empty() && !s.parts[0].empty())
      draw_infra_point(cr, s.cls, t.px(s.parts[0][0][0]), t.py(s.parts[0][0][1]), u);
}

void stroke_boundary(cairo_t* cr, int importance, double u) {
  cairo_save(cr);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  if (importance == 0) {
    line(cr, kWhite, 2.6 * u, 0.55);
    line(cr, {25, 25, 25}, 1.1 * u);
  } else {
    line(cr, kWhite, 1.6 * u, 0.35);
    dashes(cr, {4, 1.5}, u);
    line(cr, {40, 40, 40}, 0.6 * u);
  }
  cairo_new_path(cr);
  cairo_restore(cr);
}

void draw_boundaries(cairo_t* cr, const MapTransform& t, const Overlay& layer, int importance, double u) {
  for (const Shape& s : layer.shapes)
    if (s.kind != ShapeKind::point) add_shape_path(cr, t, s);
  stroke_boundary(cr, importance, u);
}

void hatch_path(cairo_t* cr, bool soft, double u) {
  cairo_save(cr);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_path_t* outline = cairo_copy_path(cr);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.3);
  cairo_fill_preserve(cr);
  cairo_clip(cr);
  double x0, y0, x1, y1;
  cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
  const double step = (soft ? 6.0 : 3.5) * u, h = y1 - y0;
  for (double c = std::floor((x0 - h) / step) * step; c <= x1; c += step) {
    cairo_move_to(cr, c, y1);
    cairo_line_to(cr, c + h, y0);
  }
  set_colour(cr, kHatch);
  cairo_set_line_width(cr, 0.7 * u);
  cairo_stroke(cr);
  cairo_reset_clip(cr);
  cairo_restore(cr);
  cairo_save(cr);
  cairo_append_path(cr, outline);
  cairo_path_destroy(outline);
  set_colour(cr, kHatch);
  cairo_set_line_width(cr, (soft ? 0.5 : 1.0) * u);
  cairo_stroke(cr);
  cairo_restore(cr);
}

void draw_hatched(cairo_t* cr, const MapTransform& t, const Overlay& layer, bool soft, double u) {
  for (const Shape& s : layer.shapes)
    if (s.kind == ShapeKind::polygon) {
      add_shape_path(cr, t, s);
      hatch_path(cr, soft, u);
    }
}

double site_radius(int rank, bool labelled, double u) {
  const int digits = rank >= 100 ? 3 : rank >= 10 ? 2 : 1;
  return ((labelled ? 6.5 : 5.0) + 1.3 * (digits - 1)) * u;
}

void draw_site_symbol(cairo_t* cr, double x, double y, double radius, double score, int rank, double u) {
  const Rgb fill = score_colour(score);
  cairo_save(cr);
  cairo_new_path(cr);
  cairo_arc(cr, x, y, radius, 0, 2 * M_PI);
  set_colour(cr, fill);
  cairo_fill_preserve(cr);
  set_colour(cr, kInk);
  cairo_set_line_width(cr, 0.9 * u);
  cairo_stroke(cr);
  const std::string text = std::to_string(rank);
  set_font(cr, radius * (text.size() > 2 ? 0.95 : 1.1), true);
  cairo_text_extents_t e;
  cairo_text_extents(cr, text.c_str(), &e);
  set_colour(cr, luma(fill) > 0.55 ? kInk : kWhite);
  cairo_move_to(cr, x - e.x_bearing - e.width / 2, y - e.y_bearing - e.height / 2);
  cairo_show_text(cr, text.c_str());
  cairo_restore(cr);
}

void draw_excluded_symbol(cairo_t* cr, double x, double y, double u) {
  const double s = 3.2 * u;
  cairo_save(cr);
  cairo_new_path(cr);
  cairo_move_to(cr, x - s, y - s);
  cairo_line_to(cr, x + s, y + s);
  cairo_move_to(cr, x - s, y + s);
  cairo_line_to(cr, x + s, y - s);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  line(cr, kWhite, 3.0 * u, 0.8);
  line(cr, {110, 110, 110}, 1.5 * u);
  cairo_new_path(cr);
  cairo_restore(cr);
}

void draw_unranked_symbol(cairo_t* cr, double x, double y, double u) {
  const double r = 4.2 * u;
  cairo_save(cr);
  cairo_new_path(cr);
  cairo_arc(cr, x, y, r, 0, 2 * M_PI);
  set_colour(cr, kWhite);
  cairo_fill_preserve(cr);
  const double dash[] = {1.6 * u, 1.1 * u};
  cairo_set_dash(cr, dash, 2, 0);
  line(cr, {55, 65, 81}, 1.1 * u);
  cairo_set_dash(cr, nullptr, 0, 0);
  set_font(cr, 1.5 * r, true);
  cairo_text_extents_t e;
  cairo_text_extents(cr, "?", &e);
  set_colour(cr, {55, 65, 81});
  cairo_move_to(cr, x - e.x_bearing - e.width / 2, y - e.y_bearing - e.height / 2);
  cairo_show_text(cr, "?");
  cairo_restore(cr);
}

}  // namespace oremap::sinks::map
