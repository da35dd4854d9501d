#pragma once
// oremap's Progress as a GDAL progress callback (GDALProgressFunc + its data pointer), so
// GDAL's own algorithms (gridding, rasterising, COG writing) report under a label and stop
// when the user cancels. GDAL does not always leave CPLE_UserInterrupt behind after a stop,
// so the adapter remembers it.
#include <string>

#include "core/progress.hpp"

namespace oremap::gdal {

class ProgressCallback {
 public:
  ProgressCallback(Progress progress, std::string label) : progress_(std::move(progress)), label_(std::move(label)) {}

  // Pass callback() and this as GDAL's pfnProgress and pProgressData.
  static int callback(double fraction, const char*, void* self) {
    auto* p = static_cast<ProgressCallback*>(self);
    // Once stopped, stay stopped: GDAL may call again (a final 1.0) after being told to stop.
    if (!p->stopped_) p->stopped_ = !p->progress_(fraction, p->label_);
    return p->stopped_ ? 0 : 1;
  }
  void* data() { return this; }
  bool stopped() const { return stopped_; }

 private:
  Progress progress_;
  std::string label_;
  bool stopped_ = false;
};

}  // namespace oremap::gdal
