#include "stages/raster_input.hpp"

#include <stdexcept>

namespace oremap {

const std::filesystem::path& RasterInput::file() const {
  if (step_) throw std::logic_error("per-cell step '" + step_->id + "' is read as a file but was not materialised");
  return file_;
}

std::string RasterInput::describe() const { return step_ ? "per-cell step '" + step_->id + "'" : file_.string(); }

bool RasterInput::reads(const std::filesystem::path& path) const {
  if (!step_) return file_ == path;
  for (const auto& in : step_->inputs)
    if (in.reads(path)) return true;
  return false;
}

}  // namespace oremap
