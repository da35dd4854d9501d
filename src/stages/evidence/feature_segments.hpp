#pragma once
// A vector layer's geometries as the segments algo::SegmentDistance measures to: coordinates in
// grid-local metres (x east of the grid's left edge, y south of its top edge), in double
// precision; lines and polygon rings as their segments, points as segments of length 0, each
// polygon's rings together so that its inside can be found. Curves are linearised as OGR does.
#include <ogr_geometry.h>

#include <vector>

#include "algo/segment_distance.hpp"
#include "core/grid.hpp"

namespace oremap::evidence {

struct FeatureSegments {
  std::vector<algo::Segment> segments;
  std::vector<algo::SegmentDistance::Polygon> polygons;
  std::size_t non_finite = 0;  // segments left out: a coordinate is NaN or infinite
};

// Appends the segments of `g` (already in the grid's CRS).
void add_segments(const OGRGeometry& g, const Grid& grid, FeatureSegments& out);

}  // namespace oremap::evidence
