#include "stages/sinks/report/provenance.hpp"

#include <gdal.h>
#include <geos_c.h>
#include <proj.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "core/sha256.hpp"
#include "stages/models/xgboost_booster.hpp"

namespace oremap::sinks::report {

namespace fs = std::filesystem;

namespace {

// Files that travel with a main file and change what GDAL reads (encoding, CRS, index).
std::vector<fs::path> side_files(const fs::path& main) {
  std::string ext = main.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::vector<std::string> exts;
  if (ext == ".shp")
    exts = {".shx", ".dbf", ".prj", ".cpg"};
  else if (ext == ".tif" || ext == ".tiff")
    exts = {".tfw", ".tif.aux.xml"};
  std::vector<fs::path> out;
  for (const auto& e : exts) {
    fs::path p = main.parent_path() / (main.stem().string() + e);
    if (e == ".tif.aux.xml") p = fs::path(main.string() + ".aux.xml");
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) out.push_back(p);
  }
  return out;
}

// Lexically (symbolic links are not followed: the path is shown as the project names it).
std::string shown(const fs::path& file, const fs::path& dir) {
  const fs::path rel = file.lexically_normal().lexically_relative(dir.lexically_normal());
  if (!rel.empty() && rel.native().rfind("..", 0) != 0) return rel.generic_string();
  return file.lexically_normal().generic_string();
}

}  // namespace

std::vector<InputFile> input_files(const project::Project& project) {
  std::map<std::string, InputFile> by_path;
  auto add = [&](const fs::path& file, const std::string& who) {
    const std::string key = shown(file, project.dir);
    InputFile& f = by_path[key];
    f.path = key;
    if (std::find(f.layers.begin(), f.layers.end(), who) == f.layers.end()) f.layers.push_back(who);
    if (!f.sha256.empty() || !f.note.empty()) return;
    std::error_code ec;
    f.size = fs::file_size(file, ec);
    if (ec) {
      f.note = "cannot read: " + ec.message();
      return;
    }
    f.sha256 = sha256_file(file);
  };
  add(fs::absolute(project.file), "project file");
  for (const auto& l : project.layers) {
    std::error_code ec;
    const fs::path p(l.path);
    if (fs::is_regular_file(p, ec)) {
      add(p, l.id);
      for (const auto& side : side_files(p)) add(side, l.id);
    } else if (fs::is_directory(p, ec)) {
      std::vector<fs::path> files;
      for (const auto& e : fs::recursive_directory_iterator(p, ec))
        if (e.is_regular_file()) files.push_back(e.path());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) add(f, l.id);
    } else {
      const std::string key = redact_secrets(l.path);
      InputFile& f = by_path[key];
      f.path = key;
      f.layers.push_back(l.id);
      f.note = "not a local file (connection string or virtual path): not checksummed";
    }
  }
  std::vector<InputFile> out;
  for (auto& [path, f] : by_path) out.push_back(std::move(f));
  return out;
}

std::string software_versions() {
  return std::string("oremap ") + OREMAP_VERSION + "; GDAL " + GDALVersionInfo("RELEASE_NAME") + "; GEOS " +
         GEOSversion() + "; PROJ " + proj_info().version + "; XGBoost " + xgb::version();
}

}  // namespace oremap::sinks::report
