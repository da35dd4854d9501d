#pragma once
// GeoTIFFs on the analysis grid: one Float32 band, NaN as nodata, tiled so row strips
// and blocks read and write without touching the whole raster.
#include <array>
#include <filesystem>
#include <optional>
#include <string>

#include "core/grid.hpp"
#include "gdal/handles.hpp"

namespace oremap::gdal {

// How a grid GeoTIFF is stored. Intermediates that outlive their pass (distances, warped and
// rasterised layers, masks) are compressed: ZSTD level 1 with horizontal differencing makes
// distance and survey grids 2-15x smaller (NaN outside the study area costs nothing) for
// about the cost of a second write. Rasters read once and then moved or copied (the model
// outputs) stay plain, so a plain GeoTIFF output is a rename.
enum class Storage { plain, compressed };

// Creates (overwrites) a tiled GeoTIFF on the grid; `threads` compress its tiles.
DatasetPtr create_grid_tiff(const std::filesystem::path& path, const Grid& grid, GDALDataType type = GDT_Float32,
                            Storage storage = Storage::plain, int threads = 1);

// Whether a GeoTIFF's tiles are compressed.
bool is_compressed(GDALDataset& ds);

// Whether a raster has the grid's size and geotransform (to a millionth of a cell); the CRS
// is not compared.
bool aligned_with_grid(GDALDataset& ds, const Grid& grid);

// Where a raster's pixel (0, 0) lies on the grid, as {column, row} (negative when it starts
// west of or above the grid), when the raster is north-up with square pixels of the grid's
// cell size and its origin is on the grid's lattice (both to a millionth of a cell); nullopt
// otherwise. The raster's size and CRS are not compared.
std::optional<std::array<long long, 2>> lattice_offset(GDALDataset& ds, const Grid& grid);

// Opens a grid raster for reading (update = false) or writing; checks it matches the grid.
DatasetPtr open_grid_raster(const std::filesystem::path& path, const Grid& grid, bool update = false);

// Reads/writes `rows` full rows starting at `row0` of band 1 as float.
void read_rows(GDALDataset& ds, int row0, int rows, float* buffer);
void write_rows(GDALDataset& ds, int row0, int rows, const float* buffer);
// Flushes and closes a dataset being written; throws OutputError if GDAL reports a failure.
void close_written(DatasetPtr& ds, const std::filesystem::path& path);

void read_rows_byte(GDALDataset& ds, int row0, int rows, unsigned char* buffer);
void write_rows_byte(GDALDataset& ds, int row0, int rows, const unsigned char* buffer);
// The same for any GDAL data type (e.g. GDT_UInt16 rows of an integer intermediate).
void read_rows_typed(GDALDataset& ds, int row0, int rows, void* buffer, GDALDataType type);
void write_rows_typed(GDALDataset& ds, int row0, int rows, const void* buffer, GDALDataType type);

}  // namespace oremap::gdal
