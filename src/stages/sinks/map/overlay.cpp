#include "stages/sinks/map/overlay.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/error.hpp"
#include "stages/sources/vector_source.hpp"

namespace oremap::sinks::map {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool has_any(const std::string& text, std::initializer_list<const char*> words) {
  for (const char* w : words)
    if (text.find(w) != std::string::npos) return true;
  return false;
}

Coords coords_of(const geos::Context& ctx, const GEOSGeometry& g) {
  Coords out;
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx.get(), &g);
  unsigned int n = 0;
  if (!seq || !GEOSCoordSeq_getSize_r(ctx.get(), seq, &n)) return out;
  out.resize(n);
  for (unsigned int i = 0; i < n; ++i) GEOSCoordSeq_getXY_r(ctx.get(), seq, i, &out[i][0], &out[i][1]);
  return out;
}

// The first of these attributes present on the layer, or -1.
int first_field(const sources::VectorData& data, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    const int i = data.field_index(name);
    if (i >= 0) return i;
  }
  return -1;
}

}  // namespace

std::optional<InfraClass> classify_infrastructure(const std::string& text) {
  const std::string t = lower(text);
  if (has_any(t, {"motorway", "expressway", "freeway"})) return InfraClass::motorway;
  if (has_any(t, {"rail"})) return InfraClass::railway;  // before "road": "railroad"
  if (has_any(t, {"power", "transmission", "kv", "electric"})) return InfraClass::power;
  if (has_any(t, {"pipe"})) return InfraClass::pipeline;
  if (has_any(t, {"airport", "aerodrome", "airfield"})) return InfraClass::airport;  // before "port"
  if (has_any(t, {"port", "harbour", "harbor"})) return InfraClass::port;
  if (has_any(t, {"town", "city", "village", "place", "settlement"})) return InfraClass::town;
  if (has_any(t, {"road", "highway", "street", "track", "primary", "secondary", "trunk"})) return InfraClass::road;
  return std::nullopt;
}

void append_shapes(const geos::Context& ctx, const GEOSGeometry& g, std::vector<Shape>& out) {
  GEOSContextHandle_t h = ctx.get();
  switch (GEOSGeomTypeId_r(h, &g)) {
    case GEOS_POINT: {
      Shape s;
      s.kind = ShapeKind::point;
      s.parts.push_back(coords_of(ctx, g));
      out.push_back(std::move(s));
      return;
    }
    case GEOS_LINESTRING:
    case GEOS_LINEARRING: {
      Shape s;
      s.kind = ShapeKind::line;
      s.parts.push_back(coords_of(ctx, g));
      out.push_back(std::move(s));
      return;
    }
    case GEOS_POLYGON: {
      Shape s;
      s.kind = ShapeKind::polygon;
      s.parts.push_back(coords_of(ctx, *GEOSGetExteriorRing_r(h, &g)));
      const int holes = GEOSGetNumInteriorRings_r(h, &g);
      for (int i = 0; i < holes; ++i) s.parts.push_back(coords_of(ctx, *GEOSGetInteriorRingN_r(h, &g, i)));
      out.push_back(std::move(s));
      return;
    }
    default: {
      const int n = GEOSGetNumGeometries_r(h, &g);
      for (int i = 0; i < n; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(h, &g, i);
        if (part && part != &g) append_shapes(ctx, *part, out);
      }
    }
  }
}

Overlay load_overlay(const project::LayerSpec& spec, const Grid& grid, const Log& log, double buffer, bool classify,
                     std::optional<InfraClass> forced) {
  geos::Context ctx;
  sources::VectorData data = sources::read_vector(spec, grid, ctx, log);
  Overlay out;
  out.id = spec.id;
  const int cls_field =
      first_field(data, {"class", "fclass", "type", "featurecla", "CLASS", "FCLASS", "TYPE", "FEATURECLA"});
  const int name_field = first_field(data, {"name", "NAME", "Name"});
  const int pop_field = first_field(data, {"pop_max", "POP_MAX", "population", "POPULATION", "pop", "POP"});
  const std::optional<InfraClass> from_id = classify_infrastructure(spec.id);
  for (const auto& f : data.features) {
    geos::GeometryPtr buffered;
    const GEOSGeometry* g = f.geometry.get();
    if (buffer > 0) {
      buffered = geos::own(ctx, GEOSBuffer_r(ctx.get(), g, buffer, 8), "buffer");
      g = buffered.get();
    }
    const std::size_t first = out.shapes.size();
    append_shapes(ctx, *g, out.shapes);
    InfraClass cls = InfraClass::other;
    if (classify) {
      std::optional<InfraClass> c = forced;
      if (!c && cls_field >= 0) c = classify_infrastructure(f.values[static_cast<std::size_t>(cls_field)]);
      if (!c) c = from_id;
      cls = c.value_or(InfraClass::other);
    }
    const double population = pop_field >= 0 ? std::atof(f.values[static_cast<std::size_t>(pop_field)].c_str()) : 0;
    for (std::size_t i = first; i < out.shapes.size(); ++i) {
      out.shapes[i].cls = cls;
      out.shapes[i].population = population;
      if (name_field >= 0) out.shapes[i].name = f.values[static_cast<std::size_t>(name_field)];
    }
  }
  return out;
}

}  // namespace oremap::sinks::map
