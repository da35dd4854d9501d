#pragma once
// Builds the analysis grid from the project's [grid] table.
#include "core/grid.hpp"
#include "core/log.hpp"
#include "project/project.hpp"

namespace oremap::sources {

Grid build_grid(const project::Project& project, const Log& log);

// EPSG code of the WGS 84 UTM zone holding (lon, lat): 326zz north, 327zz south.
int utm_epsg(double lon, double lat);

}  // namespace oremap::sources
