#include "stages/sites/site_measures.hpp"

#include <geodesic.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "core/number_text.hpp"
#include "gdal/handles.hpp"

namespace oremap::sites {

namespace {

std::string in_quotes(const std::string& s) { return "'" + s + "'"; }

double distance(const geos::Context& ctx, const GEOSGeometry& a, const GEOSGeometry& b) {
  double d = 0;
  if (GEOSDistance_r(ctx.get(), &a, &b, &d) != 1) throw LibraryError("GEOS distance failed: " + ctx.last_error());
  return d;
}

double area(const geos::Context& ctx, const GEOSGeometry& g) {
  double a = 0;
  if (GEOSArea_r(ctx.get(), &g, &a) != 1) throw LibraryError("GEOS area failed: " + ctx.last_error());
  return a;
}

}  // namespace

std::string format_metres(double m) {
  if (m < 10000) return significant_text(std::round(m), 10) + " m";
  return significant_text(m / 1000.0, 4) + " km";
}

struct GeodesicMeter::Impl {
  gdal::TransformPtr to_geographic;
  geod_geodesic geod{};
};

GeodesicMeter::GeodesicMeter(const std::string& grid_crs_wkt) : impl_(std::make_unique<Impl>()) {
  OGRSpatialReference grid;
  grid.importFromWkt(grid_crs_wkt.c_str());
  OGRSpatialReference geographic;
  geographic.CopyGeogCSFrom(&grid);
  impl_->to_geographic = gdal::make_transform(grid, geographic);  // lon, lat order
  OGRErr err = OGRERR_NONE;
  const double a = grid.GetSemiMajor(&err);
  const double inv_f = grid.GetInvFlattening(&err);
  geod_init(&impl_->geod, a, inv_f > 0 ? 1.0 / inv_f : 0.0);
}

GeodesicMeter::~GeodesicMeter() = default;

double GeodesicMeter::length(double x1, double y1, double x2, double y2) const {
  double x[2] = {x1, x2}, y[2] = {y1, y2};
  if (!impl_->to_geographic->Transform(2, x, y))
    throw LibraryError("PROJ: cannot transform points to longitude/latitude for a geodesic distance: " +
                       gdal::last_error());
  double s12 = 0;
  geod_inverse(&impl_->geod, y[0], x[0], y[1], x[1], &s12, nullptr, nullptr);
  return s12;
}

Measurement measure_distance(const geos::Context& ctx, const LocalLayer& layer, const GEOSGeometry& site,
                             const std::string& name_field, const GeodesicMeter* geodesic) {
  LocalLayer::Nearest n = layer.nearest(site);
  Measurement m;
  m.raw = n.distance;
  m.feature = layer.name(n.index, name_field);
  if (geodesic && n.distance > 0) {
    GEOSCoordSequence* points = GEOSNearestPoints_r(ctx.get(), &site, &layer.geometry(n.index));
    if (!points) throw LibraryError("GEOS nearest points failed: " + ctx.last_error());
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    GEOSCoordSeq_getXY_r(ctx.get(), points, 0, &x1, &y1);
    GEOSCoordSeq_getXY_r(ctx.get(), points, 1, &x2, &y2);
    GEOSCoordSeq_destroy_r(ctx.get(), points);
    m.raw = geodesic->length(x1, y1, x2, y2);
  }
  return m;
}

namespace {

Measurement region_of_point(const geos::Context& ctx, LocalLayer& layer, const GEOSGeometry& site,
                            const std::vector<double>& values, double default_value, const std::string& name_field) {
  std::vector<std::size_t> near, covering;
  layer.candidates(extent(ctx, site), near);
  for (std::size_t i : near)
    if (predicate(ctx, GEOSPreparedCovers_r(ctx.get(), &layer.prepared(i), &site), "covers")) covering.push_back(i);
  Measurement m;
  if (covering.empty()) {
    m.raw = default_value;
    m.note = "in no region; default " + significant_text(default_value, 6) + " used";
    return m;
  }
  const std::size_t first = covering.front();  // candidates are sorted: first in layer order
  m.feature = layer.name(first, name_field);
  m.raw = values[first];
  if (covering.size() > 1) {
    std::string names;
    for (std::size_t i : covering) names += (names.empty() ? "" : ", ") + in_quotes(layer.name(i, name_field));
    m.note = "on the boundary of " + std::to_string(covering.size()) + " regions (" + names + "); took " +
             in_quotes(m.feature) + ", the first in layer order";
  }
  if (std::isnan(m.raw)) {
    m.raw = default_value;
    m.note += (m.note.empty() ? "" : "; ") + std::string("region ") + in_quotes(m.feature) + " has no value; default " +
              significant_text(default_value, 6) + " used";
  }
  return m;
}

struct Piece {
  double area;
  double value;
  std::string name;
};

// Parts of a site smaller than this share of its area are rounding slivers, not region cover.
constexpr double kSliver = 1e-9;

// `covered`: the area of the site inside regions, slivers included (dropped from `pieces`).
Measurement combine(std::vector<Piece> pieces, double site_area, double covered, RegionStatistic statistic,
                    double default_value) {
  Measurement m;
  const double outside = site_area - covered;
  std::vector<std::string> notes;
  if (outside > kSliver * site_area) {
    pieces.push_back({outside, default_value, ""});
    notes.push_back(significant_text(100.0 * outside / site_area, 3) + " % in no region; default " +
                    significant_text(default_value, 6) + " used there");
  }
  for (auto& p : pieces)
    if (std::isnan(p.value)) {
      notes.push_back("region " + in_quotes(p.name) + " has no value; default " + significant_text(default_value, 6) +
                      " used");
      p.value = default_value;
    }
  double total = 0, weighted = 0;
  double lo = pieces.front().value, hi = pieces.front().value;
  for (const auto& p : pieces) {
    total += p.area;
    weighted += p.area * p.value;
    lo = std::min(lo, p.value);
    hi = std::max(hi, p.value);
  }
  m.raw = statistic == RegionStatistic::min ? lo : statistic == RegionStatistic::max ? hi : weighted / total;
  // Regions by share of the site, largest first (ties: layer order, as stable_sort keeps it).
  std::vector<const Piece*> named;
  for (const auto& p : pieces)
    if (!p.name.empty()) named.push_back(&p);
  std::stable_sort(named.begin(), named.end(), [](const Piece* a, const Piece* b) { return a->area > b->area; });
  for (const Piece* p : named)
    m.feature += (m.feature.empty() ? "" : ", ") + p->name + " " + significant_text(100.0 * p->area / total, 3) + " %";
  for (const auto& n : notes) m.note += (m.note.empty() ? "" : "; ") + n;
  return m;
}

Measurement region_of_polygon(const geos::Context& ctx, LocalLayer& layer, const GEOSGeometry& site,
                              const std::vector<double>& values, RegionStatistic statistic, double default_value,
                              const std::string& name_field) {
  std::vector<std::size_t> near;
  layer.candidates(extent(ctx, site), near);
  const double site_area = area(ctx, site);
  std::vector<Piece> pieces;
  double covered = 0;
  for (std::size_t i : near) {
    if (!predicate(ctx, GEOSPreparedIntersects_r(ctx.get(), &layer.prepared(i), &site), "intersects")) continue;
    geos::GeometryPtr part = geos::own(ctx, GEOSIntersection_r(ctx.get(), &site, &layer.geometry(i)), "intersection");
    const double a = area(ctx, *part);
    covered += a;
    // A sliver along a shared boundary (the site drawn on it up to rounding) is no part of the region.
    if (a > kSliver * site_area) pieces.push_back({a, values[i], layer.name(i, name_field)});
  }
  if (pieces.empty() || !(site_area > 0)) {
    Measurement m;
    m.raw = default_value;
    m.note = "in no region; default " + significant_text(default_value, 6) + " used";
    return m;
  }
  return combine(std::move(pieces), site_area, covered, statistic, default_value);
}

}  // namespace

Measurement measure_region(const geos::Context& ctx, LocalLayer& layer, const GEOSGeometry& site, bool is_point,
                           const std::string& field, RegionStatistic statistic, double default_value,
                           const std::string& name_field) {
  const std::vector<double>& values = layer.shared().numbers.at(field);
  if (is_point) return region_of_point(ctx, layer, site, values, default_value, name_field);
  return region_of_polygon(ctx, layer, site, values, statistic, default_value, name_field);
}

Measurement measure_count(const geos::Context& ctx, const LocalLayer& layer, const GEOSGeometry& site, double radius,
                          const std::string& field) {
  std::vector<std::size_t> near;
  layer.candidates(grow(extent(ctx, site), radius), near);
  const std::vector<double>* values = field.empty() ? nullptr : &layer.shared().numbers.at(field);
  Measurement m;
  m.raw = 0;
  long long nulls = 0;
  for (std::size_t i : near) {
    if (!predicate(ctx, GEOSDistanceWithin_r(ctx.get(), &site, &layer.geometry(i), radius), "distance within"))
      continue;
    if (!values) {
      m.raw += 1;
    } else if (std::isnan((*values)[i])) {
      ++nulls;
    } else {
      m.raw += (*values)[i];
    }
  }
  if (nulls) m.note = std::to_string(nulls) + " feature(s) within the radius have no " + field + "; skipped";
  return m;
}

ExclusionHit check_exclusion(const geos::Context& ctx, LocalLayer& layer, const GEOSGeometry& site,
                             const Exclusion& exclusion, const std::string& name_field) {
  std::vector<std::size_t> near;
  layer.candidates(grow(extent(ctx, site), exclusion.distance), near);
  ExclusionHit hit;
  std::size_t best = 0, matches = 0;
  double best_d = 0;
  for (std::size_t i : near) {
    const GEOSPreparedGeometry& p = layer.prepared(i);
    const bool inside =
        exclusion.distance > 0
            ? predicate(ctx, GEOSPreparedDistanceWithin_r(ctx.get(), &p, &site, exclusion.distance), "distance within")
            : predicate(ctx, GEOSPreparedIntersects_r(ctx.get(), &p, &site), "intersects");
    if (!inside) continue;
    const double d = exclusion.distance > 0 ? distance(ctx, site, layer.geometry(i)) : 0.0;
    if (!matches || d < best_d) {
      best = i;
      best_d = d;
    }
    ++matches;
  }
  if (!matches) return hit;
  hit.hit = true;
  hit.reason = exclusion.id + ": " + (best_d == 0 ? "inside " : format_metres(best_d) + " from ") +
               in_quotes(layer.name(best, name_field));
  if (exclusion.distance > 0) hit.reason += " (limit " + format_metres(exclusion.distance) + ")";
  if (matches > 1) hit.reason += " and " + std::to_string(matches - 1) + " more";
  return hit;
}

}  // namespace oremap::sites
