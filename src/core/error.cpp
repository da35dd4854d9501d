#include "core/error.hpp"

namespace oremap {

std::string Diagnostic::format() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
  out += ": ";
  if (!key.empty()) out += key + ": ";
  out += message;
  if (!fix.empty()) out += "; " + fix;
  return out;
}

static std::string join(const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) {
    if (!out.empty()) out += "\n";
    out += d.format();
  }
  return out;
}

ProjectError::ProjectError(std::vector<Diagnostic> diagnostics)
    : Error(ExitCode::project, join(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace oremap
