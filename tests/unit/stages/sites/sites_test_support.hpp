#pragma once
// Helpers for the site-scoring tests: layers from inline WKT, GeoJSON files in a projected CRS,
// and small Float32 rasters on a grid.
#include <gdal_priv.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/grid.hpp"
#include "gdal/handles.hpp"
#include "geos/handles.hpp"
#include "stages/sites/feature_index.hpp"

namespace oremap::test {

// A shared layer from WKT (geometries made in `ctx`); names in field "name" (none when empty)
// and one numeric field "value" (NaN = null).
inline sites::SharedLayer wkt_layer(const geos::Context& ctx, const std::vector<std::string>& wkt,
                                    const std::vector<std::string>& names = {},
                                    const std::vector<double>& values = {}) {
  sites::SharedLayer l;
  l.id = "test";
  for (std::size_t i = 0; i < wkt.size(); ++i) {
    l.geometries.push_back(geos::from_wkt(ctx, wkt[i]));
    l.fids.push_back(static_cast<long long>(i));
  }
  l.text["name"] = names.empty() ? std::vector<std::string>(wkt.size()) : names;
  if (!values.empty()) l.numbers["value"] = values;
  return l;
}

// One GeoJSON feature: a geometry (GeoJSON text) and its properties (JSON object members).
struct GeoFeature {
  std::string geometry;
  std::string properties;
};

inline std::string point(double x, double y) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "{\"type\":\"Point\",\"coordinates\":[%.3f,%.3f]}", x, y);
  return buf;
}

inline std::string line(const std::vector<std::array<double, 2>>& xy) {
  std::string out = "{\"type\":\"LineString\",\"coordinates\":[";
  for (std::size_t i = 0; i < xy.size(); ++i) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s[%.3f,%.3f]", i ? "," : "", xy[i][0], xy[i][1]);
    out += buf;
  }
  return out + "]}";
}

// Axis-aligned rectangle, counter-clockwise.
inline std::string box(double x0, double y0, double x1, double y1) {
  char buf[256];
  std::snprintf(
      buf, sizeof buf,
      "{\"type\":\"Polygon\",\"coordinates\":[[[%.3f,%.3f],[%.3f,%.3f],[%.3f,%.3f],[%.3f,%.3f],[%.3f,%.3f]]]}", x0, y0,
      x1, y0, x1, y1, x0, y1, x0, y0);
  return buf;
}

inline std::string feature_collection(const std::vector<GeoFeature>& features) {
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[\n";
  for (std::size_t i = 0; i < features.size(); ++i)
    out += std::string(i ? ",\n" : "") + "{\"type\":\"Feature\",\"properties\":{" + features[i].properties +
           "},\"geometry\":" + features[i].geometry + "}";
  return out + "\n]}\n";
}

// A Float32 GeoTIFF on the grid with the given row-major values (NaN = nodata).
inline void write_grid_tiff(const std::string& path, const Grid& grid, const std::vector<float>& values) {
  gdal::register_drivers();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  GDALDataset* ds = driver->Create(path.c_str(), grid.cols, grid.rows, 1, GDT_Float32, nullptr);
  auto gt = grid.geotransform();
  ds->SetGeoTransform(gt.data());
  ds->SetProjection(grid.crs_wkt.c_str());
  GDALRasterBand* band = ds->GetRasterBand(1);
  band->SetNoDataValue(std::nan(""));
  if (band->RasterIO(GF_Write, 0, 0, grid.cols, grid.rows, const_cast<float*>(values.data()), grid.cols, grid.rows,
                     GDT_Float32, 0, 0, nullptr) != CE_None)
    throw std::runtime_error("cannot write " + path);
  GDALClose(ds);
}

}  // namespace oremap::test
