#include "stages/models/training_deposits.hpp"

#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "gdal/grid_raster.hpp"
#include "geos/handles.hpp"
#include "stages/sources/vector_source.hpp"

namespace oremap::models {

DepositCells read_deposit_cells(const RunContext& ctx, const std::string& layer_id) {
  geos::Context geos;
  sources::VectorData data = sources::read_vector(ctx.project.layer(layer_id), ctx.grid, geos, ctx.log);
  gdal::DatasetPtr mask;
  if (!ctx.mask.empty()) mask = gdal::open_grid_raster(ctx.mask, ctx.grid);
  const Grid& g = ctx.grid;
  DepositCells out;
  std::vector<unsigned char> line(static_cast<std::size_t>(g.cols));
  for (const auto& f : data.features) {
    // A polygon deposit counts at its centroid (point-on-surface keeps it inside the polygon).
    geos::GeometryPtr p = geos::own(geos, GEOSPointOnSurface_r(geos.get(), f.geometry.get()), "PointOnSurface");
    double x = 0, y = 0;
    GEOSGeomGetX_r(geos.get(), p.get(), &x);
    GEOSGeomGetY_r(geos.get(), p.get(), &y);
    // Compared as doubles before the cast, so a point far off the grid cannot overflow an int.
    const double fc = std::floor((x - g.xmin) / g.dx()), fr = std::floor((g.ymax - y) / g.dy());
    bool inside = fc >= 0 && fr >= 0 && fc < g.cols && fr < g.rows;
    const int col = inside ? static_cast<int>(fc) : 0, row = inside ? static_cast<int>(fr) : 0;
    if (inside && mask) {
      gdal::read_rows_byte(*mask, row, 1, line.data());
      inside = line[static_cast<std::size_t>(col)] != 0;
    }
    if (!inside) {
      ++out.outside;
      continue;
    }
    ++out.count_by_cell[static_cast<long long>(row) * g.cols + col];
    ++out.total;
  }
  return out;
}

DepositCells deposit_cells(const RunContext& ctx, const std::string& layer_id) {
  DepositCells out = read_deposit_cells(ctx, layer_id);
  if (out.outside)
    ctx.log.warn(layer_id + ": " + std::to_string(out.outside) +
                 " deposits lie outside the grid or mask and are ignored");
  if (out.total == 0)
    throw InputError(layer_id + ": no deposit lies inside the study area; training needs at least one");
  return out;
}

}  // namespace oremap::models
