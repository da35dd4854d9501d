#include "gdal/band_mosaic.hpp"

#include <gdal_priv.h>
#include <gdal_vrt.h>

#include <cerrno>
#include <limits>

#include "core/error.hpp"
#include "gdal/grid_raster.hpp"
#include "gdal/handles.hpp"

namespace oremap::gdal {

Grid band_grid(const Grid& grid, int first_row, int rows) {
  Grid band = grid;
  band.ymax = grid.ymax - first_row * grid.dy();
  band.rows = rows;
  return band;
}

void write_band_mosaic(const std::filesystem::path& path, const Grid& grid, const std::vector<Band>& bands) {
  register_drivers();
  if (bands.empty()) throw std::logic_error("write_band_mosaic: no band");
  std::vector<DatasetPtr> sources;
  for (const auto& b : bands) {
    GDALDataset* ds = GDALDataset::Open(b.file.string().c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY);
    if (!ds) throw InputError(b.file.string() + ": cannot open a band of " + path.string() + ": " + last_error());
    sources.emplace_back(ds);
  }
  GDALRasterBand& first = *sources.front()->GetRasterBand(1);
  GDALDriver* vrt = GetGDALDriverManager()->GetDriverByName("VRT");
  CPLErrorReset();
  DatasetPtr mosaic(vrt->Create(path.string().c_str(), grid.cols, grid.rows, 1, first.GetRasterDataType(), nullptr));
  if (!mosaic) throw OutputError(write_failure(path, "cannot create VRT", errno));
  auto gt = grid.geotransform();
  mosaic->SetGeoTransform(gt.data());
  mosaic->SetProjection(grid.crs_wkt.c_str());
  int has_nodata = 0;
  const double nodata = first.GetNoDataValue(&has_nodata);
  if (has_nodata) mosaic->GetRasterBand(1)->SetNoDataValue(nodata);
  // Simple sources: the cells copied as they are, at whole-cell offsets.
  auto* band = static_cast<VRTSourcedRasterBandH>(GDALRasterBand::ToHandle(mosaic->GetRasterBand(1)));
  for (std::size_t i = 0; i < bands.size(); ++i) {
    GDALDataset& src = *sources[i];
    VRTAddSimpleSource(band, GDALRasterBand::ToHandle(src.GetRasterBand(1)), 0, 0, src.GetRasterXSize(),
                       src.GetRasterYSize(), 0, bands[i].first_row, src.GetRasterXSize(), src.GetRasterYSize(), "near",
                       VRT_NODATA_UNSET);
  }
  close_written(mosaic, path);
}

}  // namespace oremap::gdal
