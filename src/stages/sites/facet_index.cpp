#include "stages/sites/facet_index.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <queue>

#include "core/error.hpp"
#include "stages/sites/feature_index.hpp"

namespace oremap::sites {

namespace {

constexpr std::size_t kFanout = 8;
constexpr double kInf = std::numeric_limits<double>::infinity();
// Relative part of the margin within which a facet counts as nearest too: GEOS's distances and
// ours round differently, by far less than this.
constexpr double kRelative = 1e-9;

void add_coordinates(const geos::Context& ctx, const GEOSGeometry& line, std::uint32_t feature,
                     std::vector<FacetIndex::Facet>& out, std::vector<double>& buffer) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx.get(), &line);
  unsigned int n = 0;
  if (!seq || !GEOSCoordSeq_getSize_r(ctx.get(), seq, &n))
    throw LibraryError("GEOS coordinates failed: " + ctx.last_error());
  buffer.resize(2 * static_cast<std::size_t>(n));
  if (n && !GEOSCoordSeq_copyToBuffer_r(ctx.get(), seq, buffer.data(), 0, 0))
    throw LibraryError("GEOS coordinates failed: " + ctx.last_error());
  if (n == 1) out.push_back({buffer[0], buffer[1], buffer[0], buffer[1], feature});
  for (unsigned int k = 0; k + 1 < n; ++k)
    out.push_back({buffer[2 * k], buffer[2 * k + 1], buffer[2 * k + 2], buffer[2 * k + 3], feature});
}

// Every facet of `g` (any geometry type); returns whether it holds a polygon.
bool add_facets(const geos::Context& ctx, const GEOSGeometry& g, std::uint32_t feature,
                std::vector<FacetIndex::Facet>& out, std::vector<double>& buffer) {
  if (GEOSisEmpty_r(ctx.get(), &g) == 1) return false;
  switch (GEOSGeomTypeId_r(ctx.get(), &g)) {
    case GEOS_POINT: {
      double x = 0, y = 0;
      GEOSGeomGetX_r(ctx.get(), &g, &x);
      GEOSGeomGetY_r(ctx.get(), &g, &y);
      out.push_back({x, y, x, y, feature});
      return false;
    }
    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
      add_coordinates(ctx, g, feature, out, buffer);
      return false;
    case GEOS_POLYGON: {
      add_coordinates(ctx, *GEOSGetExteriorRing_r(ctx.get(), &g), feature, out, buffer);
      const int holes = GEOSGetNumInteriorRings_r(ctx.get(), &g);
      for (int h = 0; h < holes; ++h)
        add_coordinates(ctx, *GEOSGetInteriorRingN_r(ctx.get(), &g, h), feature, out, buffer);
      return true;
    }
    default: {
      bool polygons = false;
      const int parts = GEOSGetNumGeometries_r(ctx.get(), &g);
      for (int p = 0; p < parts; ++p)
        polygons = add_facets(ctx, *GEOSGetGeometryN_r(ctx.get(), &g, p), feature, out, buffer) || polygons;
      return polygons;
    }
  }
}

