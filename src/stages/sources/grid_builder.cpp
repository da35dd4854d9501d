#include "stages/sources/grid_builder.hpp"

#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

#include "core/error.hpp"
#include "gdal/handles.hpp"
#include "stages/sources/grid_lattice.hpp"
#include "stages/sources/layer_open.hpp"

namespace oremap::sources {

int utm_epsg(double lon, double lat) {
  int zone = static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1;
  zone = std::min(60, std::max(1, zone));
  return (lat >= 0 ? 32600 : 32700) + zone;
}

namespace {

struct Extent {
  std::array<double, 4> box;
  OGRSpatialReference crs;
};

Extent declared_extent(const project::Project& p) {
  const auto& g = p.grid;
  if (g.bbox) return {*g.bbox, gdal::parse_crs(g.bbox_crs, "grid.bbox_crs")};
  const project::LayerSpec& spec = p.layer(*g.extent_layer);
  if (spec.type == "raster") {
    OpenedRaster r = open_raster(spec);
    return {raster_extent(r), r.crs};
  }
  OpenedVector v = open_vector(spec);
  return {vector_extent(v, spec), v.crs};
}

// The extent in `crs`. A bbox PROJ cannot transform is reported as grid.bbox (transform_bounds
// alone blames a layer's CRS).
std::array<double, 4> extent_in(const project::Project& p, const Extent& extent, const OGRSpatialReference& crs) {
  try {
    return transform_bounds(extent.box, extent.crs, crs);
  } catch (const Error&) {
    if (!p.grid.bbox) throw;
    std::ostringstream b;
    b.precision(15);
    b << "[" << extent.box[0] << ", " << extent.box[1] << ", " << extent.box[2] << ", " << extent.box[3] << "]";
    throw Error(ExitCode::project, "grid.bbox: " + b.str() + " in bbox_crs " + p.grid.bbox_crs +
                                       " cannot be transformed to " + gdal::describe_crs(crs) + " (" +
                                       gdal::last_error("PROJ failed") +
                                       "); check that bbox is given in bbox_crs and lies inside its area of use");
  }
}

// "4000000000", "1.23e+45": a count exactly while it is an integer a double holds.
std::string count_text(long double n) {
  std::ostringstream s;
  if (!std::isfinite(n)) return "infinitely many";
  if (n < 1e15L) s << std::fixed;  // exact: 4000000000, not 4e+09
  s << std::setprecision(n < 1e15L ? 0 : 3) << n;
  return s.str();
}

// Snaps outward onto the lattice (whole multiples of the cell size shifted by its offset), so
// grids of different runs align. An edge within a millionth of a cell of a lattice line stays
// on it. The column and row counts are checked before they become ints: a tiny cell_size or a
// huge extent is reported with the size it would give (counted in long double, whose range
// holds even 1e300 / 1e-300), never wrapped into a nonsense grid.
void snap(Grid& grid, const std::array<double, 4>& box, const Lattice& lattice) {
  constexpr double kMaxCells = 4'000'000'000.0, kMaxSide = std::numeric_limits<int>::max();
  const double dx = grid.dx(), dy = grid.dy();
  auto lines = [](double v, double origin, double c) {  // v in cells from the lattice's origin
    const double k = (v - origin) / c, whole = std::round(k);
    return std::fabs(k - whole) < 1e-6 ? whole : k;
  };
  const double x0 = lattice.x0, y0 = lattice.y0;
  double xmin = std::floor(lines(box[0], x0, dx)) * dx + x0, ymin = std::floor(lines(box[1], y0, dy)) * dy + y0;
  double xmax = std::ceil(lines(box[2], x0, dx)) * dx + x0, ymax = std::ceil(lines(box[3], y0, dy)) * dy + y0;
  // NaN (inf - inf) must not slip through std::max as 1.
  const double across = std::round((xmax - xmin) / dx), down = std::round((ymax - ymin) / dy);
  const double cols = std::max(1.0, across), rows = std::max(1.0, down);
  if (!std::isfinite(across) || !std::isfinite(down) || cols * rows > kMaxCells || cols > kMaxSide || rows > kMaxSide) {
    const long double ldx = dx, ldy = dy;
    const long double wide = std::max(1.0L, std::ceil((box[2] - x0) / ldx) - std::floor((box[0] - x0) / ldx));
    const long double high = std::max(1.0L, std::ceil((box[3] - y0) / ldy) - std::floor((box[1] - y0) / ldy));
    std::ostringstream size;
    size.precision(15);
    size << dx;
    if (dy != dx) size << " x " << dy;
    throw Error(ExitCode::project, "grid.cell_size: the grid would have " + count_text(wide * high) + " cells (" +
                                       count_text(wide) + " x " + count_text(high) + " of " + size.str() +
                                       " m); the limit is " + count_text(kMaxCells) + " cells and " +
                                       count_text(kMaxSide) +
                                       " columns or rows: raise [grid] cell_size or shrink the extent");
  }
  grid.xmin = xmin;
  grid.ymax = ymax;
  grid.cols = static_cast<int>(cols);
  grid.rows = static_cast<int>(rows);
}

}  // namespace

Grid build_grid(const project::Project& p, const Log& log) {
  Extent extent = declared_extent(p);
  OGRSpatialReference grid_crs;
  if (p.grid.crs) {
    grid_crs = gdal::parse_crs(*p.grid.crs, "grid.crs");
  } else {
    OGRSpatialReference wgs84 = gdal::parse_crs("EPSG:4326", "grid");
    auto ll = extent_in(p, extent, wgs84);
    double lon = (ll[0] + ll[2]) / 2, lat = (ll[1] + ll[3]) / 2;
    int epsg = utm_epsg(lon, lat);
    grid_crs = gdal::parse_crs("EPSG:" + std::to_string(epsg), "grid");
    std::ostringstream m;
    m << "grid: no crs given; using " << gdal::describe_crs(grid_crs) << ", the UTM zone of the extent's centre ("
      << lon << ", " << lat << ")";
    log.info(m.str());
  }
  if (!grid_crs.IsProjected())
    throw Error(ExitCode::project, "grid.crs: " + gdal::describe_crs(grid_crs) +
                                       " is not projected; use a projected CRS in metres such as a UTM zone");
  double to_metres = grid_crs.GetLinearUnits();
  if (std::fabs(to_metres - 1.0) > 1e-9)
    throw Error(ExitCode::project, "grid.crs: " + gdal::describe_crs(grid_crs) +
                                       " is not in metres; cell_size and distances are metres: use a metric CRS");

  std::array<double, 4> box = extent_in(p, extent, grid_crs);
  const double b = p.grid.buffer;
  box = {box[0] - b, box[1] - b, box[2] + b, box[3] + b};

  Grid grid;
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  grid_crs.exportToWkt(&wkt, options);
  grid.crs_wkt = wkt ? wkt : "";
  CPLFree(wkt);
  grid.crs_name = grid_crs.GetName() ? grid_crs.GetName() : "";
  grid.epsg = gdal::epsg_code(grid_crs);
  grid.cell_size = p.grid.cell_size;
  grid.cell_size_y = p.grid.cell_size_y;
  snap(grid, box, grid_lattice(p, grid_crs, log));
  std::ostringstream m;
  m.precision(15);
  m << "grid: " << grid.cols << " x " << grid.rows << " cells of " << grid.cell_size;
  if (grid.dy() != grid.dx()) m << " x " << grid.dy();
  m << " m in " << gdal::describe_crs(grid_crs) << " from (" << grid.xmin << ", " << grid.ymax << "), the extent ["
    << box[0] << ", " << box[1] << ", " << box[2] << ", " << box[3] << "] snapped outward";
  log.debug(m.str());
  return grid;
}

}  // namespace oremap::sources
