#include "stages/raster_input.hpp"

#include <stdexcept>

namespace oremap {

const std::filesystem::path& RasterInput::file() const {
  if (step_) throw std::logic_error("per-cell step '" + step_->id + "' is read as a file but was not materialised");
  return file_;
}

std::string RasterInput::describe() const { return step_ ? "per-cell step '" + step_->id + "'" : file_.string(); }

}  // namespace oremap
