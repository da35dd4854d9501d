#include "stages/run_context.hpp"

#include "core/error.hpp"

namespace oremap {

const std::filesystem::path& RunContext::raster(const std::string& id) const {
  auto it = rasters.find(id);
  if (it == rasters.end())
    throw Error(ExitCode::project, "'" + id + "' is not a raster computed in this run; check the step order and ids");
  return it->second;
}

}  // namespace oremap
