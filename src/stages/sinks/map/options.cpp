#include "stages/sinks/map/options.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/error.hpp"
#include "stages/sinks/map/layout.hpp"

namespace oremap::sinks::map {

namespace {

const std::vector<std::pair<std::string, InfraClass>>& class_table() {
  static const std::vector<std::pair<std::string, InfraClass>> table = {
      {"motorway", InfraClass::motorway}, {"road", InfraClass::road},         {"railway", InfraClass::railway},
      {"power", InfraClass::power},       {"pipeline", InfraClass::pipeline}, {"port", InfraClass::port},
      {"airport", InfraClass::airport},   {"town", InfraClass::town},         {"other", InfraClass::other}};
  return table;
}

// Collects problems located at a key of [map] (or at the table when the key is absent).
class Problems {
 public:
  explicit Problems(const project::Project& p) : project_(p) {}

  void add(const std::string& key, const std::string& message, const std::string& fix) {
    // The value's own position, else the [map] table's.
    const project::Location at = project_.map ? project_.map->at_key(key) : project::Location{};
    out_.push_back({project_.file.string(), at.line, at.column, "map." + key, message, fix});
  }
  void throw_if_any() const {
    if (!out_.empty()) throw ProjectError(out_);
  }

 private:
  const project::Project& project_;
  std::vector<Diagnostic> out_;
};

// Each id must be a vector layer (the schema has already checked it is a layer).
void require_vectors(const project::Project& p, const std::vector<std::string>& ids, const std::string& key,
                     Problems& problems) {
  for (const auto& id : ids) {
    const project::LayerSpec* layer = p.find_layer(id);
    if (!layer)
      problems.add(key, "unknown layer '" + id + "'", "list ids declared in [[layers]]");
    else if (layer->type != "vector")
      problems.add(key, "'" + id + "' is a raster layer; only vector layers can be drawn here",
                   "list vector layers; a DEM goes in map.dem");
  }
}

std::string percent(double v) { return std::to_string(static_cast<int>(v * 100 + 0.5)) + " %"; }

// The hatched layers: map.exclusions if given, else every [[exclusions]] layer; each takes the
// buffer and penalty of the [[exclusions]] entries that use it.
std::vector<HatchedLayer> hatched_layers(const project::Project& p, const std::vector<std::string>& listed,
                                         bool given) {
  std::vector<std::string> ids = listed;
  if (!given)
    for (const auto& e : p.exclusions)
      if (std::find(ids.begin(), ids.end(), e.str("layer")) == ids.end()) ids.push_back(e.str("layer"));
  std::vector<HatchedLayer> out;
  for (const auto& id : ids) {
    HatchedLayer h{id, id, 0, false};
    for (const auto& e : p.exclusions) {
      if (e.str("layer") != id) continue;
      h.label = e.id;
      h.buffer = std::max(h.buffer, e.num("distance"));
      h.soft = e.has("penalty");
      if (h.soft) h.label += " (penalty " + percent(e.num("penalty")) + ")";
    }
    if (h.buffer > 0) h.label += " + " + distance_label(h.buffer);
    out.push_back(h);
  }
  return out;
}

// map.deposits = { copper = "porphyry_cu" }: a known commodity and a vector layer each.
void read_deposits(const project::Project& p, const project::StepSpec& m, MapOptions& o, Problems& problems) {
  const toml::table* t = (*m.table)["deposits"].as_table();
  if (!t) return;
  static const std::vector<std::string> commodities = {"copper", "gold", "ree"};
  for (const auto& [key, value] : *t) {
    const std::string commodity(key.str()), id = value.value_or(std::string());
    const std::string at = "deposits." + commodity;
    const project::LayerSpec* layer = p.find_layer(id);
    if (std::find(commodities.begin(), commodities.end(), commodity) == commodities.end())
      problems.add(at, "unknown commodity '" + commodity + "'", "use copper, gold or ree");
    else if (!layer)
      problems.add(at, "unknown layer '" + id + "'", "name a point layer of known deposits declared in [[layers]]");
    else if (layer->type != "vector")
      problems.add(at, "'" + id + "' is a raster layer; known deposits are drawn from a vector layer",
                   "name a point layer of known deposits");
    else
      o.deposits.emplace_back(commodity, id);
  }
}

}  // namespace

std::string MapOptions::deposits_of(const std::string& commodity) const {
  for (const auto& [c, layer] : deposits)
    if (c == commodity) return layer;
  return "";
}

std::optional<InfraClass> infra_class_from_name(const std::string& name) {
  for (const auto& [n, c] : class_table())
    if (n == name) return c;
  return std::nullopt;
}

const char* infra_class_name(InfraClass c) {
  for (const auto& [n, k] : class_table())
    if (k == c) return n.c_str();
  return "other";
}

const std::vector<std::string>& infra_class_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& [n, c] : class_table()) v.push_back(n);
    return v;
  }();
  return names;
}

