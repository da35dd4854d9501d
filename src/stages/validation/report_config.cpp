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

}  // namespace

ReportConfig read_report_config(const project::Project& project) {
  ReportConfig c;
  const project::StepSpec r = project.table_or_defaults("report");
  c.folds = static_cast<int>(r.num("folds"));
  c.block_size = r.num("block_size");
  c.holdout = r.num("holdout");
  c.seed = static_cast<std::uint64_t>(r.integer("seed"));  // exact; >= 0 by the schema
  c.top_n = static_cast<int>(r.num("top_n"));
  std::vector<Diagnostic> problems;
  if (const toml::table* t = (*r.table)["deposits"].as_table()) {
    std::vector<std::string> layers;
    for (const auto& l : project.layers) layers.push_back(l.id);
    for (const auto& [key, node] : *t) {
      const std::string commodity(key.str());
      const std::string layer = node.value_or(std::string());
      const project::Location at = r.at_key("deposits." + commodity);
      const Diagnostic base{project.file.string(), at.line, at.column, "report.deposits." + commodity, "", ""};
      if (std::find(kCommodities.begin(), kCommodities.end(), commodity) == kCommodities.end()) {
        Diagnostic d = base;
        d.message = "unknown commodity '" + commodity + "'" + project::did_you_mean(commodity, kCommodities);
        d.fix = "use one of: " + join(kCommodities);
        problems.push_back(d);
      } else if (!project.find_layer(layer)) {
        Diagnostic d = base;
        d.message = "'" + layer + "' is not a declared layer" + project::did_you_mean(layer, layers);
        d.fix = "name the [[layers]] id of the known " + commodity + " deposits";
        problems.push_back(d);
      } else {
        c.deposits[commodity] = layer;
      }
    }
  }
  if (!problems.empty()) throw ProjectError(std::move(problems));
  return c;
}

}  // namespace oremap::validation
