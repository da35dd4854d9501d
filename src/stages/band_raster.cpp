#include "stages/band_raster.hpp"

#include <algorithm>

#include "gdal/band_mosaic.hpp"
#include "stages/block_engine.hpp"

namespace oremap {

namespace {

std::pair<int, int> band_rows(const Grid& grid, std::pair<std::size_t, std::size_t> strips) {
  const int first = static_cast<int>(strips.first) * kStripRows;
  const int last = std::min(grid.rows, static_cast<int>(strips.second) * kStripRows);
  return {first, std::max(0, last - first)};
}

std::filesystem::path band_file(const std::filesystem::path& path, int rank) {
  std::filesystem::path file = path;
  file += ".band" + std::to_string(rank) + ".tif";
  return file;
}

}  // namespace

BandRaster::BandRaster(const RunContext& ctx, std::filesystem::path path, GDALDataType type, gdal::Storage storage)
    : ctx_(ctx), path_(std::move(path)) {
  std::tie(first_row_, rows_) = band_rows(ctx.grid, strip_band(ctx));
  ctx.ranks->agree([&] {
    if (ctx.ranks->size() == 1) {
      file_path_ = path_;
      file_ = gdal::create_grid_tiff(path_, ctx.grid, type, storage, ctx.threads);
    } else if (rows_ > 0) {
      file_path_ = band_file(path_, ctx.ranks->rank());
      file_ =
          gdal::create_grid_tiff(file_path_, gdal::band_grid(ctx.grid, first_row_, rows_), type, storage, ctx.threads);
    }
  });
}

BandRaster::~BandRaster() = default;

void BandRaster::write_rows(int row0, int n, const float* values) {
  gdal::write_rows(*file_, row0 - first_row_, n, values);
}

void BandRaster::write_rows_byte(int row0, int n, const unsigned char* values) {
  gdal::write_rows_byte(*file_, row0 - first_row_, n, values);
}

void BandRaster::close() {
  const Ranks& ranks = *ctx_.ranks;
  ranks.agree([&] {
    if (file_) gdal::close_written(file_, file_path_);
  });
  if (ranks.size() == 1) return;
  ranks.on_root([&] {
    // Every rank's band, from the same partition every rank computes.
    std::vector<gdal::Band> bands;
    for (int r = 0; r < ranks.size(); ++r) {
      const auto [first, rows] = band_rows(ctx_.grid, strip_band(ctx_, r));
      if (rows > 0) bands.push_back({band_file(path_, r), first});
    }
    gdal::write_band_mosaic(path_, ctx_.grid, bands);
  });
}

void remove_raster_files(const RunContext& ctx, const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
  for (int r = 0; r < ctx.ranks->size() && ctx.ranks->size() > 1; ++r) std::filesystem::remove(band_file(path, r), ec);
}

}  // namespace oremap
