#pragma once
// What every stage of a run shares: the project, the grid, logging, progress, threads,
// and the rasters produced so far. Passed explicitly; there is no global state.
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/grid.hpp"
#include "core/log.hpp"
#include "core/progress.hpp"
#include "core/ranks.hpp"
#include "gdal/grid_raster.hpp"
#include "project/project.hpp"
#include "stages/raster_input.hpp"

namespace oremap {

struct RunContext {
  RunContext(const project::Project& p, Grid g, const Log& l) : project(p), grid(std::move(g)), log(l) {}

  const project::Project& project;
  Grid grid;
  const Log& log;
  Progress progress = silent_progress();
  // Shows nothing, and says stop after Ctrl-C or SIGTERM: for work on threads of its own
  // (output_writes.hpp), whose reports would interleave with the stages'.
  Progress stop_check = silent_progress();
  int threads = 1;  // >= 1
  // The processes the run is spread over (core/ranks.hpp): this rank computes its band of strips.
  std::shared_ptr<const Ranks> ranks = std::make_shared<Ranks>();
  std::size_t cache_bytes = 1ull << 30;  // GDAL block cache budget
  std::filesystem::path work_dir;        // temporary rasters, removed at the end of the run
  std::filesystem::path mask;            // Byte raster on the grid (1 = inside), empty = no mask
  // id -> GeoTIFF on the grid (one Float32 band, NaN = nodata) or a deferred per-cell step.
  // Filled by the raster stages.
  std::map<std::string, RasterInput> rasters;
  // commodity ("copper", "gold", "ree") -> id of the model its sites are scored against ([sites]
  // model, else the commodity's first model); the maps draw it and the viewer shows it first.
  std::map<std::string, std::string> model_of_commodity;
  // Whole-grid statistics already computed (e.g. a WofE input's class edges), by a key naming
  // the raster and the statistic. Shared with the validation refits, which read the same
  // rasters, so each refit does not pass over them again.
  std::shared_ptr<std::map<std::string, std::vector<double>>> statistics =
      std::make_shared<std::map<std::string, std::vector<double>>>();
  // Outputs written out as soon as they are computed (RasterPlan::written_when_computed): the
  // whole-grid steps computing them write them plain, read once by the output's writer (or
  // renamed into place); every other kept raster is compressed.
  std::set<std::string> written_when_computed;
  // A validation refit: the model raster is only scored, so it stays a per-cell step computed
  // where it is read, and companion rasters (WofE's standard deviation) are not made.
  bool scoring_only = false;

  const RasterInput& raster(const std::string& id) const;
  // The file of raster `id`; a deferred step must have been materialised (raster_plan.hpp).
  const std::filesystem::path& raster_file(const std::string& id) const;
  // How the whole-grid step computing raster `id` stores it (grid_raster.hpp).
  gdal::Storage storage(const std::string& id) const {
    return written_when_computed.count(id) ? gdal::Storage::plain : gdal::Storage::compressed;
  }
};

}  // namespace oremap
