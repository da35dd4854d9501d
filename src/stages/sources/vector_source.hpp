#pragma once
// Reads a vector layer into GEOS geometries in the grid CRS, repairing invalid ones.
#include <string>
#include <vector>

#include "core/grid.hpp"
#include "core/log.hpp"
#include "geos/handles.hpp"
#include "project/project.hpp"

namespace oremap::sources {

struct Field {
  std::string name;
  std::string type;  // OGR field type name: String, Integer, Real...
};

struct VectorFeature {
  geos::GeometryPtr geometry;       // in the grid CRS, valid, non-empty
  std::vector<std::string> values;  // attribute values as text, one per field ("" when null)
  std::vector<bool> is_null;
  long long fid = -1;
};

struct IngestCounts {
  long long read = 0;
  long long repaired = 0;       // invalid geometries made valid by GEOS MakeValid
  long long skipped_empty = 0;  // null or empty geometries
  long long outside_grid = 0;   // kept, but entirely outside the grid's extent
  long long recoded = 0;        // attribute values that were not UTF-8, read as Latin-1
};

struct VectorData {
  std::string id;
  std::vector<Field> fields;
  std::vector<VectorFeature> features;
  IngestCounts counts;

  int field_index(const std::string& name) const;  // -1 when absent
};

// `ctx` owns the returned geometries; use them only with that context.
VectorData read_vector(const project::LayerSpec& spec, const Grid& grid, const geos::Context& ctx, const Log& log);

}  // namespace oremap::sources
