#pragma once
// The raster half of a run, in order: mask, raster layers onto the grid, evidence steps,
// models, then Cloud-Optimised GeoTIFFs in the output folder.
#include <filesystem>

#include "stages/run_context.hpp"

namespace oremap {

// Creates the work folder and removes it (with everything in it) when destroyed.
class WorkDir {
 public:
  WorkDir(const std::filesystem::path& output_dir, bool keep);
  ~WorkDir();
  WorkDir(const WorkDir&) = delete;
  WorkDir& operator=(const WorkDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  bool keep_;
};

// Fills ctx.mask and ctx.rasters, runs evidence and models, and writes the COGs.
void run_raster_stages(RunContext& ctx);

// Writes <output>/resolved_project.toml: the project as run (presets expanded, absolute
// paths) with the grid that was built, for reproducing and auditing a result.
void write_resolved_project(const RunContext& ctx);

// For `oremap score`: registers the model COGs a previous `run` wrote, so sites can use them.
void use_existing_outputs(RunContext& ctx);

}  // namespace oremap
