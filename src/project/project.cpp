#include "project/project.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "project/presets.hpp"
#include "project/validator.hpp"

namespace oremap::project {

namespace fs = std::filesystem;

const LayerSpec& Project::layer(const std::string& id) const {
  for (const auto& l : layers)
    if (l.id == id) return l;
  throw Error(ExitCode::project, "no layer with id '" + id + "'");
}

const LayerSpec* Project::find_layer(const std::string& id) const {
  for (const auto& l : layers)
    if (l.id == id) return &l;
  return nullptr;
}

StepSpec Project::table_or_defaults(const std::string& section) const {
  for (const std::optional<StepSpec>* t : {&sites, &outputs, &map, &viewer, &report})
    if (*t && (*t)->section == section) return **t;
  StepSpec empty;
  empty.section = section;
  empty.table = std::make_shared<const toml::table>();
  return empty;
}

namespace {

// The declared default of `key` for this step's section and kind, when it is a T.
template <typename T>
std::optional<T> declared(const StepSpec& step, const std::string& key) {
  return default_of<T>(step.section, key, step.kind);
}

}  // namespace

bool StepSpec::has(const std::string& key) const { return table->contains(key); }
std::string StepSpec::str(const std::string& key) const {
  return str(key, declared<std::string>(*this, key).value_or(std::string()));
}
std::string StepSpec::str(const std::string& key, const std::string& fallback) const {
  return (*table)[key].value_or(fallback);
}
double StepSpec::num(const std::string& key) const {
  // Integers beyond 2^53 are rounded: toml++ would rather fall back than convert them.
  if (const auto* i = (*table)[key].as_integer()) return static_cast<double>(i->get());
  if (has(key)) return (*table)[key].value_or(0.0);
  if (auto i = declared<std::int64_t>(*this, key)) return static_cast<double>(*i);  // an integer key's
  return declared<double>(*this, key).value_or(0.0);
}
std::int64_t StepSpec::integer(const std::string& key) const {
  if (const auto* i = (*table)[key].as_integer()) return i->get();
  return declared<std::int64_t>(*this, key).value_or(0);
}
bool StepSpec::flag(const std::string& key) const {
  if (has(key)) return (*table)[key].value_or(false);
  return declared<bool>(*this, key).value_or(false);
}
std::vector<std::string> StepSpec::strs(const std::string& key) const {
  const toml::array* a = (*table)[key].as_array();
  if (!a) return declared<std::vector<std::string>>(*this, key).value_or(std::vector<std::string>());
  std::vector<std::string> out;
  for (const auto& v : *a) out.push_back(v.value_or(std::string()));
  return out;
}
std::vector<double> StepSpec::nums(const std::string& key) const {
  std::vector<double> out;
  if (const toml::array* a = (*table)[key].as_array())
    for (const auto& v : *a) out.push_back(v.value_or(0.0));
  return out;
}
std::vector<std::vector<double>> StepSpec::rows(const std::string& key) const {
  std::vector<std::vector<double>> out;
  if (const toml::array* a = (*table)[key].as_array())
    for (const auto& row : *a) {
      std::vector<double> r;
      if (const toml::array* ra = row.as_array())
        for (const auto& v : *ra) r.push_back(v.value_or(0.0));
      out.push_back(r);
    }
  return out;
}
std::string StepSpec::where() const { return section + " '" + id + "' (line " + std::to_string(at.line) + ")"; }

namespace {

StepSpec read_step(const std::string& section, const toml::table& t) {
  StepSpec s;
  s.section = section;
  s.id = t["id"].value_or(std::string());
  s.kind = t["kind"].value_or(std::string());
  s.table = std::make_shared<const toml::table>(t);
  s.at = {static_cast<int>(t.source().begin.line), static_cast<int>(t.source().begin.column)};
  auto position = [](const toml::node& n) {
    return Location{static_cast<int>(n.source().begin.line), static_cast<int>(n.source().begin.column)};
  };
  for (const auto& [k, v] : t) {
    s.keys.at[std::string(k.str())] = position(v);
    if (const toml::table* inner = v.as_table())
      for (const auto& [ik, iv] : *inner) s.keys.at[std::string(k.str()) + "." + std::string(ik.str())] = position(iv);
  }
  return s;
}

std::vector<StepSpec> read_steps(const toml::table& root, const std::string& section) {
  std::vector<StepSpec> out;
  if (const toml::array* a = root[section].as_array())
    for (const auto& node : *a) out.push_back(read_step(section, *node.as_table()));
  return out;
}

template <typename T>
std::optional<T> opt(const toml::table& t, const char* key) {
  return t[key].value<T>();
}

GridSpec read_grid(const toml::table& g) {
  GridSpec grid;
  grid.crs = opt<std::string>(g, "crs");
  grid.cell_size = g["cell_size"].value_or(0.0);
  if (const toml::array* c = g["cell_size"].as_array(); c && c->size() == 2) {  // [dx, dy]
    grid.cell_size = c->get(0)->value_or(0.0);
    grid.cell_size_y = c->get(1)->value_or(0.0);
  }
  if (const toml::array* b = g["bbox"].as_array())
    grid.bbox = std::array<double, 4>{b->get(0)->value_or(0.0), b->get(1)->value_or(0.0), b->get(2)->value_or(0.0),
                                      b->get(3)->value_or(0.0)};
  grid.bbox_crs = g["bbox_crs"].value_or(grid.bbox_crs);
  grid.extent_layer = opt<std::string>(g, "extent_layer");
  grid.buffer = g["buffer"].value_or(grid.buffer);
  grid.mask = opt<std::string>(g, "mask");
  grid.align_to = opt<std::string>(g, "align");
  if (const toml::array* a = g["align"].as_array(); a && a->size() == 2)
    grid.align_point = std::array<double, 2>{a->get(0)->value_or(0.0), a->get(1)->value_or(0.0)};
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
  l.band = static_cast<int>(t["band"].value_or(std::int64_t{l.band}));
  l.resampling = t["resampling"].value_or(l.resampling);
  l.nodata = opt<double>(t, "nodata");
  l.at = {static_cast<int>(t.source().begin.line), static_cast<int>(t.source().begin.column)};
  return l;
}

// ", e.g. dir/project.toml" naming the .toml files in `dir` (at most three), or "".
std::string toml_files_in(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".toml") names.push_back((dir / it->path().filename()).string());
  std::sort(names.begin(), names.end());
  if (names.empty()) return "";
  std::string out = names.size() == 1 ? ", e.g. " : ", one of ";
  for (std::size_t i = 0; i < names.size() && i < 3; ++i) out += (i ? ", " : "") + names[i];
  return out;
}

}  // namespace

