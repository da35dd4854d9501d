#include "stages/sinks/viewer/geojson.hpp"

#include <atomic>
#include <functional>

#include "core/error.hpp"
#include "gdal/handles.hpp"
#include "stages/sinks/site_tables/columns.hpp"
#include "stages/sources/layer_open.hpp"

namespace oremap::sinks {

namespace {

// Creates a GeoJSON dataset in /vsimem, lets `fill` add one layer, and parses the result.
nlohmann::json vsimem_geojson(const std::string& what, const std::function<void(GDALDataset&)>& fill) {
  static std::atomic<int> counter{0};
  const std::string path = "/vsimem/oremap_viewer_" + std::to_string(counter++) + ".geojson";
  gdal::register_drivers();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GeoJSON");
  if (!driver) throw LibraryError(what + ": GDAL has no GeoJSON driver");
  {
    gdal::DatasetPtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw LibraryError(what + ": cannot create GeoJSON in memory: " + gdal::last_error());
    fill(*ds);
  }  // closing writes the document
  vsi_l_offset size = 0;
  GByte* bytes = VSIGetMemFileBuffer(path.c_str(), &size, FALSE);
  nlohmann::json doc;
  if (bytes) doc = nlohmann::json::parse(bytes, bytes + size, nullptr, false);
  VSIUnlink(path.c_str());
  if (doc.is_discarded() || !doc.is_object())
    throw LibraryError(what + ": GDAL's GeoJSON output could not be read back");
  return doc;
}

void rfc7946_options(gdal::StringList& options, int decimals) {
  options.set("RFC7946", "YES");  // reprojected to WGS 84, rings counter-clockwise
  options.set("COORDINATE_PRECISION", std::to_string(decimals));
  options.set("WRITE_NAME", "NO");
  options.set("SIGNIFICANT_FIGURES", "10");
}

OGRSpatialReference grid_crs(const Grid& grid) {
  OGRSpatialReference crs;
  crs.importFromWkt(grid.crs_wkt.c_str());
  crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return crs;
}

// Geometry in the grid CRS, cut to the grid's extent and simplified; null when nothing is left.
OGRGeometry* display_geometry(const OGRGeometry& source, OGRCoordinateTransformation& to_grid, const OGRPolygon& extent,
                              double tolerance) {
  gdal::GeometryPtr g(source.clone());
  if (g->transform(&to_grid) != OGRERR_NONE || g->IsEmpty()) return nullptr;
  if (wkbFlatten(g->getGeometryType()) == wkbPoint || wkbFlatten(g->getGeometryType()) == wkbMultiPoint)
    return g->Intersects(&extent) ? g.release() : nullptr;
  OGREnvelope env, box;
  g->getEnvelope(&env);
  extent.getEnvelope(&box);
  if (!box.Contains(env)) {
    gdal::GeometryPtr cut(g->Intersection(&extent));  // GEOS; null if it fails on a bad geometry
    if (cut) g = std::move(cut);
  }
  if (g->IsEmpty()) return nullptr;
  gdal::GeometryPtr simple(g->SimplifyPreserveTopology(tolerance));
  return simple && !simple->IsEmpty() ? simple.release() : g.release();
}

}  // namespace

nlohmann::json sites_geojson(const sites::CommodityResult& result, const Grid& grid) {
  const std::string what = "viewer: sites of " + result.commodity;
  return vsimem_geojson(what, [&](GDALDataset& ds) {
    OGRSpatialReference crs = grid_crs(grid);
    gdal::StringList options;
    rfc7946_options(options, 6);
    OGRLayer* layer = ds.CreateLayer(("sites_" + result.commodity).c_str(), &crs, wkbUnknown, options.get());
    if (!layer) throw LibraryError(what + ": cannot create the GeoJSON layer: " + gdal::last_error());
    const std::vector<SiteColumn> columns = site_columns(result, true);
    create_fields(*layer, columns, what);
    write_rows(*layer, columns, result, true, what);
  });
}

nlohmann::json layer_geojson(const project::LayerSpec& spec, const Grid& grid) {
  const std::string what = "viewer: layer " + sources::label(spec);
  sources::OpenedVector in = sources::open_vector(spec);
  const OGRSpatialReference crs = grid_crs(grid);
  const std::array<double, 4> own =
      sources::transform_bounds({grid.xmin, grid.ymin(), grid.xmax(), grid.ymax}, crs, in.crs);
  in.layer->SetSpatialFilterRect(own[0], own[1], own[2], own[3]);
  gdal::TransformPtr to_grid = gdal::make_transform(in.crs, crs);
  OGRPolygon extent;
  {
    OGRLinearRing ring;
    ring.addPoint(grid.xmin, grid.ymin());
    ring.addPoint(grid.xmax(), grid.ymin());
    ring.addPoint(grid.xmax(), grid.ymax);
    ring.addPoint(grid.xmin, grid.ymax);
    ring.closeRings();
    extent.addRing(&ring);
  }
  return vsimem_geojson(what, [&](GDALDataset& ds) {
    OGRSpatialReference out_crs = crs;
    gdal::StringList options;
    rfc7946_options(options, 5);  // 1 m at the equator
    OGRLayer* out = ds.CreateLayer(spec.id.c_str(), &out_crs, wkbUnknown, options.get());
    if (!out) throw LibraryError(what + ": cannot create the GeoJSON layer: " + gdal::last_error());
    OGRFeatureDefn* defn = in.layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i)
      if (defn->GetFieldDefn(i)->GetType() != OFTBinary) out->CreateField(defn->GetFieldDefn(i));
    in.layer->ResetReading();
    for (gdal::FeaturePtr f(in.layer->GetNextFeature()); f; f.reset(in.layer->GetNextFeature())) {
      const OGRGeometry* g = f->GetGeometryRef();
      if (!g) continue;
      OGRGeometry* shown = display_geometry(*g, *to_grid, extent, grid.cell_size / 4);
      if (!shown) continue;
      OGRFeature feature(out->GetLayerDefn());
      feature.SetFrom(f.get(), TRUE);
      feature.SetGeometryDirectly(shown);
      if (out->CreateFeature(&feature) != OGRERR_NONE)
        throw LibraryError(what + ": cannot convert feature " + std::to_string(f->GetFID()) + ": " +
                           gdal::last_error());
    }
  });
}

}  // namespace oremap::sinks
