#pragma once
// The lattice the analysis grid's cell edges lie on, from [grid] align: whole multiples of the
// cell size ("cell"), a raster layer's pixel lattice, the lattice through a point, or (align
// absent) the lattice the project's raster layers share.
#include <ogr_spatialref.h>

#include "core/log.hpp"
#include "project/project.hpp"

namespace oremap::sources {

// Cell edges at x = x0 + i * dx and y = y0 + j * dy (whole i, j; dx, dy the cell width and
// height); x0 lies in [0, dx) and y0 in [0, dy), 0 for whole multiples of the cell size.
struct Lattice {
  double x0 = 0, y0 = 0;
};

// The lattice of `p`'s grid in `grid_crs`. Throws Error(ExitCode::project) naming grid.align
// when align names a layer whose pixels cannot be the grid's cells. Logs the choice when the
// raster layers decide it.
Lattice grid_lattice(const project::Project& p, const OGRSpatialReference& grid_crs, const Log& log);

}  // namespace oremap::sources
