#include "stages/evidence/distance_on_disk.hpp"

#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "algo/distance_transform.hpp"
#include "core/error.hpp"
#include "gdal/grid_raster.hpp"
#include "stages/block_engine.hpp"

namespace oremap::evidence {

namespace {

template <class T>
constexpr GDALDataType gdal_type() {
  return sizeof(T) == 2 ? GDT_UInt16 : GDT_UInt32;
}

template <class T>
bool run(const RunContext& ctx, const MaskRows& rows, double cap, const DistanceFinish& finish,
         const std::filesystem::path& scratch, const std::filesystem::path& out, gdal::Storage storage) {
  const Grid& g = ctx.grid;
  const std::size_t cols = static_cast<std::size_t>(g.cols);
  bool any = false;
  {
    // Phase 1 forward: rows arrive in order; full strips go to disk.
    gdal::DatasetPtr file = gdal::create_grid_tiff(scratch, g, gdal_type<T>(), gdal::Storage::compressed, ctx.threads);
    std::vector<T> strip(static_cast<std::size_t>(kStripRows) * cols), last_row(cols);
    int row0 = 0, filled = 0;
    rows([&](const std::uint8_t* mask) {
      T* cur = strip.data() + static_cast<std::size_t>(filled) * cols;
      const T* prev = filled > 0 ? cur - cols : row0 > 0 ? last_row.data() : nullptr;
      any = algo::forward_row(mask, prev, cur, g.cols) || any;
      if (++filled == kStripRows || row0 + filled == g.rows) {
        gdal::write_rows_typed(*file, row0, filled, strip.data(), gdal_type<T>());
        file->GetRasterBand(1)->FlushCache();
        std::copy(cur, cur + cols, last_row.begin());
        row0 += filled;
        filled = 0;
      }
    });
    if (row0 != g.rows)
      throw std::logic_error("distance_on_disk: fed " + std::to_string(row0 + filled) + " of " +
                             std::to_string(g.rows) + " rows");
    // Phase 1 backward: strips bottom first, each row from the one below it.
    const std::size_t strips = strip_count(g);
    std::vector<T> below(cols);
    for (std::size_t k = strips; k-- > 0;) {
      const int r0 = static_cast<int>(k) * kStripRows, n = std::min(kStripRows, g.rows - r0);
      gdal::read_rows_typed(*file, r0, n, strip.data(), gdal_type<T>());
      for (int r = n - 1; r >= 0; --r) {
        T* cur = strip.data() + static_cast<std::size_t>(r) * cols;
        if (r < n - 1)
          algo::backward_row(cur, cur + cols, g.cols);
        else if (k + 1 < strips)
          algo::backward_row(cur, below.data(), g.cols);
      }
      std::copy(strip.begin(), strip.begin() + static_cast<std::ptrdiff_t>(cols), below.begin());
      gdal::write_rows_typed(*file, r0, n, strip.data(), gdal_type<T>());
      file->GetRasterBand(1)->FlushCache();
      if (!ctx.progress(0.3 + 0.15 * static_cast<double>(strips - k) / strips, "distance: backward pass"))
        throw Cancelled();
    }
    gdal::close_written(file, scratch);
  }
  // Phase 2: strips in parallel, each thread reading the finished column distances through its
  // own handle (GDAL datasets are not shared between threads).
  std::mutex handles_mutex;
  std::map<std::thread::id, gdal::DatasetPtr> handles;
  auto handle = [&]() -> GDALDataset& {
    std::lock_guard<std::mutex> lock(handles_mutex);
    gdal::DatasetPtr& h = handles[std::this_thread::get_id()];
    if (!h) h = gdal::open_grid_raster(scratch, g);
    return *h;
  };
  RunContext scaled = ctx;
  scaled.progress = scaled_progress(ctx.progress, 0.45, 1.0);
  map_strips(
      scaled, finish.inputs, out,
      [&](const Strip& s, float* result) {
        std::vector<T> column_rows(s.cells());
        gdal::read_rows_typed(handle(), s.row0, s.rows, column_rows.data(), gdal_type<T>());
        algo::DistanceScratch work;
        for (int r = 0; r < s.rows; ++r)
          algo::distances_from_row(column_rows.data() + static_cast<std::size_t>(r) * s.cols, s.cols, g.dx(), g.dy(),
                                   cap, result + static_cast<std::size_t>(r) * s.cols, work);
        finish.apply(s, result);
      },
      "distance", storage);
  return any;
}

}  // namespace

bool distance_on_disk(const RunContext& ctx, const MaskRows& rows, double cap, const DistanceFinish& finish,
                      const std::filesystem::path& scratch, const std::filesystem::path& out, gdal::Storage storage) {
  // Column distances reach rows - 1; the type's maximum marks "no feature in this column".
  return ctx.grid.rows <= 65535 ? run<std::uint16_t>(ctx, rows, cap, finish, scratch, out, storage)
                                : run<std::uint32_t>(ctx, rows, cap, finish, scratch, out, storage);
}

}  // namespace oremap::evidence
