#include "project/validator.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "gdal/handles.hpp"
#include "project/schema.hpp"
#include "project/suggest.hpp"

namespace oremap::project {

namespace fs = std::filesystem;

std::string layer_type_from_path(const std::string& path) {
  static const std::set<std::string> raster_ext = {".tif", ".tiff", ".vrt", ".img", ".asc", ".nc",
                                                   ".jp2", ".grd",  ".dem", ".bil", ".hgt", ".ers"};
  if (path.rfind("PG:", 0) == 0) return "vector";
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return raster_ext.count(ext) ? "raster" : "vector";
}

static bool is_connection_string(const std::string& p) {
  return p.rfind("PG:", 0) == 0 || p.rfind("/vsi", 0) == 0 || p.find("://") != std::string::npos;
}

std::string resolve_path(const std::string& path, const fs::path& dir) {
  if (is_connection_string(path) || fs::path(path).is_absolute()) return path;
  return (dir / path).lexically_normal().string();
}

namespace {

struct Declared {
  std::string section;  // layers / evidence / models
  std::string type;     // raster / vector for layers, "raster" for steps
  toml::source_region where;
  std::string path;  // e.g. layers[3]
};

struct PendingRef {
  const Key* key;
  std::string value;
  std::string path;
  toml::source_region where;
};

class Validator {
 public:
  Validator(const toml::table& root, std::string file, fs::path dir)
      : root_(root), file_(std::move(file)), dir_(std::move(dir)) {}

  std::vector<Diagnostic> run() {
    check_sections();
    for (const auto& ref : refs_) check_ref(ref);
    check_grid();
    check_steps();
    check_outputs();
    std::stable_sort(out_.begin(), out_.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    return std::move(out_);
  }

 private:
  void add(const toml::source_region& where, const std::string& key, const std::string& message,
           const std::string& fix) {
    out_.push_back(
        {file_, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column), key, message, fix});
  }

  void check_sections() {
    std::vector<std::string> names;
    for (const auto& s : project_schema()) names.push_back(s.name);
    for (const auto& [k, node] : root_) {
      std::string name(k.str());
      const Section* s = find_section(name);
      if (!s) {
        add(k.source(), name, "unknown section" + did_you_mean(name, names),
            "see docs/project-file.md for the sections oremap reads");
        continue;
      }
      if (s->array) {
        const toml::array* arr = node.as_array();
        if (!arr || !arr->is_array_of_tables()) {
          add(node.source(), name, "expected an array of tables", "write each entry as [[" + name + "]]");
          continue;
        }
        for (std::size_t i = 0; i < arr->size(); ++i)
          check_table(*s, *arr->get(i)->as_table(), name + "[" + std::to_string(i) + "]");
      } else if (const toml::table* t = node.as_table()) {
        check_table(*s, *t, name);
      } else {
        add(node.source(), name, "expected a table", "write it as [" + name + "]");
      }
    }
    for (const auto& s : project_schema())
      if (s.required && !root_.contains(s.name))
        add(root_.source(), s.name, "missing required section",
            std::string("add a ") + (s.array ? "[[" + s.name + "]]" : "[" + s.name + "]") + " table");
  }

  std::vector<const Key*> keys_for(const Section& s, const toml::table& t, const std::string& path) {
    std::vector<const Key*> keys;
    for (const auto& k : s.keys) keys.push_back(&k);
    if (s.kinds.empty()) return keys;
    const toml::node* kind = t.get("kind");
    std::vector<std::string> kinds;
    for (const auto& [name, _] : s.kinds) kinds.push_back(name);
    std::string list;
    for (const auto& k : kinds) list += (list.empty() ? "" : ", ") + k;
    if (!kind || !kind->is_string()) {
      add(kind ? kind->source() : t.source(), path + ".kind",
          kind ? "expected a string" : "missing required key 'kind'", "set kind to one of: " + list);
      return keys;
    }
    std::string value = kind->as_string()->get();
    auto it = s.kinds.find(value);
    if (it == s.kinds.end()) {
      add(kind->source(), path + ".kind", "unknown kind '" + value + "'" + did_you_mean(value, kinds),
          "use one of: " + list);
      return keys;
    }
    for (const auto& k : it->second) keys.push_back(&k);
    return keys;
  }

