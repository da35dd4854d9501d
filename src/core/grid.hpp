#pragma once
// The one analysis grid every raster of a run is produced on: a projected CRS in metres,
// north-up, cell edges on one lattice ([grid] align: whole multiples of the cell size, or the
// raster layers' own lattice). Cells are cell_size wide and dy() high: square unless
// cell_size_y is set ([grid] cell_size = [dx, dy]).
#include <array>
#include <string>

namespace oremap {

struct Grid {
  std::string crs_wkt;   // WKT2 of the projected CRS
  std::string crs_name;  // e.g. "WGS 84 / UTM zone 42N"
  int epsg = 0;          // 0 when the CRS has no EPSG code
  double xmin = 0, ymax = 0;
  double cell_size = 0;    // metres: the cells' width
  double cell_size_y = 0;  // metres: their height, 0 = square (cell_size)
  int cols = 0, rows = 0;

  double dx() const { return cell_size; }
  double dy() const { return cell_size_y > 0 ? cell_size_y : cell_size; }
  double cell_area() const { return dx() * dy(); }
  double xmax() const { return xmin + cols * dx(); }
  double ymin() const { return ymax - rows * dy(); }
  std::array<double, 6> geotransform() const { return {xmin, dx(), 0, ymax, 0, -dy()}; }
  double cell_centre_x(int col) const { return xmin + (col + 0.5) * dx(); }
  double cell_centre_y(int row) const { return ymax - (row + 0.5) * dy(); }
  long long cell_count() const { return static_cast<long long>(cols) * rows; }
};

}  // namespace oremap
