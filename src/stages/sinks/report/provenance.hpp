#pragma once
// Provenance of a run for the report: every input file (layers, shapefile side files, the
// project file) with its size and SHA-256, and the versions of oremap and its libraries.
#include <cstdint>
#include <string>
#include <vector>

#include "core/secrets.hpp"  // redact_secrets, used with the provenance
#include "project/project.hpp"

namespace oremap::sinks::report {

struct InputFile {
  std::string path;                 // relative to the project folder when inside it
  std::vector<std::string> layers;  // layer ids reading it ("project file" for the project)
  std::uint64_t size = 0;
  std::string sha256;  // empty when not a local file (see note)
  std::string note;    // e.g. "database connection: not checksummed"
};

// Sorted by path; a file read by several layers is listed once. Connection strings are shown
// with any password removed.
std::vector<InputFile> input_files(const project::Project& project);

// "oremap 0.1.0; GDAL 3.6.2; GEOS 3.11.1; PROJ 9.1.1; XGBoost 1.7.4"
std::string software_versions();

}  // namespace oremap::sinks::report
