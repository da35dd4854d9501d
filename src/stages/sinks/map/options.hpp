#pragma once
// The [map] section read into plain options, with the checks the schema cannot express
// (layer types, class names, colour range). docs/maps.md describes every key.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "project/project.hpp"

namespace oremap::sinks::map {

// What an infrastructure feature is drawn as; each has its own style and legend entry.
enum class InfraClass { motorway, road, railway, power, pipeline, port, airport, town, other };
constexpr int kInfraClasses = 9;

// "motorway", "road", ... as written in [map].infrastructure_classes; nullopt when unknown.
std::optional<InfraClass> infra_class_from_name(const std::string& name);
const char* infra_class_name(InfraClass c);
const std::vector<std::string>& infra_class_names();

// A layer drawn hatched, with the buffer and penalty of the [[exclusions]] entry using it.
struct HatchedLayer {
  std::string layer;
  std::string label;  // legend text
  double buffer = 0;  // metres
  bool soft = false;  // a penalty, not a hard exclusion
};

// Defaults of absent keys are declared in project/schema_map.cpp.
struct MapOptions {
  int width = 0;              // pixels of the PNG
  std::optional<int> height;  // pixels; default from the grid's aspect ratio
  double dpi = 0;
  std::vector<std::string> formats;
  std::string title;  // may hold "{commodity}"
  int top_n = 0;
  int town_labels = 0;  // names of infrastructure towns, most populous first
  std::vector<std::string> boundaries;
  std::vector<std::string> infrastructure;
  std::vector<std::pair<std::string, InfraClass>> infrastructure_classes;  // layer -> forced class
  std::vector<HatchedLayer> exclusions;
  std::optional<std::string> dem;
  double hillshade = 0;                        // strength of the relief shading, 0 = none
  std::optional<std::array<double, 2>> range;  // prospectivity colour range; default: data min/max
  std::string attribution;
  // commodity -> layer of its known deposits, drawn as stars with a legend entry.
  std::vector<std::pair<std::string, std::string>> deposits;
  bool rank_intervals = false;  // the legend's top-N list gives each site's 5-95 % rank interval

  // The layer of `commodity`'s known deposits; "" when none is drawn.
  std::string deposits_of(const std::string& commodity) const;

  double px_per_pt() const { return dpi / 72.0; }
};

// Reads [map] (defaults when the section is absent). Throws ProjectError listing every
// problem with file:line:column and the key.
MapOptions read_map_options(const project::Project& project);

// "Copper", "Gold", "REE": the commodity as written in titles.
std::string commodity_label(const std::string& commodity);

// The title with "{commodity}" replaced by commodity_label (default:
// "<Commodity> prospectivity and ranked sites"; the subtitle names the project).
std::string map_title(const MapOptions& options, const std::string& commodity);

}  // namespace oremap::sinks::map