Project parse_project(const std::string& text, const std::string& file, const fs::path& dir) {
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    throw ProjectError(
        {{file, static_cast<int>(b.line), static_cast<int>(b.column), "",
          "TOML syntax error: " + std::string(e.description()), "fix the syntax (see docs/project-file.md)"}});
  }
  std::vector<Diagnostic> problems;
  expand_presets(root, file, problems);
  std::vector<Diagnostic> more = validate(root, file, dir);
  problems.insert(problems.end(), more.begin(), more.end());
  if (!problems.empty()) throw ProjectError(std::move(problems));

  Project p;
  p.file = file;
  p.dir = dir;
  const toml::table* meta = root["project"].as_table();
  p.name = meta ? (*meta)["name"].value_or(fs::path(file).stem().string()) : fs::path(file).stem().string();
  p.description = meta ? (*meta)["description"].value_or(std::string()) : std::string();
  const std::string output = default_of<std::string>("project", "output").value();
  p.output_dir = dir / (meta ? (*meta)["output"].value_or(output) : output);
  p.grid = read_grid(*root["grid"].as_table());
  for (const auto& node : *root["layers"].as_array()) p.layers.push_back(read_layer(*node.as_table(), dir));
  if (toml::array* layers = root["layers"].as_array())
    for (auto& node : *layers)
      if (toml::table* t = node.as_table(); t && (*t)["path"].is_string())
        t->insert_or_assign("path", resolve_path((*t)["path"].value_or(std::string()), dir));
  p.resolved = std::make_shared<const toml::table>(root);
  p.evidence = read_steps(root, "evidence");
  p.models = read_steps(root, "models");
  p.criteria = read_steps(root, "criteria");
  p.exclusions = read_steps(root, "exclusions");
  if (const toml::table* t = root["sites"].as_table()) p.sites = read_step("sites", *t);
  if (const toml::table* t = root["outputs"].as_table()) p.outputs = read_step("outputs", *t);
  if (const toml::table* t = root["map"].as_table()) p.map = read_step("map", *t);
  if (const toml::table* t = root["viewer"].as_table()) p.viewer = read_step("viewer", *t);
  if (const toml::table* t = root["report"].as_table()) p.report = read_step("report", *t);
  return p;
}

Project load_project(const fs::path& file) {
  std::error_code ec;
  if (fs::is_directory(file, ec))  // an ifstream opens a directory and reads nothing from it
    throw ProjectError({{file.string(), 0, 0, "", "is a directory, not a project file",
                         "give the project's .toml file" + toml_files_in(file)}});
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw ProjectError({{file.string(), 0, 0, "", "cannot read the project file",
                         "check the path; create one from geodata/pakistan/project.toml"}});
  // Read at most one byte past the limit: /dev/zero or a huge file by mistake stops at once.
  std::string text;
  char chunk[1 << 16];
  while (text.size() <= max_project_file_bytes && in.read(chunk, sizeof chunk).gcount() > 0)
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
  if (text.size() > max_project_file_bytes)
    throw ProjectError({{file.string(), 0, 0, "",
                         "the project file is larger than " + std::to_string(max_project_file_bytes >> 20) +
                             " MiB (is it the right file?)",
                         "give the project's .toml file; layers belong in their own files, referenced by path"}});
  fs::path dir = fs::absolute(file).parent_path();
  return parse_project(text, file.string(), dir);
}

}  // namespace oremap::project
