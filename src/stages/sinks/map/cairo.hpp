#pragma once
// RAII owners for Cairo objects and the few text and colour helpers the map drawing shares.
// Drawing units are page pixels; text sizes are passed in pixels (points * dpi / 72).
#include <cairo.h>

#include <memory>
#include <string>

#include "stages/sinks/map/colour.hpp"

namespace oremap::sinks::map {

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;

struct CairoDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;

struct PatternDeleter {
  void operator()(cairo_pattern_t* p) const { cairo_pattern_destroy(p); }
};
using PatternPtr = std::unique_ptr<cairo_pattern_t, PatternDeleter>;

// Take ownership; throw LibraryError naming `what` when Cairo reports an error status.
SurfacePtr own_surface(cairo_surface_t* s, const std::string& what);
CairoPtr own_context(cairo_t* c, const std::string& what);

// The font every map text uses (DejaVu Sans from fonts-dejavu-core; Cairo falls back to
// the fontconfig default if it is missing), hinting off so all surfaces measure alike.
void set_font(cairo_t* cr, double size_px, bool bold = false, bool italic = false);
double text_width(cairo_t* cr, const std::string& text);

// Text with its baseline starting at (x, y); a halo draws a white outline of `halo` px first.
void draw_text(cairo_t* cr, double x, double y, const std::string& text, const Rgb& colour, double halo = 0);

void set_colour(cairo_t* cr, const Rgb& c, double alpha = 1.0);

// Cuts `text` (UTF-8) to fit `width` px, ending it with an ellipsis when cut.
std::string fit_text(cairo_t* cr, const std::string& text, double width);

}  // namespace oremap::sinks::map
