#pragma once
// The e2e tests' independent distance: OGR (not oremap) in the demo's grid CRS, UTM 42N.
#include <algorithm>
#include <array>
#include <string>

#include "gdal/handles.hpp"

namespace oremap::test {

// The smallest OGR distance in EPSG:32642 from a lon/lat point to every feature of a vector file
// (0 inside a polygon).
inline double ogr_distance_utm42(const std::array<double, 2>& lonlat, const std::string& file) {
  OGRSpatialReference wgs, utm;
  wgs.importFromEPSG(4326);
  utm.importFromEPSG(32642);
  wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  gdal::TransformPtr t(OGRCreateCoordinateTransformation(&wgs, &utm));
  OGRPoint site(lonlat[0], lonlat[1]);
  site.transform(t.get());
  gdal::DatasetPtr ds = gdal::open_dataset(file, GDAL_OF_VECTOR);
  double best = 1e300;
  for (auto& f : *ds->GetLayer(0)) {
    OGRGeometry* g = f->GetGeometryRef();
    g->transform(t.get());
    best = std::min(best, site.Distance(g));
  }
  return best;
}

}  // namespace oremap::test
