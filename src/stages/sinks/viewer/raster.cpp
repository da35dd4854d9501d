#include "stages/sinks/viewer/raster.hpp"

#include <gdal_utils.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/error.hpp"
#include "gdal/handles.hpp"
#include "stages/sinks/viewer/colour.hpp"

namespace oremap::sinks {

namespace {

gdal::DatasetPtr warp(GDALDataset& source, const gdal::StringList& args, const std::string& what) {
  GDALWarpAppOptions* opts = GDALWarpAppOptionsNew(args.get(), nullptr);
  GDALDatasetH src = GDALDataset::ToHandle(&source);
  int usage_error = 0;
  GDALDatasetH out = GDALWarp("", nullptr, 1, &src, opts, &usage_error);
  GDALWarpAppOptionsFree(opts);
  if (!out) throw LibraryError(what + ": GDAL cannot warp to Web Mercator: " + gdal::last_error());
  return gdal::DatasetPtr(GDALDataset::FromHandle(out));
}

void mercator_args(gdal::StringList& args, const char* format) {
  args.add("-of").add(format).add("-t_srs").add("EPSG:3857").add("-ot").add("Float32");
  args.add("-srcnodata").add("nan").add("-dstnodata").add("nan");
}

}  // namespace

RasterOverlay write_raster_overlay(const std::filesystem::path& raster, const std::filesystem::path& png, int max_size,
                                   const std::optional<std::array<double, 2>>& range) {
  gdal::register_drivers();
  const std::string what = raster.string();
  gdal::DatasetPtr source = gdal::open_dataset(what, GDAL_OF_RASTER);

  // The native-resolution size in EPSG:3857 (a lazy VRT: nothing is computed yet).
  gdal::StringList probe_args;
  mercator_args(probe_args, "VRT");
  gdal::DatasetPtr probe = warp(*source, probe_args, what);
  const int native_w = probe->GetRasterXSize(), native_h = probe->GetRasterYSize();
  probe.reset();
  const double scale = std::min(1.0, static_cast<double>(max_size) / std::max(native_w, native_h));
  const int w = std::max(1, static_cast<int>(std::lround(native_w * scale)));
  const int h = std::max(1, static_cast<int>(std::lround(native_h * scale)));

  gdal::StringList args;
  mercator_args(args, "MEM");
  args.add("-ts").add(std::to_string(w)).add(std::to_string(h));
  args.add("-r").add(scale < 1.0 ? "average" : "bilinear");  // averaging keeps small highs honest
  gdal::DatasetPtr merc = warp(*source, args, what);

  std::vector<float> cells(static_cast<std::size_t>(w) * h);
  if (merc->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, w, h, cells.data(), w, h, GDT_Float32, 0, 0, nullptr) != CE_None)
    throw LibraryError(what + ": cannot read the warped raster: " + gdal::last_error());

  RasterOverlay o;
  o.width = w;
  o.height = h;
  o.min = std::numeric_limits<double>::infinity();
  o.max = -o.min;
  for (float v : cells)
    if (std::isfinite(v)) {
      o.min = std::min(o.min, static_cast<double>(v));
      o.max = std::max(o.max, static_cast<double>(v));
    }
  o.empty = !(o.min <= o.max);
  if (o.empty) o.min = o.max = 0;
  if (range) {
    o.min = (*range)[0];
    o.max = (*range)[1];
  }
  write_png(png, w, h, colour_map(cells, o.min, o.max));

  double gt[6];
  merc->GetGeoTransform(gt);
  OGRSpatialReference merc_crs, wgs84;
  merc_crs.importFromEPSG(3857);
  wgs84.importFromEPSG(4326);
  gdal::TransformPtr to_lonlat = gdal::make_transform(merc_crs, wgs84);
  double xs[2] = {gt[0], gt[0] + w * gt[1]};
  double ys[2] = {gt[3] + h * gt[5], gt[3]};  // bottom, top (north-up)
  if (!to_lonlat->Transform(2, xs, ys))
    throw LibraryError(what + ": cannot convert the overlay's corners to longitude/latitude");
  o.west = xs[0];
  o.east = xs[1];
  o.south = ys[0];
  o.north = ys[1];
  return o;
}

}  // namespace oremap::sinks