// Position of (x, y) in [0, 65536)² along a Hilbert curve.
std::uint64_t hilbert(std::uint32_t x, std::uint32_t y) {
  std::uint64_t d = 0;
  for (std::uint32_t s = 1u << 15; s > 0; s >>= 1) {
    const std::uint32_t rx = (x & s) ? 1 : 0, ry = (y & s) ? 1 : 0;
    d += static_cast<std::uint64_t>(s) * s * ((3 * rx) ^ ry);
    if (ry == 0) {
      if (rx == 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      std::swap(x, y);
    }
  }
  return d;
}

using Box = std::array<double, 4>;

Box facet_box(const FacetIndex::Facet& f) {
  return {std::min(f.x0, f.x1), std::min(f.y0, f.y1), std::max(f.x0, f.x1), std::max(f.y0, f.y1)};
}

Box merge(const Box& a, const Box& b) {
  return {std::min(a[0], b[0]), std::min(a[1], b[1]), std::max(a[2], b[2]), std::max(a[3], b[3])};
}

double box_gap(const Box& a, const Box& b) {
  const double dx = std::max({0.0, b[0] - a[2], a[0] - b[2]});
  const double dy = std::max({0.0, b[1] - a[3], a[1] - b[3]});
  return std::sqrt(dx * dx + dy * dy);
}

// A point site: box and facet distances from the point, the facet's exact at once (cheap).
struct PointMeasure {
  static constexpr bool kExactAtOnce = true;
  double x, y;
  double box(const Box& b) const { return box_gap({x, y, x, y}, b); }
  double exact(const FacetIndex::Facet& f) const { return FacetIndex::point_to_segment(x, y, f); }
  double bound(const FacetIndex::Facet& f) const { return exact(f); }
};

// Any other site: box distances from its envelope; a facet's exact distance by GEOS's prepared
// distance (the site's interior counts: a facet inside a polygon site is at 0).
struct GeometryMeasure {
  static constexpr bool kExactAtOnce = false;
  const geos::Context& ctx;
  const GEOSPreparedGeometry& site;
  Box envelope;
  double box(const Box& b) const { return box_gap(envelope, b); }
  double bound(const FacetIndex::Facet& f) const { return box_gap(envelope, facet_box(f)); }
  double exact(const FacetIndex::Facet& f) const {
    geos::GeometryPtr g;
    if (f.x0 == f.x1 && f.y0 == f.y1) {
      g = geos::own(ctx, GEOSGeom_createPointFromXY_r(ctx.get(), f.x0, f.y0), "point");
    } else {
      GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx.get(), 2, 2);
      if (!seq) throw LibraryError("GEOS coordinates failed: " + ctx.last_error());
      GEOSCoordSeq_setXY_r(ctx.get(), seq, 0, f.x0, f.y0);
      GEOSCoordSeq_setXY_r(ctx.get(), seq, 1, f.x1, f.y1);
      g = geos::own(ctx, GEOSGeom_createLineString_r(ctx.get(), seq), "line");
    }
    double d = 0;
    if (GEOSPreparedDistance_r(ctx.get(), &site, g.get(), &d) != 1)
      throw LibraryError("GEOS prepared distance failed: " + ctx.last_error());
    return d;
  }
};

}  // namespace

bool FacetIndex::append(const geos::Context& ctx, const GEOSGeometry& g, std::uint32_t feature,
                        std::vector<Facet>& out) {
  std::vector<double> buffer;
  return add_facets(ctx, g, feature, out, buffer);
}

double FacetIndex::point_to_segment(double px, double py, const Facet& f) {
  // As GEOS 3.11 algorithm::Distance::pointToSegment.
  if (f.x0 == f.x1 && f.y0 == f.y1) return std::sqrt((px - f.x0) * (px - f.x0) + (py - f.y0) * (py - f.y0));
  const double len2 = (f.x1 - f.x0) * (f.x1 - f.x0) + (f.y1 - f.y0) * (f.y1 - f.y0);
  const double r = ((px - f.x0) * (f.x1 - f.x0) + (py - f.y0) * (f.y1 - f.y0)) / len2;
  if (r <= 0.0) return std::sqrt((px - f.x0) * (px - f.x0) + (py - f.y0) * (py - f.y0));
  if (r >= 1.0) return std::sqrt((px - f.x1) * (px - f.x1) + (py - f.y1) * (py - f.y1));
  const double s = ((f.y0 - py) * (f.x1 - f.x0) - (f.x0 - px) * (f.y1 - f.y0)) / len2;
  return std::fabs(s) * std::sqrt(len2);
}

