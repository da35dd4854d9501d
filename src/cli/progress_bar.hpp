#pragma once
// A terminal progress bar on stderr in GDAL's callback style, throttled, and cancellable
// with Ctrl-C or SIGTERM (the signal sets a flag the callback returns as "stop"; a second
// signal ends the process at once).
#include <chrono>
#include <string>

#include "core/progress.hpp"

namespace oremap::cli {

class ProgressBar {
 public:
  explicit ProgressBar(bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  Progress callback();

 private:
  bool update(double fraction, const std::string& label);
  bool enabled_;
  std::string label_;
  int last_percent_ = -1;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace oremap::cli
