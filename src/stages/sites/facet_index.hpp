#pragma once
// The facets of a layer (every segment of its lines and rings, every lone point) in a static
// packed R-tree, for the nearest-feature search of `distance` criteria. An STRtree of whole
// features gives long, overlapping boxes for long roads or faults, so a query tries many
// features of hundreds of vertices each; an index of facets keeps each query's cost independent
// of the vertices per feature. Plain coordinates, no GEOS object: built once before the workers
// start and read by all of them.
//
// The index only narrows the search: it returns the features that may be nearest, and the
// caller measures those with GEOSDistance (LocalLayer::nearest), so distances and the nearest
// feature are GEOS's own.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "geos/handles.hpp"

namespace oremap::sites {

class FacetIndex {
 public:
  struct Facet {
    double x0, y0, x1, y1;  // a lone point has both ends equal
    std::uint32_t feature;  // index in the layer
  };

  // Reads the coordinates of `features` (geometries of `ctx`, read by the calling thread only).
  FacetIndex(const geos::Context& ctx, const std::vector<const GEOSGeometry*>& features);

  std::size_t size() const { return facets_.size(); }
  // Whether any feature is polygonal: a site inside one is at distance 0 from it although its
  // facets (the rings) may be far.
  bool has_polygons() const { return has_polygons_; }

  // Features that may be nearest to `site` (in the site's GEOS context `ctx`): every feature with
  // a facet within the nearest facet's distance plus a rounding margin, ascending. Polygonal
  // features holding the site are not found here (see has_polygons()). Empty when the layer has
  // no facet.
  std::vector<std::uint32_t> near_features(const geos::Context& ctx, const GEOSGeometry& site) const;

  // Appends the facets of `g` (any geometry; ring segments of polygons) with feature number
  // `feature`; returns whether `g` holds a polygon.
  static bool append(const geos::Context& ctx, const GEOSGeometry& g, std::uint32_t feature, std::vector<Facet>& out);

  // GEOS's point-to-segment distance (algorithm::Distance::pointToSegment), for tests.
  static double point_to_segment(double px, double py, const Facet& f);

 private:
  using Box = std::array<double, 4>;  // xmin, ymin, xmax, ymax
  template <class Measure>
  std::vector<std::uint32_t> search(const Measure& measure) const;

  std::vector<Facet> facets_;            // in Hilbert order of their centres
  std::vector<std::vector<Box>> nodes_;  // nodes_[0]: boxes of kFanout facets each; nodes_[k]: of kFanout nodes_[k-1]
  double margin_ = 0;                    // absolute part of the rounding margin (layer extent scale)
  bool has_polygons_ = false;
};

}  // namespace oremap::sites
