#include "project/project.hpp"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "project/validator.hpp"

namespace oremap::project {

namespace fs = std::filesystem;

const LayerSpec& Project::layer(const std::string& id) const {
  for (const auto& l : layers)
    if (l.id == id) return l;
  throw Error(ExitCode::project, "no layer with id '" + id + "'");
}

namespace {

template <typename T>
std::optional<T> opt(const toml::table& t, const char* key) {
  return t[key].value<T>();
}

GridSpec read_grid(const toml::table& g) {
  GridSpec grid;
  grid.crs = opt<std::string>(g, "crs");
  grid.cell_size = g["cell_size"].value_or(0.0);
  if (const toml::array* b = g["bbox"].as_array())
    grid.bbox = std::array<double, 4>{b->get(0)->value_or(0.0), b->get(1)->value_or(0.0), b->get(2)->value_or(0.0),
                                      b->get(3)->value_or(0.0)};
  grid.bbox_crs = g["bbox_crs"].value_or(std::string("EPSG:4326"));
  grid.extent_layer = opt<std::string>(g, "extent_layer");
  grid.buffer = g["buffer"].value_or(0.0);
  grid.mask = opt<std::string>(g, "mask");
  return grid;
}

LayerSpec read_layer(const toml::table& t, const fs::path& dir) {
  LayerSpec l;
  l.id = t["id"].value_or(std::string());
  std::string raw = t["path"].value_or(std::string());
  l.path = resolve_path(raw, dir);
  l.type = t["type"].value_or(layer_type_from_path(raw));
  l.layer = opt<std::string>(t, "layer");
  l.where = opt<std::string>(t, "where");
  l.crs = opt<std::string>(t, "crs");
  l.x = opt<std::string>(t, "x");
  l.y = opt<std::string>(t, "y");
  l.encoding = opt<std::string>(t, "encoding");
  l.band = static_cast<int>(t["band"].value_or(int64_t{1}));
  l.resampling = t["resampling"].value_or(std::string("nearest"));
  l.nodata = opt<double>(t, "nodata");
  l.at = {static_cast<int>(t.source().begin.line), static_cast<int>(t.source().begin.column)};
  return l;
}

}  // namespace

Project parse_project(const std::string& text, const std::string& file, const fs::path& dir) {
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    throw ProjectError({{file, static_cast<int>(b.line), static_cast<int>(b.column), "",
                         "TOML syntax error: " + std::string(e.description()),
                         "fix the syntax (see docs/project-file.md)"}});
  }
  std::vector<Diagnostic> problems = validate(root, file, dir);
  if (!problems.empty()) throw ProjectError(std::move(problems));

  Project p;
  p.file = file;
  p.dir = dir;
  const toml::table* meta = root["project"].as_table();
  p.name = meta ? (*meta)["name"].value_or(fs::path(file).stem().string()) : fs::path(file).stem().string();
  p.description = meta ? (*meta)["description"].value_or(std::string()) : std::string();
  p.output_dir = dir / (meta ? (*meta)["output"].value_or(std::string("output")) : std::string("output"));
  p.grid = read_grid(*root["grid"].as_table());
  for (const auto& node : *root["layers"].as_array()) p.layers.push_back(read_layer(*node.as_table(), dir));
  return p;
}

Project load_project(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw ProjectError({{file.string(), 0, 0, "", "cannot read the project file",
                         "check the path; create one from geodata/pakistan/project.toml"}});
  std::ostringstream text;
  text << in.rdbuf();
  fs::path dir = fs::absolute(file).parent_path();
  return parse_project(text.str(), file.string(), dir);
}

}  // namespace oremap::project
