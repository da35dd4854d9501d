#include "stages/sources/vector_source.hpp"

#include <cpl_string.h>

#include <memory>

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
// Polygons are repaired with GEOS's "structure" method without collapsed parts, so they stay
// polygons (GEOS's default "linework" method can add the collapsed spikes as lines, making a
// collection that polygon operations refuse).
geos::GeometryPtr make_valid(geos::GeometryPtr g, const geos::Context& ctx, IngestCounts& counts) {
  if (GEOSisValid_r(ctx.get(), g.get()) == 1) return g;
  ++counts.repaired;
  const int type = GEOSGeomTypeId_r(ctx.get(), g.get());
  if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON)
    return geos::own(ctx, GEOSMakeValid_r(ctx.get(), g.get()), "MakeValid");
  auto destroy = [&ctx](GEOSMakeValidParams* p) { GEOSMakeValidParams_destroy_r(ctx.get(), p); };
  std::unique_ptr<GEOSMakeValidParams, decltype(destroy)> params(GEOSMakeValidParams_create_r(ctx.get()), destroy);
  GEOSMakeValidParams_setMethod_r(ctx.get(), params.get(), GEOS_MAKE_VALID_STRUCTURE);
  GEOSMakeValidParams_setKeepCollapsed_r(ctx.get(), params.get(), 0);
  return geos::own(ctx, GEOSMakeValidWithParams_r(ctx.get(), g.get(), params.get()), "MakeValid");
}

// Attribute text as UTF-8. Files that are not (a Latin-1 CSV, a Shapefile without .cpg) are
// read as Latin-1, the usual culprit, instead of passing invalid bytes to maps and web pages.
std::string utf8_text(const char* text, IngestCounts& counts) {
  if (CPLIsUTF8(text, -1)) return text;
  ++counts.recoded;
  char* recoded = CPLRecode(text, CPL_ENC_ISO8859_1, CPL_ENC_UTF8);
  std::string out = recoded;
  CPLFree(recoded);
  return out;
}

}  // namespace

VectorData read_vector(const project::LayerSpec& spec, const Grid& grid, const geos::Context& ctx, const Log& log) {
  OpenedVector v = open_vector(spec);
  OGRSpatialReference grid_crs;
  grid_crs.importFromWkt(grid.crs_wkt.c_str());
  // Layers already in the grid's CRS (the usual case for prepared data) skip the transform.
  gdal::TransformPtr to_grid = gdal::same_crs(v.crs, grid_crs) ? nullptr : gdal::make_transform(v.crs, grid_crs);

  VectorData out;
  out.id = spec.id;
  const OGRFeatureDefn* defn = v.layer->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    out.fields.push_back(
        {defn->GetFieldDefn(i)->GetNameRef(), OGRFieldDefn::GetFieldTypeName(defn->GetFieldDefn(i)->GetType())});

  const double gxmin = grid.xmin, gxmax = grid.xmax(), gymin = grid.ymin(), gymax = grid.ymax;
  for_each_feature(v, spec, [&](OGRFeature& f) {
    ++out.counts.read;
    OGRGeometry* g = f.GetGeometryRef();
    if (!g || g->IsEmpty()) {
      ++out.counts.skipped_empty;
      return;
    }
    if (to_grid && g->transform(to_grid.get()) != OGRERR_NONE)
      throw InputError(label(spec) + ": feature " + std::to_string(f.GetFID()) +
                       " cannot be reprojected to the grid CRS: " + gdal::last_error() +
                       "; check the layer's CRS (override it with crs = \"EPSG:...\")");
    VectorFeature feature;
    feature.fid = f.GetFID();
    feature.geometry = make_valid(to_geos(*g, ctx), ctx, out.counts);
    if (GEOSisEmpty_r(ctx.get(), feature.geometry.get()) == 1) {
      ++out.counts.skipped_empty;
      return;
    }
    OGREnvelope env;
    g->getEnvelope(&env);
    if (env.MaxX < gxmin || env.MinX > gxmax || env.MaxY < gymin || env.MinY > gymax) ++out.counts.outside_grid;
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
      bool set = f.IsFieldSetAndNotNull(i);
      feature.is_null.push_back(!set);
      feature.values.push_back(set ? utf8_text(f.GetFieldAsString(i), out.counts) : "");
    }
    out.features.push_back(std::move(feature));
  });

  const auto& c = out.counts;
  log.debug(spec.id + ": " + std::to_string(out.features.size()) + " features kept of " + std::to_string(c.read) +
            " read; " + std::to_string(c.repaired) + " repaired with MakeValid, " + std::to_string(c.skipped_empty) +
            " empty skipped");
  // Not one geometry usable as given (each needed repair or was empty): a broken file, say so.
  if (c.repaired && c.repaired + c.skipped_empty >= c.read)
    log.warn(label(spec) + ": every geometry (" + std::to_string(c.read) + ") is invalid or empty; " +
             std::to_string(c.repaired) + " were repaired with GEOS MakeValid and " +
             std::to_string(out.features.size()) +
             " kept; check the file (a broken export, swapped "
             "coordinates?) or repair it, e.g. ogr2ogr -makevalid");
  else if (c.repaired)
    log.info(spec.id + ": " + std::to_string(c.repaired) + " invalid geometries repaired (GEOS MakeValid)");
  if (c.skipped_empty) log.info(spec.id + ": " + std::to_string(c.skipped_empty) + " empty geometries skipped");
  if (c.recoded)
    log.warn(label(spec) + ": " + std::to_string(c.recoded) +
             " attribute values are not UTF-8 and were read as Latin-1; if that is wrong, convert the file to "
             "UTF-8 (a Shapefile: declare encoding = \"...\" on the layer)");
  if (out.features.empty() && c.repaired)
    throw InputError(label(spec) + ": no usable features: " + std::to_string(c.repaired) + " of " +
                     std::to_string(c.read) + " geometries are invalid and nothing is left of them after repair " +
                     "(GEOS MakeValid: zero-area polygons, rings of fewer than 4 points); fix the geometries in " +
                     "the file");
  if (out.features.empty())
    throw InputError(label(spec) + ": no usable features" +
                     (spec.where ? " matching where = \"" + *spec.where + "\"" : std::string()) +
                     "; check the file and the filter");
  if (c.outside_grid == static_cast<long long>(out.features.size()))
    log.warn(label(spec) + ": every feature lies outside the grid's extent; check the layer's CRS or the grid");
  return out;
}

}  // namespace oremap::sources
