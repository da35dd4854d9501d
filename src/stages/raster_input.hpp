#pragma once
// What the strip engine reads: a raster file on the grid, or a per-cell step computed from
// other inputs as their strips are read. A per-cell step (a fuzzy membership, a
// reclassification, ...) is never written: whatever reads it computes it on the fly, strip
// by strip, so a chain of such steps costs one pass through the data instead of one file
// per step ("fused"). The plan (raster_plan.hpp) decides which steps are deferred.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace oremap {

constexpr int kStripRows = 256;

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

// fn fills out[0..cells) from the strip's inputs, cell by cell. A StripMap that becomes a
// CellStep must own everything it uses (capture by value): it runs long after it is made.
using StripMap = std::function<void(const Strip&, float* out)>;

class RasterInput;

// A per-cell step: out = fn(inputs) cell by cell, NaN outside `mask` (a Byte grid raster,
// empty = none), as if it had been computed by map_strips and read back.
struct CellStep {
  std::string id;
  std::vector<RasterInput> inputs;
  StripMap fn;
  std::filesystem::path mask;
  // What the step did to the cells computed so far (e.g. "3 cells set to nodata"), for the
  // log once the raster stages are done; empty: nothing to say. Optional.
  std::function<std::string()> warning;
};

class RasterInput {
 public:
  RasterInput() = default;
  RasterInput(std::filesystem::path file) : file_(std::move(file)) {}            // NOLINT: a file is an input
  RasterInput(std::shared_ptr<const CellStep> step) : step_(std::move(step)) {}  // NOLINT

  bool deferred() const { return step_ != nullptr; }
  const CellStep* step() const { return step_.get(); }
  // The file; throws std::logic_error for a deferred step (materialise it first).
  const std::filesystem::path& file() const;
  // "path/to/file.tif", or "per-cell step 'id'".
  std::string describe() const;
  // Whether this input reads `path`: is it, or is a step computed from it.
  bool reads(const std::filesystem::path& path) const;

 private:
  std::filesystem::path file_;
  std::shared_ptr<const CellStep> step_;
};

}  // namespace oremap
