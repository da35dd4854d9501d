#include "stages/sites/site_config.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <stdexcept>

#include "core/number_text.hpp"

namespace oremap::sites {

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Collects diagnostics located at one table of the project file.
class Reporter {
 public:
  Reporter(const project::Project& p, std::vector<Diagnostic>& out) : file_(p.file.string()), out_(out) {}
  void add(const project::Location& at, const std::string& key, const std::string& message, const std::string& fix) {
    out_.push_back({file_, at.line, at.column, key, message, fix});
  }

 private:
  std::string file_;
  std::vector<Diagnostic>& out_;
};

// The fuzzy parameters a criterion may give, mapped to the names algo::FuzzyFunction uses.
std::map<std::string, double> fuzzy_params(const project::StepSpec& s, const std::string& function) {
  std::map<std::string, double> p;
  const bool power = function == "power";
  if (s.has("min")) p[power ? "low" : "min"] = s.num("min");
  if (s.has("max")) p[power ? "high" : "max"] = s.num("max");
  for (const char* key : {"midpoint", "spread", "exponent"})
    if (s.has(key)) p[key] = s.num(key);
  return p;
}

void read_transform(const project::StepSpec& s, const std::string& key, Criterion& c, Reporter& r) {
  const bool bounds = s.has("bounds"), function = s.has("function");
  if (bounds == function) {
    r.add(bounds ? s.at_key("function") : s.at, key,
          bounds ? "both bounds and function are set" : "no transform: neither bounds nor function is set",
          "give exactly one: bounds = [a, b] with better = \"lower\"|\"higher\", or a fuzzy function");
    return;
  }
  if (bounds) {
    std::vector<double> b = s.nums("bounds");
    if (b.size() == 2 && b[0] == b[1]) {
      r.add(s.at_key("bounds"), key + ".bounds", "the two bounds are equal (" + significant_text(b[0], 6) + ")",
            "give two different raw values, e.g. bounds = [0, 50000]");
      return;
    }
    for (const char* k : {"min", "max", "midpoint", "spread", "exponent"})
      if (s.has(k))
        r.add(s.at_key(k), key + "." + k, std::string("'") + k + "' is a fuzzy parameter but the transform is bounds",
              "remove it, or replace bounds with function = \"...\"");
    if (b.size() == 2) c.transform = Transform::bounds(b[0], b[1], s.str("better") == "higher");
    return;
  }
  if (s.has("better"))
    r.add(s.at_key("better"), key + ".better", "'better' applies to bounds, not to a fuzzy function",
          "remove it: a fuzzy function's parameters set its direction (e.g. linear min > max decreases)");
  const std::string name = s.str("function");
  try {
    c.transform = Transform::fuzzy(algo::FuzzyFunction::from_name(name, fuzzy_params(s, name)), name);
  } catch (const std::invalid_argument& e) {
    std::string m = e.what();
    // The algorithm names power's bounds low/high; the project file calls them min/max.
    for (auto [from, to] : {std::pair<std::string, std::string>{"'low'", "'min'"}, {"'high'", "'max'"}}) {
      auto at = m.find(from);
      if (at != std::string::npos) m.replace(at, from.size(), to);
    }
    r.add(s.at_key("function"), key + ".function", m, "see docs/sites.md for each function's parameters");
  }
}

void read_kind_keys(const project::StepSpec& s, const std::string& key, Criterion& c, Reporter& r) {
  c.layer = s.str("layer");
  if (c.kind_name == "distance") {
    c.kind = CriterionKind::distance;
    c.name_field = s.str("name_field");
    c.geodesic = s.flag("geodesic");
    c.unit = "m";
  } else if (c.kind_name == "region") {
    c.kind = CriterionKind::region;
    c.field = s.str("field");
    c.name_field = s.str("name_field");
    std::string st = s.str("statistic");
    c.region_statistic = st == "min"   ? RegionStatistic::min
                         : st == "max" ? RegionStatistic::max
                                       : RegionStatistic::mean;
    c.default_value = s.num("default");
  } else if (c.kind_name == "count") {
    c.kind = CriterionKind::count;
    c.radius = s.num("radius");
    c.field = s.str("field");
    c.unit = c.field.empty() ? "count" : "sum of " + c.field;
  } else if (c.kind_name == "zonal") {
    c.kind = CriterionKind::zonal;
    c.raster = s.str("raster");
    std::string st = s.str("statistic");
    c.zonal_statistic = st == "max"          ? ZonalStatistic::max
                        : st == "min"        ? ZonalStatistic::min
                        : st == "percentile" ? ZonalStatistic::percentile
                        : st == "coverage"   ? ZonalStatistic::coverage
                        : st == "std"        ? ZonalStatistic::std
                        : st == "std_sample" ? ZonalStatistic::std_sample
                        : st == "sum"        ? ZonalStatistic::sum
                        : st == "count"      ? ZonalStatistic::count
                                             : ZonalStatistic::mean;
    c.percentile = s.num("percentile");
    c.all_touched = s.flag("all_touched");
    if (s.has("percentile") && c.zonal_statistic != ZonalStatistic::percentile)
      r.add(s.at_key("percentile"), key + ".percentile", "'percentile' is set but statistic is \"" + st + "\"",
            "set statistic = \"percentile\" or remove percentile");
    if (c.zonal_statistic == ZonalStatistic::coverage) c.unit = "fraction";
    if (c.zonal_statistic == ZonalStatistic::count) c.unit = "cells";
  }
  if (s.has("unit")) c.unit = s.str("unit");
}

void check_raster_ref(const project::Project& p, const Criterion& c, const project::Location& at,
                      const std::string& key, Reporter& r) {
  if (c.raster == "prospectivity") return;
  for (const auto& l : p.layers)
    if (l.id == c.raster) {
      if (l.type != "raster")
        r.add(at, key + ".raster", "'" + c.raster + "' is a vector layer",
              "refer to a raster layer, an evidence "
              "step, a model, or \"prospectivity\" (the model of the site's commodity)");
      return;
    }
  for (const auto* steps : {&p.evidence, &p.models})
    for (const auto& s : *steps)
      if (s.id == c.raster) return;
  r.add(at, key + ".raster", "unknown raster '" + c.raster + "'",
        "refer to a raster layer, an evidence step, a model, or \"prospectivity\" (the model of the site's commodity)");
}

Criterion read_criterion(const project::Project& p, const project::StepSpec& s, std::size_t index,
                         const std::vector<std::string>& scored, Reporter& r) {
  const std::string key = "criteria[" + std::to_string(index) + "]";
  Criterion c;
  c.id = s.id;
  c.kind_name = s.kind;
  c.weight = s.num("weight");
  c.at = s.at;
  c.keys = s.keys;
  c.commodities = s.strs("commodities");
  for (const auto& name : c.commodities)
    if (!scored.empty() && !contains(scored, name))
      r.add(s.at_key("commodities"), key + ".commodities",
            "'" + name + "' is not a commodity of [sites] (" + join(scored) + ")",
            "list only commodities the sites are scored for");
  read_transform(s, key, c, r);
  read_kind_keys(s, key, c, r);
  const std::string missing = s.str("missing");
  c.missing = missing == "zero"      ? MissingRule::zero
              : missing == "penalty" ? MissingRule::penalty
                                     : MissingRule::unranked;
  c.missing_penalty = s.num("missing_penalty");
  if (s.has("missing_penalty") && c.missing != MissingRule::penalty)
    r.add(s.at_key("missing_penalty"), key + ".missing_penalty",
          "'missing_penalty' is set but missing is \"" + missing + "\"",
          "set missing = \"penalty\" or remove missing_penalty");
  if (c.kind == CriterionKind::zonal) check_raster_ref(p, c, s.at_key("raster"), key, r);
  return c;
}

void read_commodities(const project::StepSpec& s, SiteConfig& cfg, Reporter& r) {
  const toml::table* table = (*s.table)["commodities"].as_table();
  const bool one = s.has("commodity");
  if ((table != nullptr) == one) {
    r.add(one ? s.at_key("commodities") : s.at, "sites",
          one ? "both commodity and commodities are set" : "no commodity: set commodity or commodities",
          "give commodity = \"copper\" (every site) or commodities = { copper = \"cu_listed = 1\", ... }");
    return;
  }
  if (one) {
    cfg.commodities.push_back({s.str("commodity"), ""});
    return;
  }
  for (const auto& [k, v] : *table) {
    std::string name(k.str());
    if (!contains(commodity_names(), name)) {
      r.add(s.at_key("commodities." + name), "sites.commodities." + name, "unknown commodity '" + name + "'",
            "use one of: " + join(commodity_names()));
      continue;
    }
    cfg.commodities.push_back({name, v.value_or(std::string())});
  }
  if (table->empty())
    r.add(s.at_key("commodities"), "sites.commodities", "no commodity listed", "add e.g. copper = \"cu_listed = 1\"");
}

// The [[models]] ids of `commodity`, in project order.
std::vector<std::string> models_of(const project::Project& p, const std::string& commodity) {
  std::vector<std::string> ids;
  for (const auto& m : p.models)
    if (m.str("commodity") == commodity) ids.push_back(m.id);
  return ids;
}

// [sites] model = { copper = "copper_wofe" }: each entry names a model of a scored commodity.
void read_models(const project::Project& p, const project::StepSpec& s, SiteConfig& cfg, Reporter& r) {
  const toml::table* table = (*s.table)["model"].as_table();
  if (!table) return;
  std::vector<std::string> scored;
  for (const auto& c : cfg.commodities) scored.push_back(c.name);
  for (const auto& [k, v] : *table) {
    const std::string commodity(k.str()), id = v.value_or(std::string());
    const std::string key = "sites.model." + commodity;
    const project::Location at = s.at_key("model." + commodity);
    const std::vector<std::string> own = models_of(p, commodity);
    if (!scored.empty() && !contains(scored, commodity)) {
      r.add(at, key, "'" + commodity + "' is not a commodity of [sites] (" + join(scored) + ")",
            "choose models only for the commodities the sites are scored for");
      continue;
    }
    const project::StepSpec* model = nullptr;
    for (const auto& m : p.models)
      if (m.id == id) model = &m;
    if (!model)
      r.add(at, key, "unknown model '" + id + "'",
            own.empty() ? "declare a [[models]] table with commodity = \"" + commodity + "\""
                        : "use one of the " + commodity + " models: " + join(own));
    else if (model->str("commodity") != commodity)
      r.add(at, key, "model '" + id + "' is a " + model->str("commodity") + " model, not a " + commodity + " one",
            own.empty() ? "declare a [[models]] table with commodity = \"" + commodity + "\""
                        : "use one of the " + commodity + " models: " + join(own));
    else
      cfg.models.emplace_back(commodity, id);
  }
}

void read_sites_table(const project::Project& p, SiteConfig& cfg, Reporter& r) {
  const project::StepSpec& s = *p.sites;
  cfg.at = s.at;
  cfg.keys = s.keys;
  cfg.layer = s.str("layer");
  cfg.id_field = s.str("id_field");
  cfg.name_declared = s.has("name_field");
  cfg.name_field = s.str("name_field");
  cfg.point_radius = s.num("point_radius");
  cfg.draws = static_cast<int>(s.num("draws"));  // <= 1,000,000 by the schema
  cfg.concentration = s.num("concentration");
  // Read as the integer it is (>= 0 by the schema): through a double, seeds above 2^53 would lose bits.
  cfg.seed = static_cast<std::uint64_t>(s.integer("seed"));
  cfg.top_k = static_cast<int>(s.num("top_k"));
  cfg.sensitivity = s.num("sensitivity");
  cfg.duplicate_distance = s.num("duplicate_distance");
  cfg.duplicate_similarity = s.num("duplicate_similarity");
  cfg.same_place = s.num("same_place");
  cfg.merge_duplicates = s.flag("merge_duplicates");
  read_commodities(s, cfg, r);
  read_models(p, s, cfg, r);
}

}  // namespace

