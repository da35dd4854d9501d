#include "stages/block_engine.hpp"

#include <cpl_conv.h>

#include <algorithm>
#include <cmath>
#include <mutex>

#include "gdal/grid_raster.hpp"

namespace oremap {

std::size_t strip_count(const Grid& grid) { return (grid.rows + kStripRows - 1) / kStripRows; }

void parallel_for(const RunContext& ctx, std::size_t n, const std::function<void(std::size_t)>& fn,
                  const std::string& label) {
  parallel_for(ctx.threads, ctx.progress, n, fn, label);
}

namespace {

// Per-thread read handles: GDAL datasets must not be shared between threads.
struct StripReader {
  std::vector<gdal::DatasetPtr> inputs;
  gdal::DatasetPtr mask;
  std::vector<std::vector<float>> buffers;
  std::vector<unsigned char> mask_buffer;

  StripReader(const RunContext& ctx, const std::vector<std::filesystem::path>& paths) {
    // Readers move between threads (ReaderPool), so a VRT input (a layer read in place) must
    // not share its source file's handle with the other VRTs this thread opens, as GDAL does
    // by default. A thread-local setting, undone when the constructor returns.
    CPLConfigOptionSetter own_sources("VRT_SHARED_SOURCE", "NO", false);
    for (const auto& p : paths) inputs.push_back(gdal::open_grid_raster(p, ctx.grid));
    if (!ctx.mask.empty()) mask = gdal::open_grid_raster(ctx.mask, ctx.grid);
    buffers.resize(paths.size());
  }

  Strip read(const Grid& grid, std::size_t index) {
    Strip s;
    s.index = index;
    s.row0 = static_cast<int>(index) * kStripRows;
    s.rows = std::min(kStripRows, grid.rows - s.row0);
    s.cols = grid.cols;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      buffers[i].resize(s.cells());
      gdal::read_rows(*inputs[i], s.row0, s.rows, buffers[i].data());
      // Each strip is read once: its blocks would only crowd the cache.
      inputs[i]->GetRasterBand(1)->FlushCache();
      s.inputs.push_back(buffers[i].data());
    }
    if (mask) {
      mask_buffer.resize(s.cells());
      gdal::read_rows_byte(*mask, s.row0, s.rows, mask_buffer.data());
      s.mask = mask_buffer.data();
    }
    return s;
  }
};

// One reader per worker thread, created lazily and kept for the pass.
class ReaderPool {
 public:
  ReaderPool(const RunContext& ctx, const std::vector<std::filesystem::path>& paths) : ctx_(ctx), paths_(paths) {}
  std::unique_ptr<StripReader> take() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!free_.empty()) {
        auto r = std::move(free_.back());
        free_.pop_back();
        return r;
      }
    }
    return std::make_unique<StripReader>(ctx_, paths_);
  }
  void give(std::unique_ptr<StripReader> r) {
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(std::move(r));
  }

 private:
  const RunContext& ctx_;
  const std::vector<std::filesystem::path>& paths_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<StripReader>> free_;
};

}  // namespace

void visit_strips(const RunContext& ctx, const std::vector<std::filesystem::path>& inputs, const StripVisit& fn,
                  const std::string& label) {
  ReaderPool pool(ctx, inputs);
  parallel_for(
      ctx, strip_count(ctx.grid),
      [&](std::size_t i) {
        auto reader = pool.take();
        fn(reader->read(ctx.grid, i));
        pool.give(std::move(reader));
      },
      label);
}

void map_strips(const RunContext& ctx, const std::vector<std::filesystem::path>& inputs,
                const std::filesystem::path& output, const StripMap& fn, const std::string& label) {
  gdal::DatasetPtr out = gdal::create_grid_tiff(output, ctx.grid);
  std::mutex write_mutex;
  visit_strips(
      ctx, inputs,
      [&](const Strip& s) {
        std::vector<float> result(s.cells());
        fn(s, result.data());
        if (s.mask)
          for (std::size_t i = 0; i < result.size(); ++i)
            if (!s.mask[i]) result[i] = NAN;
        std::lock_guard<std::mutex> lock(write_mutex);
        gdal::write_rows(*out, s.row0, s.rows, result.data());
        // Strips cover whole tile rows, written once: write them out now rather than let
        // dirty blocks fill the cache.
        out->GetRasterBand(1)->FlushCache();
      },
      label);
  gdal::close_written(out, output);
}

void apply_mask(const RunContext& ctx, const std::filesystem::path& raster) {
  if (ctx.mask.empty()) return;
  std::filesystem::path masked = raster;
  masked.replace_filename(raster.stem().string() + "_masked" + raster.extension().string());
  map_strips(
      ctx, {raster}, masked, [](const Strip& s, float* out) { std::copy(s.inputs[0], s.inputs[0] + s.cells(), out); },
      "applying the mask");
  std::filesystem::rename(masked, raster);
}

}  // namespace oremap
