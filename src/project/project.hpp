#pragma once
#include <toml++/toml.h>

// The typed, validated content of a project file.
#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "project/schema.hpp"

namespace oremap::project {

struct Location {
  int line = 0;
  int column = 0;
};

// Where each value of a table starts in the project file, by key ("key", or "table.key" one
// level down). Kept apart because copies of toml++ tables lose their source positions.
struct KeyPositions {
  std::map<std::string, Location> at;
  // The value's position, or `fallback` (the table's) when the key is absent.
  Location of(const std::string& key, const Location& fallback) const {
    auto it = at.find(key);
    return it != at.end() && it->second.line > 0 ? it->second : fallback;
  }
};

// Spec defaults are the schema's (schema.cpp), so that hand-built specs (tests) match read ones.
struct GridSpec {
  std::optional<std::string> crs;
  double cell_size = 0;    // metres: the cells' width
  double cell_size_y = 0;  // metres: their height when not square (cell_size = [dx, dy]); 0 = square
  double dy() const { return cell_size_y > 0 ? cell_size_y : cell_size; }
  std::optional<std::array<double, 4>> bbox;
  std::string bbox_crs = default_of<std::string>("grid", "bbox_crs").value();
  std::optional<std::string> extent_layer;
  double buffer = default_of<double>("grid", "buffer").value();
  std::optional<std::string> mask;
  // align = "cell" or a raster layer's id (align_to), or [x0, y0] (align_point); neither: the
  // raster layers' lattice.
  std::optional<std::string> align_to;
  std::optional<std::array<double, 2>> align_point;
};

struct LayerSpec {
  std::string id;
  std::string path;  // resolved (absolute or connection string)
  std::string type;  // "vector" or "raster"
  std::optional<std::string> layer, where, crs, x, y, encoding;
  int band = static_cast<int>(default_of<std::int64_t>("layers", "band").value());
  std::string resampling = default_of<std::string>("layers", "resampling").value();
  std::optional<double> nodata;
  Location at;
};

// A declared step ([[evidence]], [[models]], [[criteria]], ...) or table ([sites], [map], ...):
// its id, kind and the validated table. Getters trust validation (types are already checked).
// An absent key reads as the default its declaration gives (project/schema_*.cpp), or as "",
// 0, false or an empty list when it declares none.
struct StepSpec {
  std::string section;
  std::string id;
  std::string kind;
  std::shared_ptr<const toml::table> table;
  Location at;

  bool has(const std::string& key) const;
  std::string str(const std::string& key) const;
  // A default the declaration cannot state as one value, computed by the reader (the viewer's
  // title is the project's name).
  std::string str(const std::string& key, const std::string& fallback) const;
  double num(const std::string& key) const;
  // An integer key exactly (num() rounds beyond 2^53: a seed of 2^63-1 must stay 2^63-1).
  std::int64_t integer(const std::string& key) const;
  bool flag(const std::string& key) const;
  std::vector<std::string> strs(const std::string& key) const;
  std::vector<double> nums(const std::string& key) const;
  std::vector<std::vector<double>> rows(const std::string& key) const;  // list of number lists
  std::string where() const;                                            // "evidence 'cu_fault_dist' (project.toml:40)"
  KeyPositions keys;
  // Where the value of `key` starts in the project file; the table's position if it is absent.
  Location at_key(const std::string& key) const { return keys.of(key, at); }
};

struct Project {
  std::filesystem::path file;
  std::filesystem::path dir;
  std::string name;
  std::string description;
  std::filesystem::path output_dir;
  GridSpec grid;
  std::vector<LayerSpec> layers;
  std::vector<StepSpec> evidence;
  std::vector<StepSpec> models;
  std::vector<StepSpec> criteria;
  std::vector<StepSpec> exclusions;
  std::optional<StepSpec> sites;
  std::optional<StepSpec> outputs;
  std::optional<StepSpec> map;     // [map]: site-ranking maps
  std::optional<StepSpec> viewer;  // [viewer]: offline web viewer
  std::optional<StepSpec> report;  // [report]: validation report

  // The project after preset expansion, with layer paths made absolute (written next to
  // the outputs so a result can be reproduced and audited).
  std::shared_ptr<const toml::table> resolved;

  const LayerSpec& layer(const std::string& id) const;
  const LayerSpec* find_layer(const std::string& id) const;
  // [sites], [outputs], [map], [viewer] or [report] as written, or an empty table of that
  // section when the file has none: every key then reads as its declared default.
  StepSpec table_or_defaults(const std::string& section) const;
};

// A project file is a few KiB of TOML; anything beyond this is the wrong file.
constexpr std::size_t max_project_file_bytes = std::size_t(16) << 20;

// Parses and validates; throws ProjectError listing every problem (file:line:column).
Project load_project(const std::filesystem::path& file);

// Same, from text (for tests); `file` names the source in messages, `dir` resolves paths.
Project parse_project(const std::string& text, const std::string& file, const std::filesystem::path& dir);

}  // namespace oremap::project