  void check_table(const Section& s, const toml::table& t, const std::string& path) {
    std::vector<const Key*> keys = keys_for(s, t, path);
    std::vector<std::string> names;
    for (const Key* k : keys) names.push_back(k->name);
    if (!s.kinds.empty()) names.push_back("kind");
    for (const auto& [k, node] : t) {
      std::string name(k.str());
      if (name == "kind" && !s.kinds.empty()) continue;
      auto it = std::find_if(keys.begin(), keys.end(), [&](const Key* key) { return key->name == name; });
      if (it == keys.end()) {
        add(k.source(), path + "." + name, "unknown key" + did_you_mean(name, names),
            "remove it or use one of: " + join(names));
        continue;
      }
      check_value(**it, node, path + "." + name);
    }
    for (const Key* k : keys)
      if (k->required && !t.contains(k->name))
        add(t.source(), path, "missing required key '" + k->name + "'", "add " + k->name + " = ... (" + k->help + ")");
    if (const toml::node* id = t.get("id"); id && id->is_string())
      declare(s, t, id->as_string()->get(), id->source(), path);
  }

  static std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
  }

  void declare(const Section& s, const toml::table& t, const std::string& id, const toml::source_region& where,
               const std::string& path) {
    auto it = ids_.find(id);
    if (it != ids_.end()) {
      // Sections are visited in key order, not file order: report at the later declaration.
      const bool earlier_here = where.begin.line < it->second.where.begin.line;
      const toml::source_region& first = earlier_here ? where : it->second.where;
      add(earlier_here ? it->second.where : where, (earlier_here ? it->second.path : path) + ".id",
          "duplicate id '" + id + "' (first declared at " + file_ + ":" + std::to_string(first.begin.line) + ")",
          "give every layer and step a unique id");
      return;
    }
    std::string type = (s.name == "evidence" || s.name == "models") ? "raster" : s.name;
    if (s.name == "layers") {
      const toml::node* ty = t.get("type");
      const toml::node* p = t.get("path");
      if (ty && ty->is_string())
        type = ty->as_string()->get();
      else
        type = p && p->is_string() ? layer_type_from_path(p->as_string()->get()) : "vector";
    }
    ids_[id] = {s.name, type, where, path};
  }

  void check_value(const Key& key, const toml::node& node, const std::string& path) {
    if (!type_matches(key, node)) {
      add(node.source(), path, std::string("expected ") + type_name(key.type) + ", got " + describe(node),
          "write e.g. " + key.name + " = " + example(key));
      return;
    }
    if (key.type == Type::number || key.type == Type::integer ||
        (node.is_number() && key.type == Type::number_or_numbers))
      check_range(key, as_double(node), node, path);
    // string_or_numbers, number_or_numbers: checked as the one it is.
    const bool either = key.type == Type::string_or_numbers || key.type == Type::number_or_numbers;
    if (key.type == Type::number_list || (either && node.is_array())) {
      const auto& arr = *node.as_array();
      if (key.length && arr.size() != key.length)
        add(node.source(), path,
            "expected " + std::to_string(key.length) + " numbers, got " + std::to_string(arr.size()),
            "write e.g. " + key.name + " = " + example(key));
      for (const auto& v : arr) check_range(key, as_double(v), v, path);
    }
    if (key.type == Type::number_rows)
      for (const auto& row : *node.as_array()) {
        if (key.length && row.as_array()->size() != key.length)
          add(row.source(), path,
              "each entry needs " + std::to_string(key.length) + " numbers, got " +
                  std::to_string(row.as_array()->size()),
              "write e.g. " + key.name + " = " + example(key));
      }
    if (key.type == Type::string || (either && node.is_string())) {
      std::string v = node.as_string()->get();
      check_choice(key, v, node, path);
      // Ids become output file names. Ids a preset generates have no position and derive from a
      // checked model id.
      if (key.name == "id" && node.source().begin.line > 0 && !is_safe_name(v))
        add(node.source(), path, "'" + v + "' is not a valid id: ids become output file names",
            std::string("use ") + kNameRule + ", e.g. \"copper_weighted\"");
      if (key.ref != Ref::none) refs_.push_back({&key, v, path, node.source()});
    }
    if (key.type == Type::string_list)
      for (const auto& v : *node.as_array()) {
        check_choice(key, v.as_string()->get(), v, path);
        if (key.ref != Ref::none) refs_.push_back({&key, v.as_string()->get(), path, v.source()});
      }
  }

