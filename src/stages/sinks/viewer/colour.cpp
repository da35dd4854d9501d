#include "stages/sinks/viewer/colour.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "gdal/handles.hpp"

namespace oremap::sinks {

std::vector<Rgb> legend_stops() {
  std::vector<Rgb> stops;
  for (int k = 0; k <= 10; ++k) stops.push_back(viridis(k / 10.0));
  return stops;
}

std::string css_hex(const Rgb& c) {
  char text[8];
  std::snprintf(text, sizeof text, "#%02x%02x%02x", c.r, c.g, c.b);
  return text;
}

std::vector<std::uint8_t> colour_map(const std::vector<float>& values, double lo, double hi) {
  std::vector<std::uint8_t> rgba(values.size() * 4, 0);
  const double span = hi - lo;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    if (!std::isfinite(v)) continue;
    const Rgb c = viridis(span > 0 ? (v - lo) / span : 0.0);
    rgba[4 * i] = c.r;
    rgba[4 * i + 1] = c.g;
    rgba[4 * i + 2] = c.b;
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}

void write_png(const std::filesystem::path& target, int width, int height, const std::vector<std::uint8_t>& rgba) {
  gdal::register_drivers();
  if (width <= 0 || height <= 0 || rgba.size() != static_cast<std::size_t>(width) * height * 4)
    throw OutputError(target.string() + ": internal error: image buffer does not match " + std::to_string(width) +
                      " x " + std::to_string(height) + " RGBA pixels");
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
  if (!mem || !png) throw OutputError(target.string() + ": GDAL lacks the MEM or PNG driver");
  gdal::DatasetPtr image(mem->Create("", width, height, 4, GDT_Byte, nullptr));
  if (!image) throw OutputError(target.string() + ": cannot create the image in memory: " + gdal::last_error());
  int bands[4] = {1, 2, 3, 4};
  // Pixel-interleaved source: 4 bytes per pixel, one byte between bands.
  if (image->RasterIO(GF_Write, 0, 0, width, height, const_cast<std::uint8_t*>(rgba.data()), width, height, GDT_Byte, 4,
                      bands, 4, static_cast<GSpacing>(width) * 4, 1, nullptr) != CE_None)
    throw OutputError(target.string() + ": cannot fill the image: " + gdal::last_error());
  const GDALColorInterp interp[4] = {GCI_RedBand, GCI_GreenBand, GCI_BlueBand, GCI_AlphaBand};
  for (int b = 0; b < 4; ++b) image->GetRasterBand(b + 1)->SetColorInterpretation(interp[b]);

  const std::filesystem::path tmp = temporary_beside(target);
  CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", "NO");  // no .aux.xml beside the PNG
  CPLErrorReset();
  errno = 0;
  gdal::DatasetPtr out(png->CreateCopy(tmp.string().c_str(), image.get(), FALSE, nullptr, nullptr, nullptr));
  const bool created = out != nullptr;
  out.reset();  // closing completes the file
  const int saved_errno = errno;
  const bool closed = created && CPLGetLastErrorType() != CE_Failure;
  CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", nullptr);
  if (!closed) {
    const std::string why = gdal::write_failure(target, "cannot write the PNG", saved_errno);  // before removing tmp
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw OutputError(why);
  }
  commit_file(tmp, target);
}

}  // namespace oremap::sinks
