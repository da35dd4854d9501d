#pragma once
// Progress reporting in GDAL's callback style: fraction in [0,1], a short message,
// and a return value of false to cancel the work.
#include <functional>
#include <string>

namespace oremap {

using Progress = std::function<bool(double fraction, const std::string& message)>;

inline Progress silent_progress() {
  return [](double, const std::string&) { return true; };
}

// Maps [0,1] of a sub-task onto [start,end] of the parent's progress.
inline Progress scaled_progress(const Progress& parent, double start, double end) {
  return [parent, start, end](double f, const std::string& m) { return parent(start + (end - start) * f, m); };
}

}  // namespace oremap