  void check_choice(const Key& key, const std::string& v, const toml::node& node, const std::string& path) {
    if (key.choices.empty() || std::find(key.choices.begin(), key.choices.end(), v) != key.choices.end()) return;
    add(node.source(), path, "unknown value '" + v + "'" + did_you_mean(v, key.choices),
        "use one of: " + join(key.choices));
  }

  // A number node as a double; integers too large for one exactly are rounded, not refused
  // (toml++'s value<double>() gives up on them).
  static double as_double(const toml::node& node) {
    if (const auto* i = node.as_integer()) return static_cast<double>(i->get());
    return node.value<double>().value_or(std::nan(""));
  }

  void check_range(const Key& key, double v, const toml::node& node, const std::string& path) {
    std::ostringstream got;
    got.precision(15);  // 1000001, not 1e+06
    got << v;
    if (!std::isfinite(v)) {
      add(node.source(), path, "must be a finite number (got " + got.str() + ")", "give a finite value");
    } else if (key.min && (key.min_exclusive ? v <= *key.min : v < *key.min)) {
      std::ostringstream lim;
      lim.precision(15);
      lim << *key.min;
      add(node.source(), path,
          std::string("must be ") + (key.min_exclusive ? "> " : ">= ") + lim.str() + " (got " + got.str() + ")",
          key.help);
    } else if (key.max && v > *key.max) {
      std::ostringstream lim;
      lim.precision(15);
      lim << *key.max;
      add(node.source(), path, "must be <= " + lim.str() + " (got " + got.str() + ")", key.help);
    }
  }

  static bool type_matches(const Key& key, const toml::node& node) {
    switch (key.type) {
      case Type::string:
        return node.is_string();
      case Type::integer:
        return node.is_integer();
      case Type::number:
        return node.is_number();
      case Type::boolean:
        return node.is_boolean();
      case Type::table:
        return node.is_table();
      case Type::string_list: {
        const toml::array* a = node.as_array();
        return a && std::all_of(a->begin(), a->end(), [](const toml::node& n) { return n.is_string(); });
      }
      case Type::number_list: {
        const toml::array* a = node.as_array();
        return a && std::all_of(a->begin(), a->end(), [](const toml::node& n) { return n.is_number(); });
      }
      case Type::number_rows: {
        const toml::array* a = node.as_array();
        return a && std::all_of(a->begin(), a->end(), [](const toml::node& row) {
                 const toml::array* r = row.as_array();
                 return r && std::all_of(r->begin(), r->end(), [](const toml::node& n) { return n.is_number(); });
               });
      }
      case Type::string_table: {
        const toml::table* t = node.as_table();
        return t && std::all_of(t->begin(), t->end(), [](const auto& kv) { return kv.second.is_string(); });
      }
      case Type::string_or_numbers:
      case Type::number_or_numbers: {
        const toml::array* a = node.as_array();
        return (key.type == Type::string_or_numbers ? node.is_string() : node.is_number()) ||
               (a && std::all_of(a->begin(), a->end(), [](const toml::node& n) { return n.is_number(); }));
      }
    }
    return false;
  }

  static std::string describe(const toml::node& n) {
    if (n.is_string()) return "a string";
    if (n.is_integer()) return "an integer";
    if (n.is_floating_point()) return "a number";
    if (n.is_boolean()) return "a boolean";
    if (n.is_array()) return "an array";
    if (n.is_table()) return "a table";
    return "a date/time";
  }

