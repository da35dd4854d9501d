#pragma once
// One drawing, three files: the same drawing function renders a PNG (Cairo image surface),
// an SVG and a PDF (vector surfaces scaled so one drawing unit is one PNG pixel).
#include <cairo.h>

#include <functional>
#include <string>

namespace oremap::sinks::map {

using DrawPage = std::function<void(cairo_t*)>;

struct PageSize {
  int width = 0, height = 0;  // pixels
  double dpi = 200;
};

// The encoded file content. `title` becomes the SVG's <title> and the PDF's title metadata.
std::string render_png(const PageSize& page, const DrawPage& draw);
std::string render_svg(const PageSize& page, const DrawPage& draw, const std::string& title);
std::string render_pdf(const PageSize& page, const DrawPage& draw, const std::string& title);

}  // namespace oremap::sinks::map
