#include "stages/sources/raster_source.hpp"

#include <gdal_utils.h>

#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "stages/sources/layer_open.hpp"

namespace oremap::sources {

namespace {

std::string number(double v) {
  std::ostringstream s;
  s.precision(17);
  s << v;
  return s.str();
}

// A one-band Float32 VRT view of the chosen band with scale/offset applied.
gdal::DatasetPtr select_band(GDALDataset& src, const project::LayerSpec& spec, const std::string& crs_wkt,
                             double nodata) {
  GDALRasterBand* band = src.GetRasterBand(spec.band);
  int has_scale = 0, has_offset = 0;
  double scale = band->GetScale(&has_scale), offset = band->GetOffset(&has_offset);
  gdal::StringList args;
  args.add("-of").add("VRT").add("-b").add(std::to_string(spec.band)).add("-ot").add("Float32");
  if ((has_scale && scale != 1.0) || (has_offset && offset != 0.0)) args.add("-unscale");
  args.add("-a_srs").add(crs_wkt);
  args.add("-a_nodata").add(number(nodata));
  GDALTranslateOptions* opts = GDALTranslateOptionsNew(args.get(), nullptr);
  int usage_error = 0;
  GDALDatasetH out = GDALTranslate("", GDALDataset::ToHandle(&src), opts, &usage_error);
  GDALTranslateOptionsFree(opts);
  if (!out) throw LibraryError(label(spec) + ": GDAL cannot read band " + std::to_string(spec.band) + ": " + gdal::last_error());
  return gdal::DatasetPtr(GDALDataset::FromHandle(out));
}

}  // namespace

GridRaster warp_to_grid(const project::LayerSpec& spec, const Grid& grid, const Log& log) {
  OpenedRaster r = open_raster(spec);
  GDALRasterBand* band = r.dataset->GetRasterBand(spec.band);
  int has_nodata = 0;
  double file_nodata = band->GetNoDataValue(&has_nodata);
  GridRaster out;
  out.nodata = spec.nodata ? *spec.nodata : has_nodata ? file_nodata : kNoData;
  if (!spec.nodata && !has_nodata) log.debug(spec.id + ": no nodata value declared; every cell counts as data");

  char* wkt = nullptr;
  r.crs.exportToWkt(&wkt);
  gdal::DatasetPtr selected = select_band(*r.dataset, spec, wkt ? wkt : "", out.nodata);
  CPLFree(wkt);

  gdal::StringList args;
  args.add("-of").add("VRT").add("-t_srs").add(grid.crs_wkt);
  args.add("-te").add(number(grid.xmin)).add(number(grid.ymin())).add(number(grid.xmax())).add(number(grid.ymax));
  args.add("-ts").add(std::to_string(grid.cols)).add(std::to_string(grid.rows));
  args.add("-r").add(spec.resampling).add("-ot").add("Float32");
  args.add("-srcnodata").add(number(out.nodata)).add("-dstnodata").add(number(out.nodata));
  GDALWarpAppOptions* opts = GDALWarpAppOptionsNew(args.get(), nullptr);
  GDALDatasetH src_handle = GDALDataset::ToHandle(selected.get());
  int usage_error = 0;
  GDALDatasetH warped = GDALWarp("", nullptr, 1, &src_handle, opts, &usage_error);
  GDALWarpAppOptionsFree(opts);
  if (!warped) throw LibraryError(label(spec) + ": GDAL cannot warp onto the grid: " + gdal::last_error());
  out.file = std::move(r.dataset);
  out.source = std::move(selected);
  out.warped = gdal::DatasetPtr(GDALDataset::FromHandle(warped));
  out.warped->GetRasterBand(1)->SetDescription(spec.id.c_str());
  return out;
}

}  // namespace oremap::sources
