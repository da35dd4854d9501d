#pragma once
// One exception hierarchy; only cli/ maps it to exit codes (docs/cli.md lists them).
#include <stdexcept>
#include <string>
#include <vector>

namespace oremap {

enum class ExitCode : int {
  ok = 0,
  failure = 1,     // unexpected internal error
  project = 2,     // usage or project-file problem
  input = 3,       // unreadable or unusable input data
  library = 4,     // GDAL/GEOS/PROJ reported a failure
  output = 5,      // cannot write an output
  cancelled = 130  // Ctrl-C or a progress callback asked to stop
};

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

struct InputError : Error {
  explicit InputError(const std::string& m) : Error(ExitCode::input, m) {}
};
struct LibraryError : Error {
  explicit LibraryError(const std::string& m) : Error(ExitCode::library, m) {}
};
struct OutputError : Error {
  explicit OutputError(const std::string& m) : Error(ExitCode::output, m) {}
};
struct Cancelled : Error {
  Cancelled() : Error(ExitCode::cancelled, "cancelled") {}
};

// A problem in the project file, located precisely so the user can jump to it.
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string key;      // dotted path, e.g. layers[2].resampling
  std::string message;  // what is wrong
  std::string fix;      // what to do

  std::string format() const;
};

// All project-file problems found in one pass, reported together (exit code 2).
class ProjectError : public Error {
 public:
  explicit ProjectError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace oremap
