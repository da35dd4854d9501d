#pragma once
// The grid tests' helpers: a project with a bbox grid, building its grid with the log caught,
// and the message of a grid that must be refused.
#include <catch2/catch.hpp>
#include <optional>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "core/log.hpp"
#include "project/project.hpp"
#include "stages/sources/grid_builder.hpp"

namespace oremap::test {

inline project::Project bbox_project(std::array<double, 4> bbox, const std::string& bbox_crs, double cell_size,
                                     std::optional<std::string> crs) {
  project::Project p;
  p.grid.crs = std::move(crs);
  p.grid.cell_size = cell_size;
  p.grid.bbox = bbox;
  p.grid.bbox_crs = bbox_crs;
  return p;
}

// build_grid at normal verbosity (info, warnings); the log's text goes to `log_text`.
inline Grid build(const project::Project& p, std::string* log_text = nullptr) {
  std::ostringstream out;
  Grid g = sources::build_grid(p, Log(out, Verbosity::normal));
  if (log_text) *log_text = out.str();
  return g;
}

// The message of the project error build_grid must throw.
inline std::string grid_error(const project::Project& p) {
  try {
    build(p);
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::project);
    return e.what();
  }
  FAIL("build_grid did not throw");
  return "";
}

}  // namespace oremap::test
