#pragma once
// The typed, validated content of a project file.
#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace oremap::project {

struct Location {
  int line = 0;
  int column = 0;
};

struct GridSpec {
  std::optional<std::string> crs;
  double cell_size = 0;
  std::optional<std::array<double, 4>> bbox;
  std::string bbox_crs = "EPSG:4326";
  std::optional<std::string> extent_layer;
  double buffer = 0;
  std::optional<std::string> mask;
};

struct LayerSpec {
  std::string id;
  std::string path;  // resolved (absolute or connection string)
  std::string type;  // "vector" or "raster"
  std::optional<std::string> layer, where, crs, x, y, encoding;
  int band = 1;
  std::string resampling = "nearest";
  std::optional<double> nodata;
  Location at;
};

struct Project {
  std::filesystem::path file;
  std::filesystem::path dir;
  std::string name;
  std::string description;
  std::filesystem::path output_dir;
  GridSpec grid;
  std::vector<LayerSpec> layers;

  const LayerSpec& layer(const std::string& id) const;
};

// Parses and validates; throws ProjectError listing every problem (file:line:column).
Project load_project(const std::filesystem::path& file);

// Same, from text (for tests); `file` names the source in messages, `dir` resolves paths.
Project parse_project(const std::string& text, const std::string& file, const std::filesystem::path& dir);

}  // namespace oremap::project
