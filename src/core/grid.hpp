#pragma once
// The one analysis grid every raster of a run is produced on: a projected CRS in metres,
// north-up, cell edges on one lattice ([grid] align: whole multiples of the cell size, or the
// raster layers' own lattice).
#include <array>
#include <string>

namespace oremap {

struct Grid {
  std::string crs_wkt;   // WKT2 of the projected CRS
  std::string crs_name;  // e.g. "WGS 84 / UTM zone 42N"
  int epsg = 0;          // 0 when the CRS has no EPSG code
  double xmin = 0, ymax = 0;
  double cell_size = 0;  // metres, square cells
  int cols = 0, rows = 0;

  double xmax() const { return xmin + cols * cell_size; }
  double ymin() const { return ymax - rows * cell_size; }
  std::array<double, 6> geotransform() const { return {xmin, cell_size, 0, ymax, 0, -cell_size}; }
  double cell_centre_x(int col) const { return xmin + (col + 0.5) * cell_size; }
  double cell_centre_y(int row) const { return ymax - (row + 0.5) * cell_size; }
  long long cell_count() const { return static_cast<long long>(cols) * rows; }
};

}  // namespace oremap
