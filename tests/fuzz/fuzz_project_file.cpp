// libFuzzer target: a project file through oremap's parser and validator (load_project).
// The blob is written as project.toml into a scratch folder that also holds small real layer
// files under the names the seed corpus uses, so path checks pass and validation goes deep.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "gdal/handles.hpp"
#include "project/project.hpp"

namespace {

using oremap::fuzz::ScratchDir;
using oremap::fuzz::write_file;

const char* kPolygon =
    R"({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "a", "score": 1},
 "geometry": {"type": "Polygon", "coordinates": [[[64, 29], [66, 29], [66, 31], [64, 31], [64, 29]]]}}]})";
const char* kPoints =
    R"({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "p", "cu": 1},
 "geometry": {"type": "Point", "coordinates": [65, 30]}}]})";
const char* kLines = R"({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"kind": "road"},
 "geometry": {"type": "LineString", "coordinates": [[64, 29], [66, 31]]}}]})";

// The folder every input is validated in, made once per process (libFuzzer runs millions of
// inputs; only project.toml changes between them).
struct ProjectFolder {
  ScratchDir dir;
  ProjectFolder() {
    oremap::fuzz::silence_gdal();
    oremap::gdal::register_drivers();
    for (const char* name : {"country.geojson", "regions.geojson", "protected.geojson"})
      write_file(dir.path() / name, kPolygon);
    for (const char* name : {"deposits.geojson", "sites.geojson", "towns.geojson"})
      write_file(dir.path() / name, kPoints);
    for (const char* name : {"faults.geojson", "roads.geojson", "arcs.geojson"}) write_file(dir.path() / name, kLines);
    write_file(dir.path() / "dem.tif", "");  // validation checks existence only
    write_file(dir.path() / "gravity.tif", "");
  }
};

const ProjectFolder& project_folder() {
  static const ProjectFolder folder;
  return folder;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = project_folder().dir.path() / "project.toml";
  write_file(file, data, size);
  oremap::fuzz::expect_oremap_errors_only([&] { oremap::project::load_project(file); });
  return 0;
}