MapOptions read_map_options(const project::Project& p) {
  MapOptions o;
  Problems problems(p);
  const project::StepSpec m = p.table_or_defaults("map");
  o.width = static_cast<int>(m.num("width"));
  if (m.has("height")) o.height = static_cast<int>(m.num("height"));
  o.dpi = m.num("dpi");
  o.formats = m.strs("formats");
  o.title = m.str("title");
  o.top_n = static_cast<int>(m.num("top_n"));
  o.town_labels = static_cast<int>(m.num("town_labels"));
  o.boundaries = m.strs("boundaries");
  o.infrastructure = m.strs("infrastructure");
  if (m.has("dem")) o.dem = m.str("dem");
  o.hillshade = m.num("hillshade");
  o.attribution = m.str("attribution");
  if (m.has("range")) {
    auto r = m.nums("range");
    if (r.size() == 2 && r[0] < r[1])
      o.range = std::array<double, 2>{r[0], r[1]};
    else
      problems.add("range", "needs two numbers [min, max] with min < max", "e.g. range = [0, 1]");
  }
  if (const toml::table* t = (*m.table)["infrastructure_classes"].as_table())
    for (const auto& [layer, value] : *t) {
      const std::string id(layer.str()), name = value.value_or(std::string());
      auto c = infra_class_from_name(name);
      if (!c)
        problems.add("infrastructure_classes", "unknown class '" + name + "' for layer '" + id + "'",
                     "use one of: motorway, road, railway, power, pipeline, port, airport, town, other");
      else if (std::find(o.infrastructure.begin(), o.infrastructure.end(), id) == o.infrastructure.end())
        problems.add("infrastructure_classes", "'" + id + "' is not listed in map.infrastructure",
                     "add it to map.infrastructure or remove it here");
      else
        o.infrastructure_classes.emplace_back(id, *c);
    }
  o.rank_intervals = m.flag("rank_intervals");
  read_deposits(p, m, o, problems);
  if (o.formats.empty()) problems.add("formats", "no output format", "list at least one of \"png\", \"svg\", \"pdf\"");
  require_vectors(p, o.boundaries, "boundaries", problems);
  require_vectors(p, o.infrastructure, "infrastructure", problems);
  const bool given = m.has("exclusions");
  o.exclusions = hatched_layers(p, given ? m.strs("exclusions") : std::vector<std::string>{}, given);
  if (given) require_vectors(p, m.strs("exclusions"), "exclusions", problems);
  problems.throw_if_any();
  return o;
}

std::string commodity_label(const std::string& commodity) {
  if (commodity == "ree") return "REE";
  std::string cap = commodity;
  if (!cap.empty()) cap[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(cap[0])));
  return cap;
}

std::string map_title(const MapOptions& o, const std::string& commodity) {
  const std::string cap = commodity_label(commodity);
  std::string title = o.title.empty() ? cap + " prospectivity and ranked sites" : o.title;
  for (std::size_t at = title.find("{commodity}"); at != std::string::npos; at = title.find("{commodity}", at)) {
    title.replace(at, 11, cap);
    at += cap.size();
  }
  return title;
}

}  // namespace oremap::sinks::map