Transform Transform::bounds(double a, double b, bool higher_is_better) {
  Transform t;
  t.a_ = a;
  t.b_ = b;
  t.higher_ = higher_is_better;
  return t;
}

Transform Transform::fuzzy(algo::FuzzyFunction f, std::string name) {
  Transform t;
  t.use_bounds_ = false;
  t.fuzzy_ = std::move(f);
  t.name_ = std::move(name);
  return t;
}

double Transform::operator()(double raw) const {
  if (std::isnan(raw)) return raw;
  if (!use_bounds_) return (*fuzzy_)(raw);
  double s = std::clamp((raw - a_) / (b_ - a_), 0.0, 1.0);
  return higher_ ? s : 1.0 - s;
}

std::string Transform::describe() const {
  if (!use_bounds_) {
    std::string out = "fuzzy " + name_ + "(";
    const auto& names = algo::fuzzy_params(fuzzy_->kind());
    for (std::size_t i = 0; i < names.size(); ++i)
      out += (i ? ", " : "") + names[i].name + "=" + significant_text(fuzzy_->params()[i], 6);
    return out + ")";
  }
  return "bounds [" + significant_text(a_, 6) + ", " + significant_text(b_, 6) + "], " +
         (higher_ ? "higher" : "lower") + " is better";
}

