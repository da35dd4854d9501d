#include "stages/sources/grid_builder.hpp"

#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "gdal/handles.hpp"
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

// Snaps outward to whole multiples of the cell size, so grids of different runs align.
void snap(Grid& grid, const std::array<double, 4>& box) {
  const double c = grid.cell_size;
  double xmin = std::floor(box[0] / c) * c, ymin = std::floor(box[1] / c) * c;
  double xmax = std::ceil(box[2] / c) * c, ymax = std::ceil(box[3] / c) * c;
  grid.xmin = xmin;
  grid.ymax = ymax;
  grid.cols = std::max(1, static_cast<int>(std::lround((xmax - xmin) / c)));
  grid.rows = std::max(1, static_cast<int>(std::lround((ymax - ymin) / c)));
}

}  // namespace

Grid build_grid(const project::Project& p, const Log& log) {
  Extent extent = declared_extent(p);
  OGRSpatialReference grid_crs;
  if (p.grid.crs) {
    grid_crs = gdal::parse_crs(*p.grid.crs, "grid.crs");
  } else {
    OGRSpatialReference wgs84 = gdal::parse_crs("EPSG:4326", "grid");
    auto ll = transform_bounds(extent.box, extent.crs, wgs84);
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

  std::array<double, 4> box = transform_bounds(extent.box, extent.crs, grid_crs);
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
  snap(grid, box);
  const long long cells = grid.cell_count();
  if (cells > 4'000'000'000LL)
    throw Error(ExitCode::project, "grid: " + std::to_string(grid.cols) + " x " + std::to_string(grid.rows) +
                                       " cells is too many; increase grid.cell_size or reduce the extent");
  std::ostringstream m;
  m << "grid: " << grid.cols << " x " << grid.rows << " cells of " << grid.cell_size << " m in "
    << gdal::describe_crs(grid_crs);
  log.debug(m.str());
  return grid;
}

}  // namespace oremap::sources
