#include "stages/sources/raster_source.hpp"

#include <gdal_utils.h>
#include <gdal_vrt.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "core/number_text.hpp"
#include "gdal/grid_raster.hpp"
#include "stages/block_engine.hpp"
#include "stages/sources/layer_open.hpp"

namespace oremap::sources {

namespace {

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
  args.add("-a_nodata").add(significant_text(nodata, 17));
  GDALTranslateOptions* opts = GDALTranslateOptionsNew(args.get(), nullptr);
  int usage_error = 0;
  GDALDatasetH out = GDALTranslate("", GDALDataset::ToHandle(&src), opts, &usage_error);
  GDALTranslateOptionsFree(opts);
  if (!out)
    throw LibraryError(label(spec) + ": GDAL cannot read band " + std::to_string(spec.band) + ": " +
                       gdal::last_error());
  return gdal::DatasetPtr(GDALDataset::FromHandle(out));
}

// The part of the grid a raster on its lattice covers, and the raster window it reads from.
struct Window {
  int grid_col = 0, grid_row = 0;  // first covered grid cell
  int src_col = 0, src_row = 0;    // the raster pixel read into it
  int cols = 0, rows = 0;          // 0 when the raster lies entirely outside the grid
};

// The overlap of a raster whose pixel (0, 0) is grid cell {col, row} with the grid, clipped on
// both sides.
Window overlap(const std::array<long long, 2>& at, int raster_cols, int raster_rows, const Grid& grid) {
  const long long c0 = std::max(0LL, at[0]), c1 = std::min<long long>(grid.cols, at[0] + raster_cols);
  const long long r0 = std::max(0LL, at[1]), r1 = std::min<long long>(grid.rows, at[1] + raster_rows);
  if (c1 <= c0 || r1 <= r0) return {};
  return {static_cast<int>(c0),         static_cast<int>(r0),      static_cast<int>(c0 - at[0]),
          static_cast<int>(r0 - at[1]), static_cast<int>(c1 - c0), static_cast<int>(r1 - r0)};
}

}  // namespace

namespace {

// Why `r` cannot be read in place on the grid, or "" when it can.
std::string in_place_refusal(const OpenedRaster& r, const project::LayerSpec& spec, const Grid& grid) {
  GDALRasterBand* band = r.dataset->GetRasterBand(spec.band);
  OGRSpatialReference grid_crs;
  grid_crs.importFromWkt(grid.crs_wkt.c_str());
  if (!gdal::same_crs(r.crs, grid_crs)) return "in another CRS";
  if (!gdal::lattice_offset(*r.dataset, grid)) return "off the grid's lattice or of another cell size";
  int has_scale = 0, has_offset = 0;
  const double scale = band->GetScale(&has_scale), offset = band->GetOffset(&has_offset);
  if ((has_scale && scale != 1.0) || (has_offset && offset != 0.0)) return "scaled (scale/offset)";
  if (GDALDataTypeIsComplex(band->GetRasterDataType())) return "complex-valued";
  // Strips are read in parallel and out of order: a block taller than a strip (a one-strip
  // compressed TIFF, say) would be decoded again for every strip.
  int block_cols = 0, block_rows = 0;
  band->GetBlockSize(&block_cols, &block_rows);
  if (block_rows > kStripRows) return "stored in blocks taller than " + std::to_string(kStripRows) + " rows";
  return "";
}

}  // namespace

std::string in_place_refusal(const project::LayerSpec& spec, const Grid& grid) {
  return in_place_refusal(open_raster(spec), spec, grid);
}

std::optional<std::filesystem::path> read_in_place(const project::LayerSpec& spec, const Grid& grid,
                                                   const std::filesystem::path& vrt, const Log& log) {
  OpenedRaster r = open_raster(spec);
  if (!in_place_refusal(r, spec, grid).empty()) return std::nullopt;
  GDALDataset& ds = *r.dataset;
  GDALRasterBand* band = ds.GetRasterBand(spec.band);
  const auto at = gdal::lattice_offset(ds, grid);
  const GDALDataType type = band->GetRasterDataType();

  int has_nodata = 0;
  const double file_nodata = band->GetNoDataValue(&has_nodata);
  // No nodata, or NaN, needs no mapping: NaN already means nodata on the grid.
  const double nodata = spec.nodata ? *spec.nodata : has_nodata ? file_nodata : std::nan("");
  if (spec.band == 1 && type == GDT_Float32 && std::isnan(nodata) && gdal::aligned_with_grid(ds, grid)) {
    log.debug(spec.id + ": already on the grid; read in place");
    return std::filesystem::path(spec.path);
  }
  // Float32 view: the VRT band starts as NaN (cells outside the raster stay so) and the source
  // skips its nodata cells.
  gdal::register_drivers();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("VRT");
  gdal::DatasetPtr view(driver->Create(vrt.string().c_str(), grid.cols, grid.rows, 0, GDT_Float32, nullptr));
  if (!view) throw OutputError(vrt.string() + ": cannot create a VRT: " + gdal::last_error());
  auto grid_gt = grid.geotransform();
  view->SetGeoTransform(grid_gt.data());
  view->SetProjection(grid.crs_wkt.c_str());
  view->AddBand(GDT_Float32, nullptr);
  GDALRasterBand* out = view->GetRasterBand(1);
  out->SetNoDataValue(std::nan(""));
  const Window w = overlap(*at, ds.GetRasterXSize(), ds.GetRasterYSize(), grid);
  // Without a nodata value a simple source suffices: GDAL converts the type as it reads.
  auto vrt_band = static_cast<VRTSourcedRasterBandH>(GDALRasterBand::ToHandle(out));
  const GDALRasterBandH src = GDALRasterBand::ToHandle(band);
  const CPLErr added = w.cols == 0 ? CE_None
                       : std::isnan(nodata)
                           ? VRTAddSimpleSource(vrt_band, src, w.src_col, w.src_row, w.cols, w.rows, w.grid_col,
                                                w.grid_row, w.cols, w.rows, "near", VRT_NODATA_UNSET)
                           : VRTAddComplexSource(vrt_band, src, w.src_col, w.src_row, w.cols, w.rows, w.grid_col,
                                                 w.grid_row, w.cols, w.rows, 0.0, 1.0, nodata);
  if (added != CE_None)
    throw LibraryError(label(spec) + ": GDAL cannot build a view of band " + std::to_string(spec.band) + ": " +
                       gdal::last_error());
  gdal::close_written(view, vrt);
  std::ostringstream m;
  m << spec.id << ": on the grid's lattice (pixel 0, 0 at cell " << (*at)[0] << ", " << (*at)[1]
    << "); read in place through " << vrt.string();
  if (w.cols == 0) m << " (it lies outside the grid: every cell is nodata)";
  log.debug(m.str());
  return vrt;
}

GridRaster warp_to_grid(const project::LayerSpec& spec, const Grid& grid, const Log& log, int threads) {
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
  args.add("-te").add(significant_text(grid.xmin, 17)).add(significant_text(grid.ymin(), 17));
  args.add(significant_text(grid.xmax(), 17)).add(significant_text(grid.ymax, 17));
  args.add("-ts").add(std::to_string(grid.cols)).add(std::to_string(grid.rows));
  args.add("-r").add(spec.resampling).add("-ot").add("Float32");
  const std::string nodata_text = significant_text(out.nodata, 17);
  args.add("-srcnodata").add(nodata_text).add("-dstnodata").add(nodata_text);
  args.add("-wo").add("NUM_THREADS=" + gdal::num_threads(threads));
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
