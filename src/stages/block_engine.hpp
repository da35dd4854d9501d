#pragma once
// Raster work in row strips on the analysis grid: bounded memory (one strip per input per
// thread), parallel over strips, and identical results for any thread count because
// every strip is computed independently and reductions combine strips in order. An input
// may be a per-cell step (raster_input.hpp): it is computed from its own inputs' strips as
// they are read, so a chain of per-cell steps costs one pass, not one file per step.
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/parallel_for.hpp"
#include "gdal/grid_raster.hpp"
#include "stages/raster_input.hpp"
#include "stages/run_context.hpp"

namespace oremap {

std::size_t strip_count(const Grid& grid);

// Rank r's strips [first, last) of the grid (this rank's without r): contiguous, in rank
// order, the same number per rank (give or take one). Equal strips, not equal data cells: most
// passes compute every cell and mask afterwards, so their cost follows the cells (balancing
// by data cells, 4:1 against cells outside the mask, made the 100 m demo slower).
std::pair<std::size_t, std::size_t> strip_band(const RunContext& ctx);
std::pair<std::size_t, std::size_t> strip_band(const RunContext& ctx, int r);

// Spread over ranks (core/ranks.hpp), each rank computes the strips of its band
// (band_raster.hpp): map_strips writes them into the one raster the ranks write together, and
// visit_strips visits only them, so a caller combining per-strip results first shares them
// (share_strip_parts, or Ranks::sum for integer counts).

// Computes `output` strip by strip. Cells outside the mask are set to NaN afterwards. The
// output GeoTIFF is created here, stored as `storage` says (grid_raster.hpp).
void map_strips(const RunContext& ctx, const std::vector<RasterInput>& inputs, const std::filesystem::path& output,
                const StripMap& fn, const std::string& label, gdal::Storage storage = gdal::Storage::plain);

// Writes deferred raster `id` to a GeoTIFF in ctx.work_dir and records the file in its place
// (no-op for a raster that already is a file), for readers that need a file.
void materialise(RunContext& ctx, const std::string& id, gdal::Storage storage);

// `step` (its fn and warning) as a per-cell step of `inputs` computed wherever it is read,
// masked by ctx.mask.
RasterInput defer(const RunContext& ctx, const std::string& id, std::vector<RasterInput> inputs, CellStep step);

// Sets the cells of `raster` outside ctx.mask to NaN (rewrites the file; no-op without a mask).
void apply_mask(const RunContext& ctx, const std::filesystem::path& raster);

// Reads every strip of the inputs (of this rank's band) and hands it to fn (in parallel; use
// strip.index to store per-strip partial results and combine them in order afterwards).
using StripVisit = std::function<void(const Strip&)>;
void visit_strips(const RunContext& ctx, const std::vector<RasterInput>& inputs, const StripVisit& fn,
                  const std::string& label);

// visit_strips over the listed strips only (indices ascending), e.g. those holding a few cells.
void visit_strips(const RunContext& ctx, const std::vector<RasterInput>& inputs, const std::vector<std::size_t>& strips,
                  const StripVisit& fn, const std::string& label);

// After visit_strips: every rank's parts (indexed by strip; each rank filled those of its band)
// on every rank, so all combine the same parts in the same order. put(ByteWriter&, const T&) and
// get(ByteReader&, T&) write and read one part; `what` names the exchange (Ranks::traffic).
template <class T, class Put, class Get>
void share_strip_parts(const RunContext& ctx, std::vector<T>& parts, const std::string& what, Put put, Get get) {
  const Ranks& ranks = *ctx.ranks;
  if (ranks.size() == 1) return;
  if (parts.size() != strip_count(ctx.grid)) throw std::logic_error("share_strip_parts: one part per strip");
  const auto [first, last] = strip_band(ctx);
  ByteWriter mine;
  for (std::size_t i = first; i < last; ++i) put(mine, parts[i]);
  const std::vector<std::string> all = ranks.all_gather(mine.bytes(), what);
  for (int r = 0; r < ranks.size(); ++r) {
    if (r == ranks.rank()) continue;
    ByteReader in(all[static_cast<std::size_t>(r)]);
    const auto [begin, end] = strip_band(ctx, r);
    for (std::size_t i = begin; i < end; ++i) get(in, parts[i]);
  }
}

// core/parallel_for.hpp's progress-reporting loop on ctx.threads threads with ctx.progress.
void parallel_for(const RunContext& ctx, std::size_t n, const std::function<void(std::size_t)>& fn,
                  const std::string& label);

}  // namespace oremap
