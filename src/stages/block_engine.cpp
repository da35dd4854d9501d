#include "stages/block_engine.hpp"

#include <cpl_conv.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <map>
#include <mutex>
#include <numeric>

#include "gdal/grid_raster.hpp"
#include "stages/band_raster.hpp"
#include "stages/outputs/output_name.hpp"

namespace oremap {

std::size_t strip_count(const Grid& grid) { return (grid.rows + kStripRows - 1) / kStripRows; }

std::pair<std::size_t, std::size_t> strip_band(const RunContext& ctx, int r) {
  return ctx.ranks->share(strip_count(ctx.grid), r);
}

std::pair<std::size_t, std::size_t> strip_band(const RunContext& ctx) { return strip_band(ctx, ctx.ranks->rank()); }

void parallel_for(const RunContext& ctx, std::size_t n, const std::function<void(std::size_t)>& fn,
                  const std::string& label) {
  parallel_for(ctx.threads, ctx.progress, n, fn, label);
}

namespace {

// Cells per chunk when computing per-cell steps: their intermediate values stay in the CPU's
// cache between one step and the next.
constexpr std::size_t kChunkCells = 16384;

// Per-thread read handles (GDAL datasets must not be shared between threads) and buffers.
// The inputs of a pass, with the inputs of their per-cell steps, form a small graph: files
// at the leaves, each read once per strip however often it is used, and per-cell steps
// computed in chunks of rows, children first.
class StripReader {
 public:
  StripReader(const RunContext& ctx, const std::vector<RasterInput>& inputs) : grid_(ctx.grid) {
    // Readers move between threads (ReaderPool), so a VRT input (a layer read in place) must
    // not share its source file's handle with the other VRTs this thread opens, as GDAL does
    // by default. A thread-local setting, undone when the constructor returns.
    CPLConfigOptionSetter own_sources("VRT_SHARED_SOURCE", "NO", false);
    for (const auto& in : inputs) roots_.push_back(add(in, true));
    if (!ctx.mask.empty()) mask_ = add_mask(ctx.mask);
  }

  Strip read(std::size_t index) {
    Strip s;
    s.index = index;
    s.row0 = static_cast<int>(index) * kStripRows;
    s.rows = std::min(kStripRows, grid_.rows - s.row0);
    s.cols = grid_.cols;
    for (auto& m : masks_) {
      m.values.resize(s.cells());
      gdal::read_rows_byte(*m.dataset, s.row0, s.rows, m.values.data());
      m.dataset->GetRasterBand(1)->FlushCache();  // per reader: cached blocks would be held once per thread
    }
    for (auto& n : nodes_)
      if (n.file) {
        n.values.resize(s.cells());
        gdal::read_rows(*n.file, s.row0, s.rows, n.values.data());
        // Each strip is read once: its blocks would only crowd the cache.
        n.file->GetRasterBand(1)->FlushCache();
      }
    compute_steps(s);
    for (std::size_t r : roots_) s.inputs.push_back(nodes_[r].values.data());
    if (mask_ >= 0) s.mask = masks_[mask_].values.data();
    return s;
  }

 private:
  struct Node {
    gdal::DatasetPtr file;           // a file, or
    const CellStep* step = nullptr;  // a per-cell step of `children`
    std::vector<std::size_t> children;
    int mask = -1;             // index in masks_, for a step with a mask
    bool whole_strip = false;  // values hold the whole strip (files, the pass's inputs)
    std::vector<float> values;
  };
  struct Mask {
    gdal::DatasetPtr dataset;
    std::vector<unsigned char> values;
  };

  std::size_t add(const RasterInput& in, bool root) {
    const std::string key = in.deferred() ? "step:" + std::to_string(reinterpret_cast<std::uintptr_t>(in.step()))
                                          : "file:" + in.file().string();
    auto known = index_.find(key);
    if (known != index_.end()) {
      nodes_[known->second].whole_strip |= root;
      return known->second;
    }
    Node n;
    if (in.deferred()) {
      n.step = in.step();
      for (const auto& child : n.step->inputs) n.children.push_back(add(child, false));
      if (!n.step->mask.empty()) n.mask = add_mask(n.step->mask);
    } else {
      n.file = gdal::open_grid_raster(in.file(), grid_);
    }
    n.whole_strip = root || n.file;
    nodes_.push_back(std::move(n));
    index_[key] = nodes_.size() - 1;
    return nodes_.size() - 1;
  }

  int add_mask(const std::filesystem::path& path) {
    for (std::size_t i = 0; i < mask_paths_.size(); ++i)
      if (mask_paths_[i] == path) return static_cast<int>(i);
    mask_paths_.push_back(path);
    masks_.push_back({gdal::open_grid_raster(path, grid_), {}});
    return static_cast<int>(masks_.size() - 1);
  }

  // Nodes were added children first, so one sweep in order computes every step.
  void compute_steps(const Strip& s) {
    const int chunk_rows = static_cast<int>(std::clamp<std::size_t>(kChunkCells / s.cols, 1, kStripRows));
    for (auto& n : nodes_)
      if (n.step) n.values.resize(n.whole_strip ? s.cells() : static_cast<std::size_t>(chunk_rows) * s.cols);
    for (int r0 = 0; r0 < s.rows; r0 += chunk_rows) {
      const std::size_t offset = static_cast<std::size_t>(r0) * s.cols;
      for (auto& n : nodes_) {
        if (!n.step) continue;
        Strip chunk;
        chunk.row0 = s.row0 + r0;
        chunk.rows = std::min(chunk_rows, s.rows - r0);
        chunk.cols = s.cols;
        chunk.index = s.index;
        for (std::size_t c : n.children)
          chunk.inputs.push_back(nodes_[c].values.data() + (nodes_[c].whole_strip ? offset : 0));
        if (n.mask >= 0) chunk.mask = masks_[n.mask].values.data() + offset;
        float* out = n.values.data() + (n.whole_strip ? offset : 0);
        n.step->fn(chunk, out);
        if (chunk.mask)
          for (std::size_t i = 0; i < chunk.cells(); ++i)
            if (!chunk.mask[i]) out[i] = NAN;
      }
    }
  }

