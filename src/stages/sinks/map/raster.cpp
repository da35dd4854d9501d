#include "stages/sinks/map/raster.hpp"

#include <gdal_utils.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.hpp"

namespace oremap::sinks::map {

namespace {

const Rgb kNoValue{228, 228, 226};

}  // namespace

std::vector<float> read_resampled(GDALDataset& ds, int width, int height, std::optional<double> nodata,
                                  double strip_cells) {
  GDALRasterBand* band = ds.GetRasterBand(1);
  const int cols = ds.GetRasterXSize(), rows = ds.GetRasterYSize();
  const double fy = static_cast<double>(rows) / height, fx = static_cast<double>(cols) / width;
  const int strip = std::max(1, std::min(height, static_cast<int>(strip_cells / (std::max(1.0, fy) * cols))));
  std::vector<float> out(static_cast<std::size_t>(width) * height);
  GDALRasterIOExtraArg arg;
  INIT_RASTERIO_EXTRA_ARG(arg);
  arg.eResampleAlg = (fx > 1 || fy > 1) ? GRIORA_Average : GRIORA_NearestNeighbour;
  arg.bFloatingPointWindowValidity = TRUE;
  for (int o0 = 0; o0 < height; o0 += strip) {
    const int n = std::min(strip, height - o0);
    arg.dfXOff = 0;
    arg.dfXSize = cols;
    arg.dfYOff = o0 * fy;
    arg.dfYSize = n * fy;
    const int y0 = std::max(0, static_cast<int>(std::floor(arg.dfYOff)));
    const int y1 = std::min(rows, static_cast<int>(std::ceil(arg.dfYOff + arg.dfYSize - 1e-9)));
    CPLErrorReset();
    if (band->RasterIO(GF_Read, 0, y0, cols, std::max(1, y1 - y0), out.data() + static_cast<std::size_t>(o0) * width,
                       width, n, GDT_Float32, 0, 0, &arg) != CE_None)
      throw InputError((*ds.GetDescription() ? std::string(ds.GetDescription()) + ": " : "") + "cannot read rows " +
                       std::to_string(y0) + "-" + std::to_string(y1 - 1) + " for the map: " + gdal::last_error());
    // Each strip is read once: its blocks (of the band, or of the overview GDAL read instead)
    // leave the block cache, which the computation beside the drawing is using.
    GDALFlushRasterCache(band);
    for (int k = 0; k < band->GetOverviewCount(); ++k) GDALFlushRasterCache(band->GetOverview(k));
  }
  if (nodata && !std::isnan(*nodata))
    for (float& v : out)
      if (v == static_cast<float>(*nodata)) v = NAN;
  return out;
}

std::optional<std::array<double, 2>> value_range(const std::vector<float>& values) {
  double lo = INFINITY, hi = -INFINITY;
  for (float v : values)
    if (std::isfinite(v)) {
      lo = std::min(lo, static_cast<double>(v));
      hi = std::max(hi, static_cast<double>(v));
    }
  if (lo > hi) return std::nullopt;
  return std::array<double, 2>{lo, hi};
}

std::array<double, 2> nice_range(double lo, double hi) {
  if (!(hi > lo)) return {lo, hi};
  const double want = (hi - lo) / 5, p = std::pow(10.0, std::floor(std::log10(want)));
  double step = 10 * p;
  for (double m : {1.0, 2.0, 5.0})
    if (m * p >= want * (1 - 1e-9)) {
      step = m * p;
      break;
    }
  return {std::floor(lo / step + 1e-9) * step, std::ceil(hi / step - 1e-9) * step};
}

std::vector<float> hillshade_factors(const std::vector<float>& dem, int width, int height, double pixel_metres,
                                     double strength) {
  gdal::register_drivers();
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  gdal::DatasetPtr src(mem->Create("", width, height, 1, GDT_Float32, nullptr));
  if (!src) throw LibraryError("hillshade: cannot create an in-memory raster: " + gdal::last_error());
  double gt[6] = {0, pixel_metres, 0, 0, 0, -pixel_metres};
  src->SetGeoTransform(gt);
  GDALRasterBand* band = src->GetRasterBand(1);
  band->SetNoDataValue(NAN);
  if (band->RasterIO(GF_Write, 0, 0, width, height, const_cast<float*>(dem.data()), width, height, GDT_Float32, 0, 0,
                     nullptr) != CE_None)
    throw LibraryError("hillshade: cannot fill the in-memory DEM: " + gdal::last_error());
  gdal::StringList args;
  args.add("-of").add("MEM").add("-compute_edges").add("-az").add("315").add("-alt").add("45");
  GDALDEMProcessingOptions* options = GDALDEMProcessingOptionsNew(args.get(), nullptr);
  if (!options) throw LibraryError("hillshade: bad options: " + gdal::last_error());
  int usage_error = 0;
  gdal::DatasetPtr shaded(GDALDataset::FromHandle(
      GDALDEMProcessing("", GDALDataset::ToHandle(src.get()), "hillshade", nullptr, options, &usage_error)));
  GDALDEMProcessingOptionsFree(options);
  if (!shaded) throw LibraryError("hillshade: GDALDEMProcessing failed: " + gdal::last_error());
  std::vector<float> h(static_cast<std::size_t>(width) * height);
  if (shaded->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, width, height, h.data(), width, height, GDT_Float32, 0, 0,
                                         nullptr) != CE_None)
    throw LibraryError("hillshade: cannot read the result: " + gdal::last_error());
  const double flat = 1 + 254 * std::sin(45 * M_PI / 180);  // GDAL's value on level ground
  for (float& v : h) v = v <= 0 ? 1.0f : static_cast<float>(std::clamp(1 + strength * (v / flat - 1), 0.0, 1.6));
  return h;
}

Rgb background_colour(float value, const std::array<double, 2>& range, float shade) {
  Rgb c = kNoValue;
  if (!std::isnan(value)) {
    const double span = range[1] - range[0];
    c = viridis(span > 0 ? (value - range[0]) / span : 0.5);
  }
  if (shade == 1.0f) return c;
  auto f = [shade](std::uint8_t v) {
    return static_cast<std::uint8_t>(std::clamp(std::lround(v * static_cast<double>(shade)), 0L, 255L));
  };
  return {f(c.r), f(c.g), f(c.b)};
}

SurfacePtr background_image(const std::vector<float>& values, const std::array<double, 2>& range,
                            const std::vector<float>& shade, int width, int height) {
  SurfacePtr s = own_surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height), "map background");
  cairo_surface_flush(s.get());
  unsigned char* data = cairo_image_surface_get_data(s.get());
  const int stride = cairo_image_surface_get_stride(s.get());
  for (int r = 0; r < height; ++r) {
    auto* row = reinterpret_cast<std::uint32_t*>(data + static_cast<std::size_t>(r) * stride);
    for (int c = 0; c < width; ++c) {
      const std::size_t i = static_cast<std::size_t>(r) * width + c;
      const Rgb rgb = background_colour(values.empty() ? NAN : values[i], range, shade.empty() ? 1.0f : shade[i]);
      row[c] = 0xFF000000u | (std::uint32_t{rgb.r} << 16) | (std::uint32_t{rgb.g} << 8) | rgb.b;
    }
  }
  cairo_surface_mark_dirty(s.get());
  return s;
}

}  // namespace oremap::sinks::map
