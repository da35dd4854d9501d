#include "stages/evidence/feature_segments.hpp"

#include <cmath>
#include <memory>

namespace oremap::evidence {

namespace {

void add(const Grid& grid, double xa, double ya, double xb, double yb, FeatureSegments& out) {
  const algo::Segment s{xa - grid.xmin, grid.ymax - ya, xb - grid.xmin, grid.ymax - yb};
  if (std::isfinite(s.x0) && std::isfinite(s.y0) && std::isfinite(s.x1) && std::isfinite(s.y1))
    out.segments.push_back(s);
  else
    ++out.non_finite;
}

void add_curve(const OGRSimpleCurve& line, const Grid& grid, FeatureSegments& out) {
  const int n = line.getNumPoints();
  if (n == 1) add(grid, line.getX(0), line.getY(0), line.getX(0), line.getY(0), out);
  for (int i = 0; i + 1 < n; ++i) add(grid, line.getX(i), line.getY(i), line.getX(i + 1), line.getY(i + 1), out);
}

}  // namespace

void add_segments(const OGRGeometry& g, const Grid& grid, FeatureSegments& out) {
  if (g.IsEmpty()) return;
  const OGRwkbGeometryType type = wkbFlatten(g.getGeometryType());
  if (g.hasCurveGeometry()) {  // curves as OGR linearises them
    const std::unique_ptr<OGRGeometry> linear(g.getLinearGeometry());
    if (linear && !linear->hasCurveGeometry()) add_segments(*linear, grid, out);
    return;
  }
  if (type == wkbPolyhedralSurface || type == wkbTIN || type == wkbTriangle) {  // as polygons
    const std::unique_ptr<OGRGeometry> polygons(OGRGeometryFactory::forceToMultiPolygon(g.clone()));
    if (polygons && wkbFlatten(polygons->getGeometryType()) == wkbMultiPolygon) add_segments(*polygons, grid, out);
    return;
  }
  switch (type) {
    case wkbPoint: {
      const OGRPoint& p = *g.toPoint();
      add(grid, p.getX(), p.getY(), p.getX(), p.getY(), out);
      return;
    }
    case wkbLineString:
      add_curve(*g.toLineString(), grid, out);
      return;
    case wkbPolygon: {
      const std::size_t first = out.segments.size();
      for (const OGRLinearRing* ring : *g.toPolygon()) add_curve(*ring, grid, out);
      out.polygons.push_back({first, out.segments.size()});
      return;
    }
    default:
      if (OGR_GT_IsSubClassOf(type, wkbGeometryCollection))
        for (const OGRGeometry* part : *g.toGeometryCollection()) add_segments(*part, grid, out);
  }
}

}  // namespace oremap::evidence