  static std::string example(const Key& key) {
    switch (key.type) {
      case Type::string:
        return key.choices.empty() ? "\"...\"" : "\"" + key.choices.front() + "\"";
      case Type::integer:
        return "1";
      case Type::number:
        return "1000";
      case Type::boolean:
        return "true";
      case Type::string_list:
        return "[\"a\", \"b\"]";
      case Type::number_list:
        return key.length == 4 ? "[60.5, 23.5, 77.5, 37.5]" : "[1, 2]";
      case Type::number_rows:
        return key.length == 3 ? "[[0, 1000, 1.0], [1000, 5000, 0.5]]" : "[[1, 0.9], [2, 0.3]]";
      case Type::string_table:
        return "{ copper = \"cu_listed = 1\" }";
      case Type::table:
        return "{ ... }";
      case Type::string_or_numbers:
        return key.length == 2 ? "\"cell\" or [200010, 3000020]" : "\"...\" or [1, 2]";
      case Type::number_or_numbers:
        return "30 or [30, 20]";
    }
    return "...";
  }

  std::vector<std::string> ids_of(const std::string& section, const std::string& type = "") const {
    std::vector<std::string> out;
    for (const auto& [id, d] : ids_)
      if ((section.empty() || d.section == section) && (type.empty() || d.type == type)) out.push_back(id);
    return out;
  }

  void check_ref(const PendingRef& r) {
    switch (r.key->ref) {
      case Ref::layer:
        return check_id(r, ids_of("layers"), "declare it as a [[layers]] id");
      case Ref::step:
        return check_id(r, ids_of(""), "declare it as a [[layers]], [[evidence]] or [[models]] id");
      case Ref::raster:
        return check_id(r, ids_of("", "raster"), "refer to a raster layer, an evidence step or a model");
      case Ref::path:
        return check_path(r);
      case Ref::crs:
        return check_crs(r);
      case Ref::directory:
        return check_output_folder(r);
      case Ref::none:
        return;
    }
  }

  // The output folder gets a staging folder and a lock, and a `run` replaces the set it holds:
  // it must be a folder of its own, not the project's folder itself.
  void check_output_folder(const PendingRef& r) {
    const fs::path folder = fs::path(resolve_path(r.value, dir_)).lexically_normal();
    if (r.value.empty() || folder == dir_.lexically_normal() || folder == (dir_ / "").lexically_normal())
      add(r.where, r.path, "'" + r.value + "' is the project's own folder",
          "name a folder of its own for the results, e.g. \"output\"");
  }

  void check_id(const PendingRef& r, const std::vector<std::string>& allowed, const std::string& fix) {
    if (std::find(allowed.begin(), allowed.end(), r.value) != allowed.end()) return;
    auto any = ids_.find(r.value);
    if (any != ids_.end()) {
      add(r.where, r.path,
          "'" + r.value + "' is a " + any->second.type + " " + any->second.section + " entry, not usable here", fix);
      return;
    }
    add(r.where, r.path, "unknown id '" + r.value + "'" + did_you_mean(r.value, allowed), fix);
  }

  void check_path(const PendingRef& r) {
    if (is_connection_string(r.value)) return;
    std::string p = resolve_path(r.value, dir_);
    std::error_code error;  // a name too long for the file system is a problem to report, not a crash
    if (fs::exists(p, error)) return;
    if (error)
      add(r.where, r.path, "cannot check " + p + ": " + error.message(), "shorten or correct the path");
    else
      add(r.where, r.path, "file not found: " + p,
          "check the spelling; relative paths resolve from the project file's folder (" + dir_.string() + ")");
  }

  void check_crs(const PendingRef& r) {
    try {
      gdal::parse_crs(r.value, r.path);
    } catch (const Error&) {
      add(r.where, r.path, "unknown CRS '" + r.value + "'",
          "use an EPSG code such as \"EPSG:32642\", a PROJ string or WKT");
    }
  }

  // Rules that involve several keys of one step, and the order of steps.
  void check_steps() {
    std::map<std::string, std::size_t> order;  // id -> position among evidence then models
    std::size_t position = 0;
    for (const char* section : {"evidence", "models"}) {
      const toml::array* steps = root_[section].as_array();
      if (!steps) continue;
      for (std::size_t i = 0; i < steps->size(); ++i) {
        const toml::table* t = steps->get(i)->as_table();
        if (!t) continue;
        const std::string path = std::string(section) + "[" + std::to_string(i) + "]";
        check_step_keys(section, *t, path);
        auto refs = step_inputs(*t);
        for (const auto& [id, node] : refs) {
          auto it = ids_.find(id);
          if (it == ids_.end() || it->second.section == "layers") continue;
          auto before = order.find(id);
          if (before == order.end())
            add(node->source(), path, "'" + id + "' is declared after this step (or is this step)",
                "move the step that defines '" + id + "' above this one");
        }
        if (const toml::node* id = t->get("id"); id && id->is_string()) order[id->as_string()->get()] = position++;
      }
    }
  }

