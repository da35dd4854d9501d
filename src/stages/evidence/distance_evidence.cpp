// Exact Euclidean distance (metres) to features: from each cell centre to a vector layer's
// geometry itself (its segments, 0 inside polygons: algo/segment_distance), or to the nearest
// raster cell with chosen values (an exact distance transform between cell centres).

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <mutex>

#include "algo/distance_transform.hpp"
#include "algo/segment_distance.hpp"
#include "core/error.hpp"
#include "gdal/cache_loan.hpp"
#include "gdal/grid_raster.hpp"
#include "gdal/progress_callback.hpp"
#include "gdal/rasterize.hpp"
#include "stages/block_engine.hpp"
#include "stages/evidence/distance_banded.hpp"
#include "stages/evidence/distance_on_disk.hpp"
#include "stages/evidence/evidence_steps.hpp"
#include "stages/evidence/feature_segments.hpp"
#include "stages/sources/layer_open.hpp"

namespace oremap::evidence {

// GDAL's rasteriser (and a distance's inside test) fills polygons as drawn: a self-intersecting
// ring may fill the wrong cells. They are not repaired here (neither needs valid geometry), but
// the user is told, naming the layer and its file; `how` says what is done with them.
static void warn_invalid_polygons(const RunContext& ctx, const project::LayerSpec& layer,
                                  const std::vector<gdal::GeometryPtr>& geometries, const std::string& how) {
  std::size_t polygons = 0, invalid = 0;
  for (const auto& g : geometries) {
    const OGRwkbGeometryType type = wkbFlatten(g->getGeometryType());
    if (type != wkbPolygon && type != wkbMultiPolygon) continue;
    ++polygons;
    if (!g->IsValid()) ++invalid;
  }
  CPLErrorReset();
  if (invalid == 0) return;
  const std::string what = invalid == polygons
                               ? "all " + std::to_string(polygons) + " polygons are invalid"
                               : std::to_string(invalid) + " of " + std::to_string(polygons) + " polygons are invalid";
  ctx.log.warn(sources::label(layer) + ": " + what + " (self-intersecting or badly nested rings) and are " + how +
               ", which can fill the wrong "
               "cells; repair the file, e.g. ogr2ogr -makevalid fixed.gpkg " +
               layer.path);
}

// The layer's features (after its filter) with a geometry, reprojected to the grid's CRS; a feature
// that cannot be reprojected is skipped with a warning. A layer without features is an error.
static std::vector<gdal::GeometryPtr> grid_geometries(const RunContext& ctx, const project::LayerSpec& layer) {
  sources::OpenedVector v = sources::open_vector(layer);
  // Reproject explicitly so the layer's CRS is honoured whatever GDAL's rasteriser assumes.
  OGRSpatialReference grid_crs;
  grid_crs.importFromWkt(ctx.grid.crs_wkt.c_str());
  gdal::TransformPtr to_grid = gdal::make_transform(v.crs, grid_crs);
  std::vector<gdal::GeometryPtr> owned;
  std::size_t features = 0;
  sources::for_each_feature(v, layer, [&](OGRFeature& f) {
    ++features;
    OGRGeometry* g = f.GetGeometryRef();
    if (!g || g->IsEmpty()) return;
    gdal::GeometryPtr copy(g->clone());
    if (copy->transform(to_grid.get()) != OGRERR_NONE) {
      ctx.log.warn(sources::label(layer) + ": feature " + std::to_string(f.GetFID()) +
                   " cannot be reprojected to the grid CRS and is skipped: " + gdal::last_error());
      return;
    }
    owned.push_back(std::move(copy));
  });
  // Distances to nothing, or a mask of nothing, mean a wrong file or filter, not a result.
  if (features == 0)
    throw InputError(sources::label(layer) + ": the layer has no features" +
                     (layer.where ? " matching where = \"" + *layer.where + "\"; check the filter's values"
                                  : "; check that it is the right file (an empty export?)"));
  return owned;
}

static void burn_features_here(const RunContext& ctx, const project::LayerSpec& layer, const Path& out,
                               bool all_touched);

void burn_features(const RunContext& ctx, const project::LayerSpec& layer, const Path& out, bool all_touched) {
  // GDAL's rasteriser fills the whole grid: on rank 0, the others read the file.
  ctx.ranks->on_root([&] { burn_features_here(ctx, layer, out, all_touched); });
}

static void burn_features_here(const RunContext& ctx, const project::LayerSpec& layer, const Path& out,
                               bool all_touched) {
  const std::vector<gdal::GeometryPtr> owned = grid_geometries(ctx, layer);
  gdal::DatasetPtr mask = gdal::create_grid_tiff(out, ctx.grid, GDT_Byte, gdal::Storage::compressed, ctx.threads);
  // No Fill(0): a new GeoTIFF's blocks read as 0 until written (the band has no nodata), and
  // filling would write, compress and cache every block of the grid once more.
  std::vector<OGRGeometryH> geoms;
  for (const auto& g : owned) geoms.push_back(OGRGeometry::ToHandle(g.get()));
  const std::vector<double> burn(geoms.size(), 1.0);  // GDAL wants one value per geometry and band
  warn_invalid_polygons(ctx, layer, owned, "rasterised as drawn");
  gdal::ProgressCallback burning(ctx.progress, layer.id + ": rasterising");
  if (!geoms.empty() && gdal::rasterize(*mask, geoms, burn.data(), all_touched, burning) != CE_None) {
    if (burning.stopped()) throw Cancelled();
    throw LibraryError(sources::label(layer) + ": GDAL cannot rasterise the features: " + gdal::last_error());
  }
  gdal::close_written(mask, out);
}

// Feeds the distance transform, top row first, with the feature cells of `raster`: cells whose
// value is one of `values` (any non-zero data value if empty). Strips are read and tested in
// parallel; whichever thread completes the next strip in row order feeds it and any finished
// strips after it. No thread waits for another, and no mask file is written.
static void scan_features(const RunContext& ctx, const RasterInput& raster, const std::vector<double>& values,
                          const std::function<void(const std::uint8_t*)>& add_row) {
  std::mutex feed_mutex;
  std::size_t next = 0;                                       // the strip whose rows go next
  std::map<std::size_t, std::vector<unsigned char>> waiting;  // finished strips after `next`
  visit_features(ctx, raster, values, [&](const Strip& s, std::vector<unsigned char>& hits) {
    std::lock_guard<std::mutex> lock(feed_mutex);
    waiting.emplace(s.index, std::move(hits));
    for (auto it = waiting.find(next); it != waiting.end(); it = waiting.find(++next)) {
      for (std::size_t row = 0; row < it->second.size(); row += s.cols) add_row(it->second.data() + row);
      waiting.erase(it);
    }
  });
}

// Whether a raster can have nodata cells (NaN as the engine reads it): a per-cell step can, a
// file only with a nodata value or floating-point cells. An integer raster without one (a road
// mask) cannot, and is then not read a second time.
static bool may_hold_nodata(const RasterInput& raster) {
  if (raster.deferred()) return true;
  gdal::DatasetPtr ds = gdal::open_dataset(raster.file().string(), GDAL_OF_RASTER);
  GDALRasterBand* band = ds->GetRasterBand(1);
  int has_nodata = 0;
  band->GetNoDataValue(&has_nodata);
  return has_nodata || GDALDataTypeIsFloating(band->GetRasterDataType());
}

// Nodata beyond max_distance, and, for a raster input with keep_nodata, where the input is
// nodata (features are data cells, so only non-feature cells can be); nothing to do otherwise.
static DistanceFinish distance_finish(const RunContext& ctx, const project::StepSpec& step, bool raster_input) {
  DistanceFinish finish;
  const float max_distance =
      step.has("max_distance") ? static_cast<float>(step.num("max_distance")) : std::numeric_limits<float>::infinity();
  const bool keep_nodata = raster_input && step.flag("keep_nodata") && may_hold_nodata(ctx.raster(step.str("input")));
  if (keep_nodata) finish.inputs = {ctx.raster(step.str("input"))};
  finish.apply = [max_distance, keep_nodata](const Strip& s, float* d) {
    if (!std::isinf(max_distance))
      for (std::size_t i = 0; i < s.cells(); ++i)
        if (d[i] > max_distance) d[i] = NAN;
    if (keep_nodata)
      for (std::size_t i = 0; i < s.cells(); ++i)
        if (std::isnan(s.inputs[0][i])) d[i] = NAN;
  };
  return finish;
}

// Distances from each cell centre to a vector layer's geometry itself, strip by strip: the
// segments of every feature (44 bytes each) are all that is held, never a whole-grid array.
static void vector_distance(const RunContext& ctx, const project::StepSpec& step, const project::LayerSpec& layer,
                            double cap, const DistanceFinish& finish, const Path& out) {
  const Grid& g = ctx.grid;
  FeatureSegments features;
  {
    const std::vector<gdal::GeometryPtr> geometries = grid_geometries(ctx, layer);
    warn_invalid_polygons(ctx, layer, geometries, "filled as drawn (even-odd rule)");
    for (const auto& geometry : geometries) add_segments(*geometry, g, features);
  }
  if (features.non_finite > 0)
    ctx.log.warn(sources::label(layer) + ": " + std::to_string(features.non_finite) +
                 " segments with a coordinate that is not a number are left out");
  const double beyond = step.has("max_distance") ? step.num("max_distance") : std::numeric_limits<double>::infinity();
  // Tiles wholly beyond max_distance become nodata without their exact distances: the margin
  // keeps a distance that rounds to max_distance as a float out of them.
  const algo::SegmentDistance distances(g.cols, g.rows, g.dx(), g.dy(), features.segments, std::move(features.polygons),
                                        cap, beyond * (1 + 1e-6) + 1e-6);
  features.segments = {};
  gdal::CacheLoan held(distances.storage_bytes());
  if (distances.empty())
    ctx.log.warn("evidence " + step.id + ": the layer has no geometry; every distance is " +
                 (std::isinf(cap) ? "infinite" : "the cap"));
  map_strips(
      ctx, finish.inputs, out,
      [&](const Strip& s, float* result) {
        distances.compute_rows(s.row0, s.rows, result);
        finish.apply(s, result);
      },
      "distance", ctx.storage(step.id));
}

void distance(const RunContext& ctx, const project::StepSpec& step, const Path& out) {
  const std::string input = step.str("input");
  const double cap = step.has("cap") ? step.num("cap") : std::numeric_limits<double>::infinity();
  const Grid& g = ctx.grid;
  const project::LayerSpec* vector_layer = ctx.project.find_layer(input);
  if (vector_layer && vector_layer->type != "vector") vector_layer = nullptr;
  const DistanceFinish finish = distance_finish(ctx, step, vector_layer == nullptr);
  if (vector_layer) return vector_distance(ctx, step, *vector_layer, cap, finish, out);
  // Every mask row, top first: the raster's cells tested.
  const MaskRows mask_rows = [&](const std::function<void(const std::uint8_t*)>& add_row) {
    scan_features(ctx, ctx.raster(input), step.nums("values"), add_row);
  };
  auto warn_if_empty = [&](bool any) {
    if (!any)
      ctx.log.warn("evidence " + step.id + ": no feature cell on the grid; every distance is " +
                   (std::isinf(cap) ? "infinite" : "the cap"));
  };
  if (ctx.ranks->size() > 1) {  // each rank holds its band only
    warn_if_empty(banded_distance(ctx, ctx.raster(input), step.nums("values"), cap, finish, out, ctx.storage(step.id)));
    return;
  }
  // The transform's storage (feature rows, or per-column distances where features are dense)
  // stays in memory while it fits the cache budget (lent from it, gdal/cache_loan.hpp), else the
  // transform runs on disk.
  const std::size_t dense_bytes = static_cast<std::size_t>(g.cell_count()) * (g.rows <= 65535 ? 2 : 4);
  auto on_disk = [&](const std::string& why) {
    ctx.log.info("evidence " + step.id + ": " + why + " exceed the cache (" + std::to_string(ctx.cache_bytes >> 20) +
                 " MiB); kept on disk");
    warn_if_empty(distance_on_disk(ctx, mask_rows, cap, finish, ctx.work_dir / (step.id + "_columns.tif"), out,
                                   ctx.storage(step.id)));
    std::filesystem::remove(ctx.work_dir / (step.id + "_columns.tif"));
  };
  gdal::CacheLoan held(std::min(dense_bytes, ctx.cache_bytes));
  algo::DistanceTransform dt(g.cols, g.rows, g.dx(), g.dy(), cap, ctx.cache_bytes);
  try {
    mask_rows([&](const std::uint8_t* row) { dt.add_row(row); });
  } catch (const algo::DistanceTransform::OverBudget&) {
    held = gdal::CacheLoan();
    on_disk("the feature cells (" + std::to_string(dense_bytes >> 20) + " MiB as column distances)");
    return;
  }
  held = gdal::CacheLoan();  // then lend what the transform holds from here on
  held = gdal::CacheLoan(dt.storage_bytes());
  warn_if_empty(dt.has_features());
  dt.finish(ctx.threads);
  write_distances(ctx, dt, finish, out, ctx.storage(step.id));
}

}  // namespace oremap::evidence
