#pragma once
// Raster work in row strips on the analysis grid: bounded memory (one strip per input per
// thread), parallel over strips, and identical results for any thread count because
// every strip is computed independently and reductions combine strips in order.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/parallel_for.hpp"
#include "stages/run_context.hpp"

namespace oremap {

struct Strip {
  int row0 = 0;
  int rows = 0;
  int cols = 0;
  std::size_t index = 0;                // strip number, for ordered reductions
  std::vector<const float*> inputs;     // rows*cols values each, NaN = nodata
  const unsigned char* mask = nullptr;  // 1 = inside the study area; null = no mask
  std::size_t cells() const { return static_cast<std::size_t>(rows) * cols; }
  bool inside(std::size_t i) const { return !mask || mask[i]; }
};

constexpr int kStripRows = 256;

std::size_t strip_count(const Grid& grid);

// Computes `output` strip by strip: fn fills out[0..cells) from the strip's inputs. Cells
// outside the mask are set to NaN afterwards. The output GeoTIFF is created here.
using StripMap = std::function<void(const Strip&, float* out)>;
void map_strips(const RunContext& ctx, const std::vector<std::filesystem::path>& inputs,
                const std::filesystem::path& output, const StripMap& fn, const std::string& label);

// Sets the cells of `raster` outside ctx.mask to NaN (rewrites the file; no-op without a mask).
void apply_mask(const RunContext& ctx, const std::filesystem::path& raster);

// Reads every strip of the inputs and hands it to fn (in parallel; use strip.index to store
// per-strip partial results and combine them in order afterwards).
using StripVisit = std::function<void(const Strip&)>;
void visit_strips(const RunContext& ctx, const std::vector<std::filesystem::path>& inputs, const StripVisit& fn,
                  const std::string& label);

// core/parallel_for.hpp's progress-reporting loop on ctx.threads threads with ctx.progress.
void parallel_for(const RunContext& ctx, std::size_t n, const std::function<void(std::size_t)>& fn,
                  const std::string& label);

}  // namespace oremap