  static std::vector<std::pair<std::string, const toml::node*>> step_inputs(const toml::table& t) {
    std::vector<std::pair<std::string, const toml::node*>> out;
    if (const toml::node* n = t.get("input"); n && n->is_string()) out.emplace_back(n->as_string()->get(), n);
    for (const char* key : {"inputs", "constraints"})
      if (const toml::array* a = t[key].as_array())
        for (const auto& n : *a)
          if (n.is_string()) out.emplace_back(n.as_string()->get(), &n);
    return out;
  }

  void require_keys(const toml::table& t, const std::string& path, const std::string& why,
                    std::initializer_list<const char*> keys) {
    for (const char* k : keys)
      if (!t.contains(k)) add(t.source(), path, why + " needs '" + k + "'", std::string("add ") + k + " = ...");
  }

  // A random forest averages its trees, each on a random share of the rows and inputs.
  void check_forest_keys(const toml::table& t, const std::string& path) {
    if (t["mode"].value_or(std::string()) != "random_forest") return;
    if (const toml::node* rate = t.get("learning_rate"))
      add(rate->source(), path + ".learning_rate",
          "a random forest averages its trees: learning_rate applies to mode = \"boosting\" only",
          "remove learning_rate, or set mode = \"boosting\"");
    if (t["subsample"].value_or(0.8) >= 1 && t["column_sample"].value_or(0.8) >= 1)
      add(t.source(), path, "a random forest with subsample = 1 and column_sample = 1 grows the same tree every time",
          "set subsample or column_sample below 1 (0.8 by default)");
  }

  void check_step_keys(const std::string& section, const toml::table& t, const std::string& path) {
    const std::string kind = t["kind"].value_or(std::string());
    const std::size_t inputs = t["inputs"].as_array() ? t["inputs"].as_array()->size() : 0;
    if (section == "evidence" && kind == "fuzzy") {
      const std::string fn = t["function"].value_or(std::string());
      if (fn == "linear") require_keys(t, path, "function linear", {"min", "max"});
      if (fn == "power") require_keys(t, path, "function power", {"min", "max", "exponent"});
      if (fn == "gaussian" || fn == "near" || fn == "large" || fn == "small")
        require_keys(t, path, "function " + fn, {"midpoint"});
    }
    if (section == "evidence" && kind == "reclassify" && t.contains("ranges") == t.contains("classes"))
      add(t.source(), path, "reclassify needs exactly one of 'ranges' and 'classes'",
          "give ranges = [[from, to, value], ...] or classes = [[class, value], ...]");
    if (section == "models" && kind == "boosted_trees") check_forest_keys(t, path);
    for (const char* key : {"weights", "types"})
      if (section == "models" && t[key].as_array() && t[key].as_array()->size() != inputs)
        add(t[key].node()->source(), path + "." + key,
            std::to_string(t[key].as_array()->size()) + " " + key + " for " + std::to_string(inputs) + " inputs",
            std::string("give one entry per input, in the same order"));
  }

  void check_outputs() {
    const toml::table* o = root_["outputs"].as_table();
    if (!o) return;
    const toml::node* level = o->get("compression_level");
    const std::int64_t* value = level && level->as_integer() ? &level->as_integer()->get() : nullptr;
    if (!value) return;
    const std::string codec = (*o)["compression"].value_or(default_of<std::string>("outputs", "compression").value());
    if (codec == "lzw" || codec == "none")
      add(level->source(), "outputs.compression_level", codec + " has no compression level",
          "remove compression_level, or choose compression = \"zstd\" or \"deflate\"");
    else if (codec == "deflate" && *value > 12)
      add(level->source(), "outputs.compression_level",
          "deflate levels run from 1 to 12 (got " + std::to_string(*value) + ")",
          "use 1-12, or compression = \"zstd\" for levels up to 22");
  }

