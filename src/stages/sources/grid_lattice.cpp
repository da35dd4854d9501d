#include "stages/sources/grid_lattice.hpp"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/number_text.hpp"
#include "gdal/handles.hpp"
#include "stages/sources/layer_open.hpp"

namespace oremap::sources {

namespace {

constexpr double kTolerance = 1e-6;  // of a cell: lattices closer than this are the same

std::string metres(double v) { return significant_text(v, 12); }

// v modulo the cell size, in [0, c); within a millionth of a cell of a whole multiple it is 0,
// so that a lattice read from a file's rounded coordinates is the same in every run.
double wrap(double v, double c) {
  double r = std::fmod(v, c);
  if (r < 0) r += c;
  if (r < kTolerance * c || r > (1 - kTolerance) * c) r = 0;
  return r;
}

// How far lattice b lies from lattice a, each axis in (-c/2, c/2] of its cell size.
std::array<double, 2> offset(const Lattice& a, const Lattice& b, double dx, double dy) {
  auto signed_wrap = [](double d, double c) {
    double r = wrap(d, c);
    return r > c / 2 ? r - c : r;
  };
  return {signed_wrap(b.x0 - a.x0, dx), signed_wrap(b.y0 - a.y0, dy)};
}

// A raster layer's pixel lattice, or why its pixels cannot be the grid's cells.
struct RasterLattice {
  Lattice lattice;
  std::string why_not;  // empty when the lattice can be the grid's
  std::string fix;
};

RasterLattice raster_lattice(const project::LayerSpec& spec, const OGRSpatialReference& grid_crs, double dx,
                             double dy) {
  OpenedRaster r = open_raster(spec);  // throws InputError; it has a geotransform
  double gt[6];
  r.dataset->GetGeoTransform(gt);
  RasterLattice out;
  const std::string corner = "align = [" + metres(gt[0]) + ", " + metres(gt[3]) + "] (the lattice through its corner)";
  if (!gdal::same_crs(r.crs, grid_crs)) {
    out.why_not = "is in " + gdal::describe_crs(r.crs) + ", not in the grid's CRS " + gdal::describe_crs(grid_crs);
    out.fix = "set grid.crs to the layer's CRS, or use align = \"cell\" (the layer is then resampled)";
  } else if (gt[2] != 0 || gt[4] != 0 || gt[5] >= 0) {
    out.why_not = "is not north-up (rotated or flipped)";
    out.fix = "use " + corner + " or \"cell\"; the layer is resampled either way";
  } else if (std::fabs(gt[1] - dx) > kTolerance * dx || std::fabs(-gt[5] - dy) > kTolerance * dy) {
    out.why_not = "has pixels of " + metres(gt[1]) + " x " + metres(-gt[5]) + " m, not the grid's " +
                  (dx == dy ? "cell_size of " + metres(dx) : "cells of " + metres(dx) + " x " + metres(dy)) + " m";
    out.fix =
        "set cell_size = " + (gt[1] == -gt[5] ? metres(gt[1]) : "[" + metres(gt[1]) + ", " + metres(-gt[5]) + "]") +
        ", or use " + corner + " or \"cell\" (the layer is then resampled)";
  }
  out.lattice = {wrap(gt[0], dx), wrap(gt[3], dy)};
  return out;
}

std::string describe(const Lattice& l) {
  return "origin offset " + metres(l.x0) + ", " + metres(l.y0) + " m from whole cells";
}

Lattice named_layer(const project::Project& p, const std::string& id, const OGRSpatialReference& grid_crs,
                    const Log& log) {
  const project::LayerSpec* spec = p.find_layer(id);
  if (!spec || spec->type != "raster")
    throw Error(ExitCode::project, "grid.align: '" + id + "' is not " + (spec ? "a raster layer" : "a layer id") +
                                       "; give \"cell\", a point [x0, y0] or the id of a raster layer");
  const RasterLattice r = raster_lattice(*spec, grid_crs, p.grid.cell_size, p.grid.dy());
  if (!r.why_not.empty())
    throw Error(ExitCode::project, "grid.align: raster layer '" + id + "' " + r.why_not +
                                       ", so its pixels cannot be the grid's cells: " + r.fix);
  log.info("grid: aligned to the lattice of raster layer '" + id + "' (" + describe(r.lattice) + ")");
  return r.lattice;
}

// align absent: the lattice of the raster layers whose pixels can be the grid's cells. A raster
// that cannot be opened is left to the stage that reads it, which reports it.
Lattice shared_lattice(const project::Project& p, const OGRSpatialReference& grid_crs, const Log& log) {
  const double dx = p.grid.cell_size, dy = p.grid.dy();
  std::optional<Lattice> first;
  std::string first_id;
  for (const auto& spec : p.layers) {
    if (spec.type != "raster") continue;
    RasterLattice r;
    try {
      r = raster_lattice(spec, grid_crs, dx, dy);
    } catch (const Error& e) {
      log.debug("grid: " + spec.id + " is not considered for the grid's lattice: " + e.what());
      continue;
    }
    if (!r.why_not.empty()) continue;
    if (!first) {
      first = r.lattice;
      first_id = spec.id;
      continue;
    }
    const auto d = offset(*first, r.lattice, dx, dy);
    if (d[0] != 0 || d[1] != 0)
      log.warn("grid: raster layers '" + first_id + "' and '" + spec.id + "' lie on different lattices ('" + spec.id +
               "' is " + metres(d[0]) + ", " + metres(d[1]) + " m off '" + first_id +
               "'); the grid takes the lattice of '" + first_id + "', so '" + spec.id +
               "' is resampled: set [grid] align to choose");
  }
  if (!first) return {};
  const std::string how = "grid: aligned to the lattice of raster layer '" + first_id + "' (" + describe(*first) + ")";
  if (first->x0 != 0 || first->y0 != 0)
    log.info(how);
  else
    log.debug(how);
  return *first;
}

}  // namespace

Lattice grid_lattice(const project::Project& p, const OGRSpatialReference& grid_crs, const Log& log) {
  const auto& g = p.grid;
  if (g.align_point) return {wrap((*g.align_point)[0], g.cell_size), wrap((*g.align_point)[1], g.dy())};
  if (g.align_to && *g.align_to == "cell") return {};
  if (g.align_to) return named_layer(p, *g.align_to, grid_crs, log);
  return shared_lattice(p, grid_crs, log);
}

}  // namespace oremap::sources
