#include "stages/validation/report_config.hpp"

#include <algorithm>
#include <vector>

#include "core/error.hpp"
#include "project/suggest.hpp"

namespace oremap::validation {

namespace {

const std::vector<std::string> kCommodities = {"copper", "gold", "ree"};

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

// A [report] table of commodity -> layer id, checked against the commodities and the layers.
std::map<std::string, std::string> commodity_layers(const project::Project& project, const project::StepSpec& r,
                                                    const std::string& key, const std::string& what,
                                                    const std::string& noun, std::vector<Diagnostic>& problems) {
  std::map<std::string, std::string> out;
  const toml::table* t = (*r.table)[key].as_table();
  if (!t) return out;
  std::vector<std::string> layers;
  for (const auto& l : project.layers) layers.push_back(l.id);
  for (const auto& [name, node] : *t) {
    const std::string commodity(name.str());
    const std::string layer = node.value_or(std::string());
    const project::Location at = r.at_key(key + "." + commodity);
    const Diagnostic base{project.file.string(), at.line, at.column, "report." + key + "." + commodity, "", ""};
    if (std::find(kCommodities.begin(), kCommodities.end(), commodity) == kCommodities.end()) {
      Diagnostic d = base;
      d.message = "unknown commodity '" + commodity + "'" + project::did_you_mean(commodity, kCommodities);
      d.fix = "use one of: " + join(kCommodities);
      problems.push_back(d);
    } else if (!project.find_layer(layer)) {
      Diagnostic d = base;
      d.message = "'" + layer + "' is not a declared layer" + project::did_you_mean(layer, layers);
      d.fix = "name the [[layers]] id of " + what + " " + commodity + " " + noun;
      problems.push_back(d);
    } else {
      out[commodity] = layer;
    }
  }
  return out;
}

}  // namespace

ReportConfig read_report_config(const project::Project& project) {
  ReportConfig c;
  const project::StepSpec r = project.table_or_defaults("report");
  c.folds = static_cast<int>(r.num("folds"));
  c.block_size = r.num("block_size");
  c.holdout = r.num("holdout");
  c.seed = static_cast<std::uint64_t>(r.integer("seed"));  // exact; >= 0 by the schema
  c.top_n = static_cast<int>(r.num("top_n"));
  c.per_cell = r.str("count") == "cells";
  std::vector<Diagnostic> problems;
  c.deposits = commodity_layers(project, r, "deposits", "the known", "deposits", problems);
  c.test_deposits = commodity_layers(project, r, "test_deposits", "the independent test", "deposits", problems);
  c.negatives = commodity_layers(project, r, "negatives", "the known barren", "sites", problems);
  for (const auto& [commodity, layer] : c.test_deposits)
    for (const auto& m : project.models)
      if (m.has("deposits") && m.str("commodity") == commodity && m.str("deposits") == layer) {
        const project::Location at = r.at_key("test_deposits." + commodity);
        problems.push_back({project.file.string(), at.line, at.column, "report.test_deposits." + commodity,
                            "'" + layer + "' is the training layer (`deposits`) of model '" + m.id +
                                "': a test set the model is fitted on is not independent",
                            "name a layer of deposits no model is trained on (e.g. the third you kept aside)"});
      }
  if (!problems.empty()) throw ProjectError(std::move(problems));
  return c;
}

}  // namespace oremap::validation
