#pragma once
// Puts a raster layer onto the analysis grid with GDAL's warper (lazily, as a VRT, so
// blocks are read and resampled on demand with bounded memory).
#include <filesystem>
#include <optional>
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

// Band selection, scale/offset applied, nodata kept, resampling as declared. The warper
// computes each chunk on `threads` threads (GDAL's NUM_THREADS warp option).
GridRaster warp_to_grid(const project::LayerSpec& spec, const Grid& grid, const Log& log, int threads = 1);

// A layer on the grid's lattice (same CRS, north-up, pixels of the cell size, origin a whole
// number of cells from the grid's, no scale or offset, blocks no taller than a strip) needs no
// warp and no copy, whatever its extent: returns the path the block engine reads it from. That
// is the file itself when it covers exactly the grid and band `band` is band 1 of Float32 with
// NaN or no nodata; otherwise a Float32 VRT view written to `vrt` that maps its pixels onto the
// grid's cells by a whole offset, whose nodata cells and cells outside the raster read as NaN.
// Returns nullopt when the layer must go through warp_to_grid.
std::optional<std::filesystem::path> read_in_place(const project::LayerSpec& spec, const Grid& grid,
                                                   const std::filesystem::path& vrt, const Log& log);

// Why read_in_place would refuse the layer ("in another CRS", "off the grid's lattice ..."), or
// "" when it reads it in place. For the plan (stages/raster_plan.hpp).
std::string in_place_refusal(const project::LayerSpec& spec, const Grid& grid);

// Default nodata of oremap's Float32 rasters.
constexpr double kNoData = -3.4028234663852886e38;

}  // namespace oremap::sources