bool Criterion::applies_to(const std::string& commodity) const {
  return commodities.empty() || contains(commodities, commodity);
}

const std::vector<std::string>& commodity_names() {
  static const std::vector<std::string> names = {"copper", "gold", "ree"};
  return names;
}

std::map<std::string, std::string> scoring_models(const project::Project& p) {
  std::map<std::string, std::string> chosen;
  for (const auto& m : p.models) chosen.emplace(m.str("commodity"), m.id);
  if (!p.sites) return chosen;
  const toml::table* table = (*p.sites->table)["model"].as_table();
  if (!table) return chosen;
  for (const auto& [k, v] : *table) {
    const std::string commodity(k.str()), id = v.value_or(std::string());
    for (const auto& m : p.models)
      if (m.id == id && m.str("commodity") == commodity) chosen[commodity] = id;
  }
  return chosen;
}

SiteConfig read_site_config(const project::Project& p, std::vector<Diagnostic>& problems) {
  Reporter r(p, problems);
  SiteConfig cfg;
  if (!p.sites) {
    r.add({}, "sites", "the project has no [sites] table", "add [sites] with the candidate-site layer (docs/sites.md)");
    return cfg;
  }
  read_sites_table(p, cfg, r);
  std::vector<std::string> scored;
  for (const auto& c : cfg.commodities) scored.push_back(c.name);
  for (std::size_t i = 0; i < p.criteria.size(); ++i)
    cfg.criteria.push_back(read_criterion(p, p.criteria[i], i, scored, r));
  if (p.criteria.empty())
    r.add(cfg.at, "criteria", "no [[criteria]]: sites cannot be scored",
          "add at least one [[criteria]] table (docs/sites.md)");
  for (const auto& commodity : scored) {
    double sum = 0;
    for (const auto& c : cfg.criteria)
      if (c.applies_to(commodity)) sum += c.weight;
    if (!p.criteria.empty() && !(sum > 0))
      r.add(cfg.at, "criteria", "the weights of the criteria for " + commodity + " sum to 0",
            "give at least one criterion that applies to " + commodity + " a weight > 0");
  }
  for (const auto& e : p.exclusions) {
    Exclusion x;
    x.id = e.id;
    x.layer = e.str("layer");
    x.name_field = e.str("name_field");
    x.distance = e.num("distance");
    if (e.has("penalty")) x.penalty = e.num("penalty");
    x.at = e.at;
    x.keys = e.keys;
    cfg.exclusions.push_back(x);
  }
  return cfg;
}

}  // namespace oremap::sites
