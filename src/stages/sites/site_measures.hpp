#pragma once
// The GEOS measurements of one site against one layer: distance to the nearest feature, the
// attribute of the region holding it, counts within a radius, and exclusion tests. Each runs
// in the calling worker's GEOS context on that worker's LocalLayer.
#include <limits>
#include <memory>
#include <string>

#include "geos/handles.hpp"
#include "stages/sites/feature_index.hpp"
#include "stages/sites/site_config.hpp"

namespace oremap::sites {

struct Measurement {
  double raw = std::numeric_limits<double>::quiet_NaN();  // NaN: no value
  std::string feature;                                    // what the value refers to: nearest feature, region(s)
  std::string note;                                       // a flag the user should see ("" when none)
};

// Geodesic length on the grid CRS's ellipsoid between two points of the grid CRS (PROJ's
// geodesic.h, Karney 2013). One per thread: it owns an OGR coordinate transformation.
class GeodesicMeter {
 public:
  explicit GeodesicMeter(const std::string& grid_crs_wkt);
  ~GeodesicMeter();
  GeodesicMeter(const GeodesicMeter&) = delete;
  GeodesicMeter& operator=(const GeodesicMeter&) = delete;
  double length(double x1, double y1, double x2, double y2) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Distance in metres to the nearest feature (true geometries, grid CRS). With a meter, the
// nearest feature is still chosen in the grid CRS, and the geodesic length of the segment
// joining the two nearest points (GEOSNearestPoints) is reported.
// `name_field` names the nearest feature ("" = its fid).
Measurement measure_distance(const geos::Context& ctx, const LocalLayer& layer, const GEOSGeometry& site,
                             const std::string& name_field, const GeodesicMeter* geodesic = nullptr);

// The numeric attribute `field` of the region holding the site. Points: the first region in
// layer order that covers the point (boundary included; a point on a shared boundary is noted).
// Polygons: area-weighted mean, or min/max, over the parts in each region; parts in no region,
// or in a region without a value, take `default_value` and are noted.
Measurement measure_region(const geos::Context& ctx, LocalLayer& layer, const GEOSGeometry& site, bool is_point,
                           const std::string& field, RegionStatistic statistic, double default_value,
                           const std::string& name_field);

// Features within `radius` metres of the site (distance <= radius): their count, or the sum
// of the numeric attribute `field` (null values skipped and noted).
Measurement measure_count(const geos::Context& ctx, const LocalLayer& layer, const GEOSGeometry& site, double radius,
                          const std::string& field);

// Whether the site lies inside (distance 0) or within `distance` of any feature; the reason
// names the nearest such feature: "parks: inside 'Hingol'" or "glaciers: 1200 m from '#5' (limit 5000 m)".
struct ExclusionHit {
  bool hit = false;
  std::string reason;
};
ExclusionHit check_exclusion(const geos::Context& ctx, LocalLayer& layer, const GEOSGeometry& site,
                             const Exclusion& exclusion, const std::string& name_field);

// "1234 m" / "12.3 km" style lengths for messages.
std::string format_metres(double m);

}  // namespace oremap::sites
