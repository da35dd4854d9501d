#include "stages/models/training_deposits.hpp"

#include <cmath>

#include "core/error.hpp"
#include "gdal/grid_raster.hpp"
#include "geos/handles.hpp"
#include "stages/sources/vector_source.hpp"

namespace oremap::models {

DepositCells deposit_cells(const RunContext& ctx, const std::string& layer_id) {
  geos::Context geos;
  sources::VectorData data = sources::read_vector(ctx.project.layer(layer_id), ctx.grid, geos, ctx.log);
  gdal::DatasetPtr mask;
  if (!ctx.mask.empty()) mask = gdal::open_grid_raster(ctx.mask, ctx.grid);
  const Grid& g = ctx.grid;
  DepositCells out;
  for (const auto& f : data.features) {
    // A polygon deposit counts at its centroid (point-on-surface keeps it inside the polygon).
    geos::GeometryPtr p = geos::own(geos, GEOSPointOnSurface_r(geos.get(), f.geometry.get()), "PointOnSurface");
    double x = 0, y = 0;
    GEOSGeomGetX_r(geos.get(), p.get(), &x);
    GEOSGeomGetY_r(geos.get(), p.get(), &y);
    int col = static_cast<int>(std::floor((x - g.xmin) / g.cell_size));
    int row = static_cast<int>(std::floor((g.ymax - y) / g.cell_size));
    bool on_grid = col >= 0 && row >= 0 && col < g.cols && row < g.rows;
    unsigned char inside = on_grid ? 1 : 0;
    if (on_grid && mask) {
      std::vector<unsigned char> line(g.cols);
      gdal::read_rows_byte(*mask, row, 1, line.data());
      inside = line[col];
    }
    if (!inside) {
      ++out.outside;
      continue;
    }
    ++out.count_by_cell[static_cast<long long>(row) * g.cols + col];
    ++out.total;
  }
  if (out.outside)
    ctx.log.warn(layer_id + ": " + std::to_string(out.outside) + " deposits lie outside the grid or mask and are ignored");
  if (out.total == 0)
    throw InputError(layer_id + ": no deposit lies inside the study area; training needs at least one");
  return out;
}

}  // namespace oremap::models
