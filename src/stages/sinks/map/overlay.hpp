#pragma once
// Vector layers drawn on the site-ranking map, flattened to coordinate lists in the grid CRS:
// boundaries, infrastructure (each feature with its class) and hatched exclusion areas.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/grid.hpp"
#include "core/log.hpp"
#include "geos/handles.hpp"
#include "project/project.hpp"
#include "stages/sinks/map/options.hpp"

namespace oremap::sinks::map {

enum class ShapeKind { point, line, polygon };

using Coords = std::vector<std::array<double, 2>>;

struct Shape {
  ShapeKind kind = ShapeKind::point;
  std::vector<Coords> parts;  // points: one coordinate per part; polygons: rings (closed)
  InfraClass cls = InfraClass::other;
  std::string name;       // the feature's `name` attribute, if any
  double population = 0;  // its pop_max / population attribute (orders town labels)
};

struct Overlay {
  std::string id;
  std::vector<Shape> shapes;
};

// Class from free text (a `class`/`fclass`/`type` attribute or a layer id), by keyword:
// motorway/expressway/freeway, rail, power/transmission/kv, pipe, airport/aerodrome/airfield,
// port/harbour, town/city/village/place, road/highway/street/track; nullopt otherwise.
std::optional<InfraClass> classify_infrastructure(const std::string& text);

// Splits a GEOS geometry (any type, collections included) into shapes of one kind each.
void append_shapes(const geos::Context& ctx, const GEOSGeometry& g, std::vector<Shape>& out);

// Reads a layer into shapes in the grid CRS. buffer > 0 buffers every geometry (metres);
// with `classify`, each feature takes its class from `forced`, else its class attribute,
// else the layer id.
Overlay load_overlay(const project::LayerSpec& spec, const Grid& grid, const Log& log, double buffer = 0,
                     bool classify = false, std::optional<InfraClass> forced = std::nullopt);

}  // namespace oremap::sinks::map