  // Coordinates PROJ cannot place (1e308, a latitude of 300) are refused here, naming bbox,
  // rather than failing later in a transformation error that does not.
  void check_bbox_range(const toml::table& g, const toml::array& b) {
    const std::string crs_text = g["bbox_crs"].value_or(default_of<std::string>("grid", "bbox_crs").value());
    OGRSpatialReference srs;
    try {
      srs = gdal::parse_crs(crs_text, "grid.bbox_crs");
    } catch (const Error&) {
      return;  // reported by check_crs
    }
    const bool degrees = srs.IsGeographic();
    const double metres = degrees ? 1 : srs.GetLinearUnits();
    for (std::size_t i = 0; i < 4; ++i) {
      const toml::node* n = b.get(i);
      if (!n->is_number()) continue;  // reported by check_value
      const double v = as_double(*n);
      const bool x = i % 2 == 0;
      std::ostringstream got;
      got.precision(15);
      got << v;
      if (degrees && std::fabs(v) > (x ? 180 : 90))
        add(n->source(), "grid.bbox",
            std::string(x ? "longitude " : "latitude ") + got.str() + " is outside " + (x ? "-180..180" : "-90..90") +
                " degrees (bbox_crs " + crs_text + " is geographic)",
            "give bbox as [lon min, lat min, lon max, lat max] in degrees, or set bbox_crs to the CRS of your "
            "coordinates");
      else if (!degrees && !(std::fabs(v) * metres <= 1e8))
        add(n->source(), "grid.bbox",
            got.str() + " is beyond 100,000 km from the origin of bbox_crs " + crs_text + ": not a place on Earth",
            "give bbox in the units of bbox_crs, or set bbox_crs to the CRS of your coordinates");
    }
  }

  void check_grid() {
    const toml::table* g = root_["grid"].as_table();
    if (!g) return;
    bool bbox = g->contains("bbox"), layer = g->contains("extent_layer");
    if (bbox == layer)
      add(g->source(), "grid",
          bbox ? "both bbox and extent_layer are set" : "no extent: neither bbox nor extent_layer is set",
          "give exactly one: bbox = [xmin, ymin, xmax, ymax] or extent_layer = \"<layer id>\"");
    if (const toml::array* b = (*g)["bbox"].as_array(); b && b->size() == 4) {
      auto v = [&](std::size_t i) { return b->get(i)->value<double>().value_or(0); };
      if (v(0) >= v(2) || v(1) >= v(3))
        add(b->source(), "grid.bbox", "xmin must be < xmax and ymin < ymax", "order it as [xmin, ymin, xmax, ymax]");
      check_bbox_range(*g, *b);
    }
    if (const toml::node* align = g->get("align"); align && align->is_string() && align->as_string()->get() != "cell")
      check_id({nullptr, align->as_string()->get(), "grid.align", align->source()}, ids_of("layers", "raster"),
               "give \"cell\", a point [x0, y0] or the id of a raster layer");
    if (const toml::node* crs = g->get("crs"); crs && crs->is_string()) {
      try {
        OGRSpatialReference srs = gdal::parse_crs(crs->as_string()->get(), "grid.crs");
        if (srs.IsGeographic())
          add(crs->source(), "grid.crs",
              "'" + crs->as_string()->get() + "' is geographic: cell sizes and distances would be in degrees",
              "use a projected CRS in metres, e.g. the UTM zone of the area (\"EPSG:326zz\" north, \"EPSG:327zz\" "
              "south), or omit crs to let oremap pick the UTM zone");
        else if (!srs.IsProjected())
          add(crs->source(), "grid.crs", "'" + crs->as_string()->get() + "' is not a projected CRS",
              "use a projected CRS in metres such as a UTM zone");
      } catch (const Error&) {
        // already reported by check_crs
      }
    }
  }

  const toml::table& root_;
  std::string file_;
  fs::path dir_;
  std::vector<Diagnostic> out_;
  std::vector<PendingRef> refs_;
  std::map<std::string, Declared> ids_;
};

}  // namespace

std::vector<Diagnostic> validate(const toml::table& root, const std::string& file, const fs::path& dir) {
  return Validator(root, file, dir).run();
}

}  // namespace oremap::project
