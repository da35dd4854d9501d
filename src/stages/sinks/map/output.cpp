#include "stages/sinks/map/output.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "core/error.hpp"
#include "core/html_escape.hpp"
#include "stages/sinks/map/cairo.hpp"

namespace oremap::sinks::map {

namespace {

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void draw_on(cairo_surface_t* surface, const PageSize& page, const DrawPage& draw, double scale,
             const std::string& what) {
  CairoPtr cr = own_context(cairo_create(surface), what);
  cairo_scale(cr.get(), scale, scale);
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_rectangle(cr.get(), 0, 0, page.width, page.height);
  cairo_fill(cr.get());
  draw(cr.get());
  if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
    throw LibraryError(what + ": Cairo drawing failed: " + cairo_status_to_string(cairo_status(cr.get())));
}

void finish(cairo_surface_t* surface, const std::string& what) {
  cairo_surface_finish(surface);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
    throw LibraryError(what +
                       ": Cairo cannot finish the file: " + cairo_status_to_string(cairo_surface_status(surface)));
}

}  // namespace

std::string render_png(const PageSize& page, const DrawPage& draw) {
  SurfacePtr s = own_surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, page.width, page.height), "PNG map");
  draw_on(s.get(), page, draw, 1.0, "PNG map");
  std::string out;
  cairo_surface_flush(s.get());
  const cairo_status_t status = cairo_surface_write_to_png_stream(s.get(), append, &out);
  if (status != CAIRO_STATUS_SUCCESS)
    throw LibraryError(std::string("PNG map: Cairo cannot encode the PNG: ") + cairo_status_to_string(status));
  return out;
}

std::string render_svg(const PageSize& page, const DrawPage& draw, const std::string& title) {
  std::string out;
  const double pt = 72.0 / page.dpi;
  {
    SurfacePtr s =
        own_surface(cairo_svg_surface_create_for_stream(append, &out, page.width * pt, page.height * pt), "SVG map");
    cairo_svg_surface_restrict_to_version(s.get(), CAIRO_SVG_VERSION_1_1);
    draw_on(s.get(), page, draw, pt, "SVG map");
    finish(s.get(), "SVG map");
  }
  // Cairo draws text as glyph outlines: give the file a real, searchable title.
  const std::size_t svg = out.find("<svg");
  const std::size_t end = svg == std::string::npos ? svg : out.find('>', svg);
  if (end != std::string::npos) out.insert(end + 1, "\n<title>" + html_escape(title) + "</title>");
  return out;
}

std::string render_pdf(const PageSize& page, const DrawPage& draw, const std::string& title) {
  std::string out;
  const double pt = 72.0 / page.dpi;
  {
    SurfacePtr s =
        own_surface(cairo_pdf_surface_create_for_stream(append, &out, page.width * pt, page.height * pt), "PDF map");
    cairo_pdf_surface_set_metadata(s.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(s.get(), CAIRO_PDF_METADATA_CREATOR, "oremap " OREMAP_VERSION);
    // The same inputs give the same bytes: no creation date (the clock would be the only
    // difference). Cairo drops the date it would stamp when given one it cannot parse.
    cairo_pdf_surface_set_metadata(s.get(), CAIRO_PDF_METADATA_CREATE_DATE, "none");
    draw_on(s.get(), page, draw, pt, "PDF map");
    finish(s.get(), "PDF map");
  }
  return out;
}

}  // namespace oremap::sinks::map
