// Evidence made by GDAL's own algorithms: point gridding (gdal_grid) and polygon
// rasterisation (gdal_rasterize), after reprojecting the features to the grid CRS.
#include <gdal_utils.h>

#include <cmath>

#include "core/error.hpp"
#include "core/number_text.hpp"
#include "gdal/grid_raster.hpp"
#include "gdal/progress_callback.hpp"
#include "gdal/rasterize.hpp"
#include "stages/evidence/evidence_steps.hpp"
#include "stages/sources/layer_open.hpp"

namespace oremap::evidence {

namespace {

struct ValuedGeometries {
  std::vector<gdal::GeometryPtr> geoms;  // in the grid CRS
  std::vector<double> values;
};

// Reads features with a numeric attribute (or a constant) in the grid CRS; null values skipped.
ValuedGeometries read_valued(const RunContext& ctx, const project::LayerSpec& layer, const std::string& field,
                             double constant, const project::StepSpec& step) {
  sources::OpenedVector v = sources::open_vector(layer);
  int index = -1;
  if (!field.empty()) {
    index = v.layer->GetLayerDefn()->GetFieldIndex(field.c_str());
    if (index < 0)
      throw InputError(step.where() + ": layer " + sources::label(layer) + " has no field '" + field +
                       "'; run `oremap inspect` to list its fields");
    OGRFieldType t = v.layer->GetLayerDefn()->GetFieldDefn(index)->GetType();
    if (t != OFTInteger && t != OFTInteger64 && t != OFTReal)
      throw InputError(step.where() + ": field '" + field + "' of " + sources::label(layer) +
                       " is not numeric; choose a numeric field");
  }
  OGRSpatialReference grid_crs;
  grid_crs.importFromWkt(ctx.grid.crs_wkt.c_str());
  gdal::TransformPtr to_grid = gdal::make_transform(v.crs, grid_crs);
  ValuedGeometries out;
  sources::for_each_feature(v, layer, [&](OGRFeature& f) {
    OGRGeometry* g = f.GetGeometryRef();
    if (!g || g->IsEmpty() || (index >= 0 && !f.IsFieldSetAndNotNull(index))) return;
    gdal::GeometryPtr copy(g->clone());
    if (copy->transform(to_grid.get()) != OGRERR_NONE) return;
    out.values.push_back(index >= 0 ? f.GetFieldAsDouble(index) : constant);
    out.geoms.push_back(std::move(copy));
  });
  if (out.geoms.empty())
    throw InputError(step.where() + ": " + sources::label(layer) + " has no features with a value to use");
  return out;
}

constexpr double kGridNoData = -3.0e38;

}  // namespace

// GDAL's gridding and rasteriser fill the whole grid: on rank 0, the others read the file.
static void interpolate_here(const RunContext& ctx, const project::StepSpec& step, const Path& out);
static void rasterise_here(const RunContext& ctx, const project::StepSpec& step, const Path& out);

void interpolate(const RunContext& ctx, const project::StepSpec& step, const Path& out) {
  ctx.ranks->on_root([&] { interpolate_here(ctx, step, out); });
}

void rasterise(const RunContext& ctx, const project::StepSpec& step, const Path& out) {
  ctx.ranks->on_root([&] { rasterise_here(ctx, step, out); });
}

static void interpolate_here(const RunContext& ctx, const project::StepSpec& step, const Path& out) {
  const project::LayerSpec& layer = ctx.project.layer(step.str("input"));
  ValuedGeometries pts = read_valued(ctx, layer, step.str("field"), 0, step);
  // A point layer in the grid CRS with the value as Z, for gdal_grid.
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("Memory");
  gdal::DatasetPtr src(mem->Create("", 0, 0, 0, GDT_Unknown, nullptr));
  OGRSpatialReference grid_crs;
  grid_crs.importFromWkt(ctx.grid.crs_wkt.c_str());
  OGRLayer* l = src->CreateLayer("points", &grid_crs, wkbPoint25D, nullptr);
  for (std::size_t i = 0; i < pts.geoms.size(); ++i) {
    const OGRPoint* p = pts.geoms[i]->getGeometryType() == wkbPoint ? pts.geoms[i]->toPoint() : nullptr;
    if (!p) throw InputError(step.where() + ": interpolate needs a point layer; " + sources::label(layer) + " is not");
    OGRFeature f(l->GetLayerDefn());
    OGRPoint xyz(p->getX(), p->getY(), pts.values[i]);
    f.SetGeometry(&xyz);
    if (l->CreateFeature(&f) != OGRERR_NONE) throw LibraryError(step.where() + ": " + gdal::last_error());
  }
  const std::string method = step.str("method");
  const double radius = step.num("radius");
  std::string algo = method;
  if (method == "invdist") algo += ":power=" + significant_text(step.num("power"), 17);
  if (radius > 0 || method != "invdist")
    algo += ":radius1=" + significant_text(radius, 17) + ":radius2=" + significant_text(radius, 17);
  if (method != "nearest") {
    algo += ":min_points=" + significant_text(step.num("min_points"), 17);
    if (step.num("max_points") > 0) algo += ":max_points=" + significant_text(step.num("max_points"), 17);
  }
  algo += ":nodata=" + significant_text(kGridNoData, 17);
  const Grid& g = ctx.grid;
  gdal::StringList args;
  args.add("-of").add("GTiff").add("-ot").add("Float32").add("-a").add(algo);
  args.add("-txe").add(significant_text(g.xmin, 17)).add(significant_text(g.xmax(), 17));
  args.add("-tye").add(significant_text(g.ymax, 17)).add(significant_text(g.ymin(), 17));
  args.add("-outsize").add(std::to_string(g.cols)).add(std::to_string(g.rows));
  args.add("-co").add("TILED=YES").add("-a_srs").add(g.crs_wkt).add("-q");
  GDALGridOptions* opts = GDALGridOptionsNew(args.get(), nullptr);
  gdal::ProgressCallback gridding(scaled_progress(ctx.progress, 0.0, 0.9), step.id + ": gridding");
  GDALGridOptionsSetProgress(opts, gdal::ProgressCallback::callback, gridding.data());
  int usage = 0;
  Path raw = ctx.work_dir / (step.id + "_grid.tif");
  GDALDatasetH result = GDALGrid(raw.string().c_str(), GDALDataset::ToHandle(src.get()), opts, &usage);
  GDALGridOptionsFree(opts);
  if (!result) {
    std::error_code ec;
    std::filesystem::remove(raw, ec);
    if (gridding.stopped()) throw Cancelled();
    throw LibraryError(step.where() + ": GDAL gridding failed: " + gdal::last_error());
  }
  gdal::DatasetPtr gridded(GDALDataset::FromHandle(result));
  double gt[6];
  gridded->GetGeoTransform(gt);
  const bool south_up = gt[5] > 0;
  gdal::DatasetPtr dst = gdal::create_grid_tiff(out, g, GDT_Float32, ctx.storage(step.id), ctx.threads);
  std::vector<float> row(g.cols);
  for (int r = 0; r < g.rows; ++r) {
    gdal::read_rows(*gridded, south_up ? g.rows - 1 - r : r, 1, row.data());
    for (auto& v : row)
      if (v <= kGridNoData * 0.999) v = NAN;
    gdal::write_rows(*dst, r, 1, row.data());
    if (((r + 1) % 256 == 0 || r + 1 == g.rows) &&
        !ctx.progress(0.9 + 0.1 * static_cast<double>(r + 1) / g.rows, step.id + ": gridding"))
      throw Cancelled();
  }
  gdal::close_written(dst, out);
  gridded.reset();
  std::filesystem::remove(raw);
}

static void rasterise_here(const RunContext& ctx, const project::StepSpec& step, const Path& out) {
  const project::LayerSpec& layer = ctx.project.layer(step.str("input"));
  ValuedGeometries polys = read_valued(ctx, layer, step.str("field"), step.num("burn"), step);
  gdal::DatasetPtr dst = gdal::create_grid_tiff(out, ctx.grid, GDT_Float32, ctx.storage(step.id), ctx.threads);
  // Unwritten blocks of a new GeoTIFF read as its nodata (NaN): only another outside value
  // needs a fill, which writes, compresses and caches every block of the grid once more.
  if (const double outside = step.has("outside") ? step.num("outside") : NAN; !std::isnan(outside))
    dst->GetRasterBand(1)->Fill(outside);
  std::vector<OGRGeometryH> handles;
  for (auto& g : polys.geoms) handles.push_back(OGRGeometry::ToHandle(g.get()));
  gdal::ProgressCallback burning(ctx.progress, step.id + ": rasterising");
  if (gdal::rasterize(*dst, handles, polys.values.data(), step.flag("all_touched"), burning) != CE_None) {
    if (burning.stopped()) throw Cancelled();
    throw LibraryError(step.where() + ": GDAL cannot rasterise " + sources::label(layer) + ": " + gdal::last_error());
  }
  gdal::close_written(dst, out);
}

}  // namespace oremap::evidence
