#include "stages/sinks/map/cairo.hpp"

#include "core/error.hpp"

namespace oremap::sinks::map {

SurfacePtr own_surface(cairo_surface_t* s, const std::string& what) {
  SurfacePtr p(s);
  if (!s || cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
    throw LibraryError(what + ": Cairo cannot create the surface: " +
                       (s ? cairo_status_to_string(cairo_surface_status(s)) : "no memory"));
  return p;
}

CairoPtr own_context(cairo_t* c, const std::string& what) {
  CairoPtr p(c);
  if (!c || cairo_status(c) != CAIRO_STATUS_SUCCESS)
    throw LibraryError(what + ": Cairo cannot create a drawing context: " +
                       (c ? cairo_status_to_string(cairo_status(c)) : "no memory"));
  return p;
}

void set_font(cairo_t* cr, double size_px, bool bold, bool italic) {
  cairo_select_font_face(cr, "DejaVu Sans", italic ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size_px);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options(cr, options);
  cairo_font_options_destroy(options);
}

double text_width(cairo_t* cr, const std::string& text) {
  cairo_text_extents_t e;
  cairo_text_extents(cr, text.c_str(), &e);
  return e.x_advance;
}

void set_colour(cairo_t* cr, const Rgb& c, double alpha) {
  cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, alpha);
}

void draw_text(cairo_t* cr, double x, double y, const std::string& text, const Rgb& colour, double halo) {
  if (halo > 0) {
    cairo_save(cr);
    cairo_move_to(cr, x, y);
    cairo_text_path(cr, text.c_str());
    cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
    cairo_set_line_width(cr, 2 * halo);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    cairo_restore(cr);
  }
  set_colour(cr, colour);
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, text.c_str());
}

std::string fit_text(cairo_t* cr, const std::string& text, double width) {
  if (text_width(cr, text) <= width) return text;
  std::string cut = text;
  while (!cut.empty()) {
    // Drop one UTF-8 character (its continuation bytes first).
    while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();
    if (!cut.empty()) cut.pop_back();
    if (text_width(cr, cut + "\u2026") <= width) return cut + "\u2026";
  }
  return "";
}

}  // namespace oremap::sinks::map