FacetIndex::FacetIndex(const geos::Context& ctx, const std::vector<const GEOSGeometry*>& features) {
  std::vector<Facet> facets;
  std::vector<double> buffer;
  for (std::size_t i = 0; i < features.size(); ++i)
    has_polygons_ = add_facets(ctx, *features[i], static_cast<std::uint32_t>(i), facets, buffer) || has_polygons_;
  if (facets.empty()) return;

  Box all = facet_box(facets.front());
  for (const Facet& f : facets) all = merge(all, facet_box(f));
  margin_ = kRelative * std::max({std::fabs(all[0]), std::fabs(all[1]), std::fabs(all[2]), std::fabs(all[3]),
                                  all[2] - all[0], all[3] - all[1]});
  // Hilbert order of the facets' centres: neighbours on the curve are neighbours on the ground,
  // so consecutive facets make small boxes.
  const double sx = all[2] > all[0] ? 65535.0 / (all[2] - all[0]) : 0.0;
  const double sy = all[3] > all[1] ? 65535.0 / (all[3] - all[1]) : 0.0;
  std::vector<std::uint64_t> keys(facets.size());
  for (std::size_t i = 0; i < facets.size(); ++i) {
    const Facet& f = facets[i];
    const auto hx = static_cast<std::uint32_t>(((f.x0 + f.x1) / 2 - all[0]) * sx);
    const auto hy = static_cast<std::uint32_t>(((f.y0 + f.y1) / 2 - all[1]) * sy);
    keys[i] = hilbert(std::min(hx, 65535u), std::min(hy, 65535u));
  }
  std::vector<std::size_t> order(facets.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
  facets_.reserve(facets.size());
  for (std::size_t i : order) facets_.push_back(facets[i]);

  std::vector<Box> level;
  for (std::size_t i = 0; i < facets_.size(); i += kFanout) {
    Box b = facet_box(facets_[i]);
    for (std::size_t k = i + 1; k < std::min(i + kFanout, facets_.size()); ++k) b = merge(b, facet_box(facets_[k]));
    level.push_back(b);
  }
  nodes_.push_back(std::move(level));
  while (nodes_.back().size() > kFanout) {
    const std::vector<Box>& below = nodes_.back();
    std::vector<Box> up;
    for (std::size_t i = 0; i < below.size(); i += kFanout) {
      Box b = below[i];
      for (std::size_t k = i + 1; k < std::min(i + kFanout, below.size()); ++k) b = merge(b, below[k]);
      up.push_back(b);
    }
    nodes_.push_back(std::move(up));
  }
}

template <class Measure>
std::vector<std::uint32_t> FacetIndex::search(const Measure& measure) const {
  std::vector<std::uint32_t> out;
  if (facets_.empty()) return out;
  // Best first: nodes by the distance to their box, facets by their distance (or, until
  // measured, their box's). The first measured facet popped is the nearest; every facet within
  // the margin of it follows before anything farther.
  constexpr int kMeasured = -1, kUnmeasured = -2;
  struct Entry {
    double distance;
    std::uint32_t index;
    int level;  // >= 0: a node of nodes_[level]
    bool operator>(const Entry& o) const { return distance > o.distance; }
  };
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue;
  const int top = static_cast<int>(nodes_.size()) - 1;
  for (std::size_t i = 0; i < nodes_[top].size(); ++i)
    queue.push({measure.box(nodes_[top][i]), static_cast<std::uint32_t>(i), top});
  double limit = kInf;
  while (!queue.empty() && queue.top().distance <= limit) {
    const Entry e = queue.top();
    queue.pop();
    if (e.level == kMeasured) {
      if (limit == kInf) limit = e.distance * (1 + kRelative) + margin_;
      out.push_back(facets_[e.index].feature);
    } else if (e.level == kUnmeasured) {
      queue.push({measure.exact(facets_[e.index]), e.index, kMeasured});
    } else if (e.level == 0) {
      const std::size_t end = std::min<std::size_t>(facets_.size(), (e.index + 1) * kFanout);
      for (std::size_t k = e.index * kFanout; k < end; ++k) {
        if (Measure::kExactAtOnce)
          queue.push({measure.exact(facets_[k]), static_cast<std::uint32_t>(k), kMeasured});
        else
          queue.push({measure.bound(facets_[k]), static_cast<std::uint32_t>(k), kUnmeasured});
      }
    } else {
      const std::vector<Box>& below = nodes_[e.level - 1];
      const std::size_t end = std::min<std::size_t>(below.size(), (e.index + 1) * kFanout);
      for (std::size_t k = e.index * kFanout; k < end; ++k)
        queue.push({measure.box(below[k]), static_cast<std::uint32_t>(k), e.level - 1});
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::uint32_t> FacetIndex::near_features(const geos::Context& ctx, const GEOSGeometry& site) const {
  if (GEOSGeomTypeId_r(ctx.get(), &site) == GEOS_POINT && GEOSisEmpty_r(ctx.get(), &site) == 0) {
    PointMeasure m{0, 0};
    GEOSGeomGetX_r(ctx.get(), &site, &m.x);
    GEOSGeomGetY_r(ctx.get(), &site, &m.y);
    return search(m);
  }
  geos::PreparedPtr prepared = geos::prepare(ctx, site);
  return search(GeometryMeasure{ctx, *prepared, extent(ctx, site)});
}

}  // namespace oremap::sites
