#include "stages/sinks/viewer/config.hpp"

#include <algorithm>

namespace oremap::sinks {

namespace {

// Role of a layer from what uses it: exclusions first (they remove sites), then region
// criteria (governance scores), then distance and count criteria (infrastructure).
ViewerLayerChoice classify(const project::Project& p, const std::string& id) {
  ViewerLayerChoice c{id, "reference", id, ""};
  for (const auto& e : p.exclusions)
    if (e.str("layer") == id) {
      c.role = "exclusion";
      c.title = id + " (exclusion: " + e.id + ")";
      return c;
    }
  for (const auto& k : p.criteria)
    if (k.str("layer") == id && k.kind == "region") {
      c.role = "governance";
      c.field = k.str("field");
      c.title = id + " (" + c.field + ")";
      return c;
    }
  for (const auto& k : p.criteria)
    if (k.str("layer") == id && (k.kind == "distance" || k.kind == "count")) {
      c.role = "infrastructure";
      return c;
    }
  if (p.grid.mask && *p.grid.mask == id) {
    c.role = "study_area";
    c.title = id + " (study area)";
  }
  return c;
}

bool is_vector(const project::Project& p, const std::string& id) {
  const project::LayerSpec* l = p.find_layer(id);
  return l && l->type == "vector";
}

}  // namespace

ViewerConfig read_viewer_config(const project::Project& p) {
  ViewerConfig cfg;
  cfg.title = p.name.empty() ? p.file.stem().string() : p.name;
  cfg.raster_size = static_cast<int>(p.table_or_defaults("viewer").num("raster_size"));
  std::vector<std::string> ids;
  bool listed = false;
  if (p.viewer) {
    cfg.title = p.viewer->str("title", cfg.title);
    cfg.basemap = p.viewer->str("basemap");
    cfg.basemap_attribution = p.viewer->str("basemap_attribution");
    listed = p.viewer->has("layers");
    if (listed) ids = p.viewer->strs("layers");
  }
  if (!listed) {
    auto used = [&p](const std::string& id) {
      auto uses = [&id](const project::StepSpec& s) { return s.str("layer") == id; };
      return std::any_of(p.criteria.begin(), p.criteria.end(), uses) ||
             std::any_of(p.exclusions.begin(), p.exclusions.end(), uses) || (p.grid.mask && *p.grid.mask == id);
    };
    const std::string sites_layer = p.sites ? p.sites->str("layer") : "";
    for (const auto& l : p.layers)
      if (l.id != sites_layer && used(l.id)) ids.push_back(l.id);
  }
  for (const auto& id : ids)
    if (is_vector(p, id) &&
        std::none_of(cfg.layers.begin(), cfg.layers.end(), [&id](const ViewerLayerChoice& c) { return c.id == id; }))
      cfg.layers.push_back(classify(p, id));
  return cfg;
}

}  // namespace oremap::sinks