  const Grid& grid_;
  std::vector<Node> nodes_;
  std::map<std::string, std::size_t> index_;
  std::vector<std::size_t> roots_;
  std::vector<std::filesystem::path> mask_paths_;
  std::vector<Mask> masks_;
  int mask_ = -1;  // the pass's own mask (ctx.mask)
};

// One reader per worker thread, created lazily and kept for the pass.
class ReaderPool {
 public:
  ReaderPool(const RunContext& ctx, const std::vector<RasterInput>& inputs) : ctx_(ctx), inputs_(inputs) {}
  std::unique_ptr<StripReader> take() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!free_.empty()) {
        auto r = std::move(free_.back());
        free_.pop_back();
        return r;
      }
    }
    return std::make_unique<StripReader>(ctx_, inputs_);
  }
  void give(std::unique_ptr<StripReader> r) {
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(std::move(r));
  }

 private:
  const RunContext& ctx_;
  const std::vector<RasterInput>& inputs_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<StripReader>> free_;
};

}  // namespace

void visit_strips(const RunContext& ctx, const std::vector<RasterInput>& inputs, const std::vector<std::size_t>& strips,
                  const StripVisit& fn, const std::string& label) {
  const auto [first, last] = strip_band(ctx);
  std::vector<std::size_t> mine;
  std::copy_if(strips.begin(), strips.end(), std::back_inserter(mine),
               [first = first, last = last](std::size_t s) { return s >= first && s < last; });
  // A failure on one rank (an unreadable band) stops every rank here, with its message.
  ctx.ranks->agree([&] {
    ReaderPool pool(ctx, inputs);
    parallel_for(
        ctx, mine.size(),
        [&](std::size_t i) {
          auto reader = pool.take();
          fn(reader->read(mine[i]));
          pool.give(std::move(reader));
        },
        label);
  });
}

void visit_strips(const RunContext& ctx, const std::vector<RasterInput>& inputs, const StripVisit& fn,
                  const std::string& label) {
  std::vector<std::size_t> all(strip_count(ctx.grid));
  std::iota(all.begin(), all.end(), std::size_t{0});
  visit_strips(ctx, inputs, all, fn, label);
}

void map_strips(const RunContext& ctx, const std::vector<RasterInput>& inputs, const std::filesystem::path& output,
                const StripMap& fn, const std::string& label, gdal::Storage storage) {
  BandRaster out(ctx, output, GDT_Float32, storage);
  std::mutex write_mutex;
  // Result buffers reused across strips: a fresh one per strip cost a zeroing pass and, for
  // tens of MiB, the page faults of new memory.
  std::vector<std::vector<float>> spare;
  visit_strips(
      ctx, inputs,
      [&](const Strip& s) {
        std::vector<float> result;
        {
          std::lock_guard<std::mutex> lock(write_mutex);
          if (!spare.empty()) {
            result = std::move(spare.back());
            spare.pop_back();
          }
        }
        result.resize(s.cells());
        fn(s, result.data());
        if (s.mask)
          for (std::size_t i = 0; i < result.size(); ++i)
            if (!s.mask[i]) result[i] = NAN;
        std::lock_guard<std::mutex> lock(write_mutex);
        out.write_rows(s.row0, s.rows, result.data());
        // Strips cover whole tile rows, written once: write them out now rather than let
        // dirty blocks fill the cache.
        out.dataset().GetRasterBand(1)->FlushCache();
        spare.push_back(std::move(result));
      },
      label);
  out.close();
}

void materialise(RunContext& ctx, const std::string& id, gdal::Storage storage) {
  const RasterInput input = ctx.raster(id);
  if (!input.deferred()) return;
  const std::filesystem::path out = output_path(ctx.work_dir, id, ".tif", "id");
  map_strips(
      ctx, {input}, out, [](const Strip& s, float* values) { std::copy(s.inputs[0], s.inputs[0] + s.cells(), values); },
      id, storage);
  ctx.rasters[id] = out;
}

RasterInput defer(const RunContext& ctx, const std::string& id, std::vector<RasterInput> inputs, CellStep step) {
  step.id = id;
  step.inputs = std::move(inputs);
  step.mask = ctx.mask;
  return std::make_shared<const CellStep>(std::move(step));
}

void apply_mask(const RunContext& ctx, const std::filesystem::path& raster) {
  if (ctx.mask.empty()) return;
  std::filesystem::path masked = raster;
  masked.replace_filename(raster.stem().string() + "_masked" + raster.extension().string());
  const gdal::Storage storage = gdal::is_compressed(*gdal::open_dataset(raster.string(), GDAL_OF_RASTER))
                                    ? gdal::Storage::compressed
                                    : gdal::Storage::plain;
  map_strips(
      ctx, {raster}, masked, [](const Strip& s, float* out) { std::copy(s.inputs[0], s.inputs[0] + s.cells(), out); },
      "applying the mask", storage);
  ctx.ranks->on_root([&] {
    remove_raster_files(ctx, raster);
    std::filesystem::rename(masked, raster);
  });
}

}  // namespace oremap
