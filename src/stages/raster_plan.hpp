#pragma once
// What the raster stages will compute, decided before they run. Per-cell steps (fuzzy,
// reclassify, normalise, invert, log) are fused into the passes of whatever reads them and
// never written; a raster is materialised (written) only when a step needs the whole grid
// (distance, interpolation, rasterising, model training), when the user asked for it as an
// output, or when a later stage reads it as a file (a site criterion, the map's DEM).
// A whole-grid step declared twice with the same parameters is computed once, and a capped
// distance with an uncapped twin is the twin capped per cell.
// `oremap plan` prints the plan; run_raster_stages follows it.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/grid.hpp"
#include "project/project.hpp"

namespace oremap {

struct PlannedRaster {
  std::string id;
  std::string kind;  // a step kind, "mask", or for a layer "read" (in place) or "warp"
  std::vector<std::string> inputs;
  bool fused = false;       // computed where it is read; never written
  bool output = false;      // written to the output folder
  bool statistics = false;  // reads its input once for statistics before it can be computed
  std::string why;          // why it is written, or that it is not
  bool model = false;       // a model: written out as soon as computed, then its intermediate removed
};

struct RasterPlan {
  std::vector<PlannedRaster> rasters;   // in run order
  std::set<std::string> read_as_files;  // fused steps written because later stages read files
  // A whole-grid evidence step declared again with the same kind, input and parameters (the
  // presets repeat distances to the same layer): id -> the first such step, whose raster it shares.
  std::map<std::string, std::string> same_as;
  // A distance step with a cap whose twin without a cap (same input and parameters) is also
  // declared: id -> the twin. Its raster is the twin's capped per cell, a fused step.
  std::map<std::string, std::string> capped_from;
  // Outputs are COGs: each gets its overviews built beside its intermediate (a third more).
  bool output_overviews = false;
  // Whole-grid outputs no per-cell step reads (models, and evidence such as a distance asked
  // for alone): computed plain and written out at once, then read from the output folder. An
  // output a per-cell step reads stays in the work folder, compressed, to the end.
  std::set<std::string> written_when_computed;

  // Rasters written to the work folder (outputs included: they are written there first).
  std::vector<std::string> materialised() const;
  // Temporary disk of the raster stages, an estimate: the rasters kept to the end (whole-grid
  // evidence, warped layers, the mask, files read by later stages), compressed and counted at
  // half their plain size (distance and survey grids compress 2-15x), plus the largest
  // output's plain intermediate and COG overviews (outputs are written one at a time, each
  // intermediate removed after), plus what the largest distance step keeps on disk when its
  // column distances exceed `cache_bytes` (it may keep them in memory instead).
  std::uint64_t temporary_bytes(const Grid& grid, std::size_t cache_bytes) const;
};

// Opens the raster layers to see which are read in place on `grid` and which are warped.
RasterPlan plan_rasters(const project::Project& p, const Grid& grid);

// The plan as text: one line per raster (fused or written, and why), then the totals, the
// estimated temporary disk and memory for `threads` threads and a `cache_bytes` GDAL cache.
std::string plan_text(const RasterPlan& plan, const Grid& grid, int threads, std::size_t cache_bytes);

}  // namespace oremap
