#pragma once
// The [viewer] table of a project, with its defaults applied, and the role each shown vector
// layer plays in the analysis (which decides its group and style in the viewer).
#include <string>
#include <vector>

#include "project/project.hpp"

namespace oremap::sinks {

struct ViewerLayerChoice {
  std::string id;     // [[layers]] id
  std::string role;   // "infrastructure", "governance", "exclusion", "study_area" or "reference"
  std::string title;  // shown in the layer switcher
  std::string field;  // governance: the numeric attribute a region criterion reads ("" otherwise)
};

struct ViewerConfig {
  std::string title;
  std::string basemap;  // "" = none (offline)
  std::string basemap_attribution;
  std::vector<ViewerLayerChoice> layers;
  int raster_size = 0;  // default declared in project/schema_viewer.cpp
};

// Reads [viewer] (validated already). Without `layers`: every vector layer that a criterion or an
// exclusion uses, plus the grid mask, in project order.
ViewerConfig read_viewer_config(const project::Project& project);

}  // namespace oremap::sinks
