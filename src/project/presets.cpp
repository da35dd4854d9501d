#include "project/presets.hpp"

#include <sstream>

#include "project/suggest.hpp"

namespace oremap::project {

const std::vector<Preset>& presets() {
  // Distances are transformed with the fuzzy "small" membership 1/(1+(d/m)^s): 1 on the
  // feature, 0.5 at the midpoint m. Weights are relative; roles left out are dropped and the
  // remaining weights renormalised.
  static const std::vector<Preset> all = {
      {"porphyry-cu",
       "copper",
       "Porphyry Cu(-Au-Mo): magmatic arcs are the permissive tract; arc-parallel and transverse faults "
       "focus intrusions; regional gravity highs mark dense arc crust and intrusive centres.",
       "Sillitoe (2010) Porphyry copper systems, Econ. Geol. 105; Carranza (2009) Geochemical anomaly and "
       "mineral prospectivity mapping in GIS, Elsevier; Singer, Berger & Moring (2008) USGS OF 2008-1155",
       {{"arcs", "volcanic-arc / permissive-tract polygons", 20000, 3, 0.5},
        {"faults", "fault traces (fold axes removed)", 30000, 2, 0.3},
        {"intrusions", "mapped intrusions or gravity/magnetic highs as polygons", 10000, 2, 0.2}}},
      {"orogenic-au",
       "gold",
       "Orogenic gold: crustal-scale shear zones and sutures channel metamorphic fluids; second-order "
       "faults host the deposits; arc and greenstone terranes are permissive.",
       "Groves et al. (1998) Ore Geology Reviews 13; Goldfarb, Baker et al. (2005) Econ. Geol. 100th Anniv. "
       "Vol.; Bonham-Carter (1994) GIS for Geoscientists (Nova Scotia gold example)",
       {{"sutures", "sutures and crustal-scale shear zones", 25000, 2, 0.45},
        {"faults", "second-order fault traces", 10000, 2, 0.35},
        {"terranes", "arc / greenstone terrane polygons", 20000, 2, 0.2}}},
      {"carbonatite-ree",
       "ree",
       "Carbonatite-hosted REE: carbonatites and alkaline complexes intrude along deep-seated rifts and "
       "reactivated sutures at craton margins.",
       "Verplanck, Mariano & Mariano (2016) Rev. Econ. Geol. 18; Woolley & Kjarsgaard (2008) Geol. Surv. "
       "Canada OF 5796; Simandl & Paradis (2018) Appl. Earth Sci. 127",
       {{"rifts", "deep-seated faults or rift structures", 30000, 2, 0.4},
        {"sutures", "sutures at craton margins", 50000, 2, 0.3},
        {"alkaline", "known alkaline/carbonatite intrusions (points or polygons)", 25000, 2, 0.3}}},
  };
  return all;
}

namespace {

const Preset* find_preset(const std::string& name) {
  for (const auto& p : presets())
    if (p.name == name) return &p;
  return nullptr;
}

Diagnostic at(const std::string& file, const toml::node& node, const std::string& key, const std::string& message,
              const std::string& fix) {
  return {file, static_cast<int>(node.source().begin.line), static_cast<int>(node.source().begin.column), key, message,
          fix};
}

// The generated steps of one preset model, appended to `evidence`.
void expand_one(toml::table& model, const Preset& preset, const std::string& path, const std::string& file,
                toml::array& evidence, std::vector<Diagnostic>& problems) {
  const std::string id = model["id"].value_or(std::string("preset"));
  const toml::table* roles = model["roles"].as_table();
  if (!roles) {
    problems.push_back(
        at(file, model, path + ".roles", "preset '" + preset.name + "' needs roles",
           "map roles to layer ids, e.g. roles = { " + preset.roles.front().role + " = \"<layer id>\" }"));
    return;
  }
  std::vector<std::string> names;
  for (const auto& r : preset.roles) names.push_back(r.role);
  for (const auto& [k, v] : *roles)
    if (!find_if_role(preset, std::string(k.str())))
      problems.push_back(at(
          file, v, path + ".roles." + std::string(k.str()),
          "preset '" + preset.name + "' has no role '" + std::string(k.str()) + "'" +
              did_you_mean(std::string(k.str()), names),
          "roles of " + preset.name + ": " + [&] {
            std::string s;
            for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
            return s;
          }()));
  toml::array inputs, weights;
  const toml::array* override_weights = model["weights"].as_array();
  std::size_t index = 0;
  for (const auto& role : preset.roles) {
    const toml::node* layer = roles->get(role.role);
    if (!layer || !layer->is_string()) continue;
    std::string distance_id = id + "_" + role.role + "_distance", membership_id = id + "_" + role.role;
    evidence.push_back(toml::table{{"id", distance_id},
                                   {"kind", "distance"},
                                   {"input", layer->as_string()->get()},
                                   {"description", "preset " + preset.name + ": distance to " + role.meaning}});
    evidence.push_back(toml::table{{"id", membership_id},
                                   {"kind", "fuzzy"},
                                   {"input", distance_id},
                                   {"function", "small"},
                                   {"midpoint", role.midpoint},
                                   {"spread", role.spread}});
    inputs.push_back(membership_id);
    double w = role.weight;
    if (override_weights && index < override_weights->size()) w = override_weights->get(index)->value_or(w);
    weights.push_back(w);
    ++index;
  }
  if (inputs.empty()) {
    problems.push_back(at(file, *roles, path + ".roles", "no role of preset '" + preset.name + "' is mapped to a layer",
                          "map at least one of its roles to a layer id"));
    return;
  }
  model.erase("preset");
  model.erase("roles");
  model.insert_or_assign("kind", "weighted");
  model.insert_or_assign("inputs", inputs);
  model.insert_or_assign("weights", weights);
  if (!model.contains("commodity")) model.insert_or_assign("commodity", preset.commodity);
  if (!model.contains("description"))
    model.insert_or_assign("description", preset.summary + " (" + preset.literature + ")");
}

}  // namespace

bool find_if_role(const Preset& p, const std::string& role) {
  for (const auto& r : p.roles)
    if (r.role == role) return true;
  return false;
}

void expand_presets(toml::table& root, const std::string& file, std::vector<Diagnostic>& problems) {
  toml::array* models = root["models"].as_array();
  if (!models) return;
  toml::array generated;
  for (std::size_t i = 0; i < models->size(); ++i) {
    toml::table* model = models->get(i)->as_table();
    if (!model || !model->contains("preset")) continue;
    const std::string path = "models[" + std::to_string(i) + "]";
    const toml::node* name = model->get("preset");
    std::vector<std::string> names;
    for (const auto& p : presets()) names.push_back(p.name);
    const Preset* preset = name->is_string() ? find_preset(name->as_string()->get()) : nullptr;
    if (!preset) {
      std::string given = name->value_or(std::string("?"));
      problems.push_back(at(file, *name, path + ".preset",
                            "unknown preset '" + given + "'" + did_you_mean(given, names),
                            "use porphyry-cu, orogenic-au or carbonatite-ree"));
      continue;
    }
    if (model->contains("kind") || model->contains("inputs"))
      problems.push_back(at(file, *model, path, "a preset model sets its own kind and inputs",
                            "remove kind and inputs, or remove preset and declare the model by hand"));
    expand_one(*model, *preset, path, file, generated, problems);
  }
  if (generated.empty()) return;
  if (!root.contains("evidence")) root.insert("evidence", toml::array{});
  toml::array* evidence = root["evidence"].as_array();
  if (!evidence) return;
  for (auto& e : generated) evidence->push_back(std::move(e));
}

std::string presets_markdown() {
  std::ostringstream out;
  out << "### Model presets\n\nA `[[models]]` entry with `preset = \"...\"` and `roles = { role = \"<layer id>\" }` "
         "expands into, for each role given, a `distance` evidence step (`<model>_<role>_distance`) and a fuzzy "
         "`small` membership (`<model>_<role>`), combined by a `weighted` model. `weights` (in role order) "
         "override the defaults; roles left out are dropped and the weights renormalised.\n\n";
  for (const auto& p : presets()) {
    out << "#### `" << p.name << "` (" << p.commodity << ")\n\n"
        << p.summary << "\n\nFollows: " << p.literature
        << ".\n\n| role | expects | fuzzy small midpoint (m) | spread | weight |\n|---|---|---|---|---|\n";
    for (const auto& r : p.roles)
      out << "| `" << r.role << "` | " << r.meaning << " | " << r.midpoint << " | " << r.spread << " | " << r.weight
          << " |\n";
    out << "\n";
  }
  return out.str();
}

}  // namespace oremap::project
