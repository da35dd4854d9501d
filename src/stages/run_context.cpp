#include "stages/run_context.hpp"

#include "core/error.hpp"

namespace oremap {

const RasterInput& RunContext::raster(const std::string& id) const {
  auto it = rasters.find(id);
  if (it == rasters.end())
    throw Error(ExitCode::project, "'" + id + "' is not a raster computed in this run; check the step order and ids");
  return it->second;
}

const std::filesystem::path& RunContext::raster_file(const std::string& id) const { return raster(id).file(); }

}  // namespace oremap
