#include "stages/sources/vector_source.hpp"

#include "core/error.hpp"
#include "gdal/handles.hpp"
#include "stages/sources/layer_open.hpp"

namespace oremap::sources {

int VectorData::field_index(const std::string& name) const {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == name) return static_cast<int>(i);
  return -1;
}

namespace {

geos::GeometryPtr to_geos(const OGRGeometry& g, const geos::Context& ctx) {
  std::vector<unsigned char> wkb(g.WkbSize());
  g.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
  return geos::from_wkb(ctx, wkb.data(), wkb.size());
}

// Invalid input (bow-ties, self-touching rings) is common in survey data: repair, don't reject.
geos::GeometryPtr make_valid(geos::GeometryPtr g, const geos::Context& ctx, IngestCounts& counts) {
  if (GEOSisValid_r(ctx.get(), g.get()) == 1) return g;
  ++counts.repaired;
  return geos::own(ctx, GEOSMakeValid_r(ctx.get(), g.get()), "MakeValid");
}

}  // namespace

VectorData read_vector(const project::LayerSpec& spec, const Grid& grid, const geos::Context& ctx,
                       const Log& log) {
  OpenedVector v = open_vector(spec);
  OGRSpatialReference grid_crs;
  grid_crs.importFromWkt(grid.crs_wkt.c_str());
  // Layers already in the grid's CRS (the usual case for prepared data) skip the transform.
  gdal::TransformPtr to_grid = gdal::same_crs(v.crs, grid_crs) ? nullptr : gdal::make_transform(v.crs, grid_crs);

  VectorData out;
  out.id = spec.id;
  const OGRFeatureDefn* defn = v.layer->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    out.fields.push_back({defn->GetFieldDefn(i)->GetNameRef(),
                          OGRFieldDefn::GetFieldTypeName(defn->GetFieldDefn(i)->GetType())});

  const double gxmin = grid.xmin, gxmax = grid.xmax(), gymin = grid.ymin(), gymax = grid.ymax;
  v.layer->ResetReading();
  for (auto& f : *v.layer) {
    ++out.counts.read;
    OGRGeometry* g = f->GetGeometryRef();
    if (!g || g->IsEmpty()) {
      ++out.counts.skipped_empty;
      continue;
    }
    if (to_grid && g->transform(to_grid.get()) != OGRERR_NONE)
      throw InputError(label(spec) + ": feature " + std::to_string(f->GetFID()) +
                       " cannot be reprojected to the grid CRS: " + gdal::last_error() +
                       "; check the layer's CRS (override it with crs = \"EPSG:...\")");
    VectorFeature feature;
    feature.fid = f->GetFID();
    feature.geometry = make_valid(to_geos(*g, ctx), ctx, out.counts);
    if (GEOSisEmpty_r(ctx.get(), feature.geometry.get()) == 1) {
      ++out.counts.skipped_empty;
      continue;
    }
    OGREnvelope env;
    g->getEnvelope(&env);
    if (env.MaxX < gxmin || env.MinX > gxmax || env.MaxY < gymin || env.MinY > gymax) ++out.counts.outside_grid;
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
      bool set = f->IsFieldSetAndNotNull(i);
      feature.is_null.push_back(!set);
      feature.values.push_back(set ? f->GetFieldAsString(i) : "");
    }
    out.features.push_back(std::move(feature));
  }

  const auto& c = out.counts;
  log.debug(spec.id + ": " + std::to_string(out.features.size()) + " features kept of " + std::to_string(c.read) +
            " read; " + std::to_string(c.repaired) + " repaired with MakeValid, " + std::to_string(c.skipped_empty) +
            " empty skipped");
  if (c.repaired) log.info(spec.id + ": " + std::to_string(c.repaired) + " invalid geometries repaired (GEOS MakeValid)");
  if (c.skipped_empty) log.info(spec.id + ": " + std::to_string(c.skipped_empty) + " empty geometries skipped");
  if (out.features.empty())
    throw InputError(label(spec) + ": no usable features" +
                     (spec.where ? " matching where = \"" + *spec.where + "\"" : std::string()) +
                     "; check the file and the filter");
  if (c.outside_grid == static_cast<long long>(out.features.size()))
    log.warn(label(spec) + ": every feature lies outside the grid's extent; check the layer's CRS or the grid");
  return out;
}

}  // namespace oremap::sources
