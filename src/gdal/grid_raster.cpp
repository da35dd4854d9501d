#include "gdal/grid_raster.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace oremap::gdal {

DatasetPtr create_grid_tiff(const std::filesystem::path& path, const Grid& grid, GDALDataType type, Storage storage,
                            int threads) {
  register_drivers();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  StringList options;
  options.set("TILED", "YES").set("BLOCKXSIZE", "256").set("BLOCKYSIZE", "256").set("BIGTIFF", "IF_SAFER");
  if (storage == Storage::compressed)
    options.set("COMPRESS", "ZSTD")
        .set("ZSTD_LEVEL", "1")
        .set("PREDICTOR", "2")
        .set("NUM_THREADS", num_threads(threads));
  CPLErrorReset();
  GDALDataset* ds = driver->Create(path.string().c_str(), grid.cols, grid.rows, 1, type, options.get());
  if (!ds) throw OutputError(write_failure(path, "cannot create GeoTIFF", errno));
  auto gt = grid.geotransform();
  ds->SetGeoTransform(gt.data());
  ds->SetProjection(grid.crs_wkt.c_str());
  if (type == GDT_Float32) ds->GetRasterBand(1)->SetNoDataValue(std::numeric_limits<double>::quiet_NaN());
  return DatasetPtr(ds);
}

bool is_compressed(GDALDataset& ds) {
  const char* c = ds.GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE");
  return c && std::string(c) != "NONE";
}

bool aligned_with_grid(GDALDataset& ds, const Grid& grid) {
  double gt[6];
  if (ds.GetGeoTransform(gt) != CE_None || ds.GetRasterXSize() != grid.cols || ds.GetRasterYSize() != grid.rows)
    return false;
  const auto want = grid.geotransform();
  for (int i = 0; i < 6; ++i)
    if (std::fabs(gt[i] - want[i]) > 1e-6 * std::min(grid.dx(), grid.dy())) return false;
  return true;
}

std::optional<std::array<long long, 2>> lattice_offset(GDALDataset& ds, const Grid& grid) {
  double gt[6];
  const double dx = grid.dx(), dy = grid.dy(), tolerance = 1e-6;
  if (ds.GetGeoTransform(gt) != CE_None || std::fabs(gt[1] - dx) > tolerance * dx ||
      std::fabs(gt[5] + dy) > tolerance * dy || gt[2] != 0 || gt[4] != 0)
    return std::nullopt;
  const double col = (gt[0] - grid.xmin) / dx, row = (grid.ymax - gt[3]) / dy;
  const double whole_col = std::round(col), whole_row = std::round(row);
  // Beyond 2^53 cells away a fraction cannot be told apart, and no grid reaches that far.
  if (!(std::fabs(whole_col) < 9e15 && std::fabs(whole_row) < 9e15)) return std::nullopt;
  if (std::fabs(col - whole_col) > tolerance || std::fabs(row - whole_row) > tolerance) return std::nullopt;
  return std::array<long long, 2>{static_cast<long long>(whole_col), static_cast<long long>(whole_row)};
}

DatasetPtr open_grid_raster(const std::filesystem::path& path, const Grid& grid, bool update) {
  register_drivers();
  GDALDataset* ds = GDALDataset::Open(
      path.string().c_str(), GDAL_OF_RASTER | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY), nullptr, nullptr, nullptr);
  if (!ds) throw InputError(path.string() + ": cannot open raster: " + last_error());
  DatasetPtr out(ds);
  double gt[6];
  out->GetGeoTransform(gt);
  auto want = grid.geotransform();
  if (!aligned_with_grid(*out, grid))
    throw InputError(path.string() + ": raster is not on the analysis grid (" + std::to_string(out->GetRasterXSize()) +
                     "x" + std::to_string(out->GetRasterYSize()) + " cells, origin " + std::to_string(gt[0]) + ", " +
                     std::to_string(gt[3]) + ", cell " + std::to_string(gt[1]) + "; grid " + std::to_string(grid.cols) +
                     "x" + std::to_string(grid.rows) + ", origin " + std::to_string(want[0]) + ", " +
                     std::to_string(want[3]) + ", cell " + std::to_string(want[1]) + ")");
  return out;
}

static void io(GDALDataset& ds, GDALRWFlag flag, int row0, int rows, void* buffer, GDALDataType type) {
  CPLErrorReset();
  if (ds.GetRasterBand(1)->RasterIO(flag, 0, row0, ds.GetRasterXSize(), rows, buffer, ds.GetRasterXSize(), rows, type,
                                    0, 0, nullptr) != CE_None) {
    const int saved_errno = errno;
    const std::string name = ds.GetDescription();
    const std::string rows_text = " rows " + std::to_string(row0) + "-" + std::to_string(row0 + rows - 1);
    if (flag == GF_Write) throw OutputError(write_failure(name, "cannot write" + rows_text, saved_errno));
    // A dataset built in memory (a warped VRT) has no name: the caller names the layer.
    throw InputError((name.empty() ? "" : name + ": ") + "cannot read" + rows_text + ": " + last_error());
  }
}

void read_rows(GDALDataset& ds, int row0, int rows, float* buffer) { io(ds, GF_Read, row0, rows, buffer, GDT_Float32); }
void write_rows(GDALDataset& ds, int row0, int rows, const float* buffer) {
  io(ds, GF_Write, row0, rows, const_cast<float*>(buffer), GDT_Float32);
}
void close_written(DatasetPtr& ds, const std::filesystem::path& path) {
  CPLErrorReset();
  errno = 0;
  ds->FlushCache();
  ds.reset();
  const int saved_errno = errno;
  if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal)
    throw OutputError(write_failure(path, "cannot finish writing", saved_errno));
}

void read_rows_byte(GDALDataset& ds, int row0, int rows, unsigned char* buffer) {
  io(ds, GF_Read, row0, rows, buffer, GDT_Byte);
}
void write_rows_byte(GDALDataset& ds, int row0, int rows, const unsigned char* buffer) {
  io(ds, GF_Write, row0, rows, const_cast<unsigned char*>(buffer), GDT_Byte);
}

void read_rows_typed(GDALDataset& ds, int row0, int rows, void* buffer, GDALDataType type) {
  io(ds, GF_Read, row0, rows, buffer, type);
}
void write_rows_typed(GDALDataset& ds, int row0, int rows, const void* buffer, GDALDataType type) {
  io(ds, GF_Write, row0, rows, const_cast<void*>(buffer), type);
}

}  // namespace oremap::gdal
