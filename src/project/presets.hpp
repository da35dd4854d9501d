#pragma once
// Model presets: documented default recipes (evidence transforms and weights for named
// geological roles) that expand into ordinary [[evidence]] steps and a weighted model
// before validation, so they are checked, run and reported like hand-written steps.
#include <toml++/toml.h>

#include <string>
#include <vector>

#include "core/error.hpp"

namespace oremap::project {

struct PresetRole {
  std::string role;     // e.g. "arcs"
  std::string meaning;  // what layer the role expects
  double midpoint;      // fuzzy "small" midpoint on distance, metres
  double spread;
  double weight;  // default weight before normalisation
};

struct Preset {
  std::string name;  // "porphyry-cu"
  std::string commodity;
  std::string summary;
  std::string literature;
  std::vector<PresetRole> roles;
};

const std::vector<Preset>& presets();
bool find_if_role(const Preset& preset, const std::string& role);

// Replaces every [[models]] entry with `preset = "..."` by generated evidence and a weighted
// model. Problems (unknown preset or role, no role given) are appended to `problems`.
void expand_presets(toml::table& root, const std::string& file, std::vector<Diagnostic>& problems);

// Markdown description of every preset (appended to `oremap schema`).
std::string presets_markdown();

}  // namespace oremap::project
