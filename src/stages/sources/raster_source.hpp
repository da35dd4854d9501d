#pragma once
// Puts a raster layer onto the analysis grid with GDAL's warper (lazily, as a VRT, so
// blocks are read and resampled on demand with bounded memory).
#include <string>

#include "core/grid.hpp"
#include "core/log.hpp"
#include "gdal/handles.hpp"
#include "project/project.hpp"

namespace oremap::sources {

struct GridRaster {
  gdal::DatasetPtr file;    // kept open: the VRTs below read from it
  gdal::DatasetPtr source;  // band view with scale/offset applied
  gdal::DatasetPtr warped;  // one Float32 band on the grid; nodata set
  double nodata = 0;
};

// Band selection, scale/offset applied, nodata kept, resampling as declared.
GridRaster warp_to_grid(const project::LayerSpec& spec, const Grid& grid, const Log& log);

// Default nodata of oremap's Float32 rasters.
constexpr double kNoData = -3.4028234663852886e38;

}  // namespace oremap::sources
