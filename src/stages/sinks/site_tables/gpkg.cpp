#include "stages/sinks/site_tables/gpkg.hpp"

#include <cpl_conv.h>

#include <cerrno>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "stages/sinks/site_tables/columns.hpp"
#include "stages/sinks/styles/gpkg_layer_styles.hpp"
#include "stages/sinks/styles/site_style.hpp"

namespace oremap::sinks {

namespace {

// Fixes GDAL's "last_change" timestamp while it lives (outputs must not depend on the clock).
class FixedDate {
 public:
  FixedDate() { CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z"); }
  ~FixedDate() { CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr); }
  FixedDate(const FixedDate&) = delete;
  FixedDate& operator=(const FixedDate&) = delete;
};

}  // namespace

void write_sites_gpkg(const std::filesystem::path& path, const std::vector<sites::CommodityResult>& results,
                      const Grid& grid) {
  TemporaryOutput guard(temporary_beside(path));
  const std::filesystem::path& tmp = guard.path();
  FixedDate fixed;
  {
    gdal::DatasetPtr ds = create_vector("GPKG", tmp);
    OGRSpatialReference crs;
    crs.importFromWkt(grid.crs_wkt.c_str());
    crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::vector<styles::LayerStyle> layer_styles;
    for (const auto& result : results) {
      const std::string name = "sites_" + result.commodity;
      gdal::StringList options;
      options.set("SPATIAL_INDEX", "YES");
      OGRLayer* layer = ds->CreateLayer(name.c_str(), &crs, site_geometry_type(result), options.get());
      if (!layer) throw OutputError(path.string() + ": cannot create layer " + name + ": " + gdal::last_error());
      std::vector<SiteColumn> columns = site_columns(result, true);
      create_fields(*layer, columns, path.string());
      if (layer->StartTransaction() != OGRERR_NONE)
        throw OutputError(path.string() + ": cannot start a transaction: " + gdal::last_error());
      write_rows(*layer, columns, result, true, path.string());
      if (layer->CommitTransaction() != OGRERR_NONE)
        throw OutputError(gdal::write_failure(path, "cannot commit layer " + name, errno));
      layer_styles.push_back({name, layer->GetGeometryColumn(), "oremap ranking",
                              styles::site_style_qml(site_geometry_type(result)),
                              "oremap: " + result.commodity + " sites by rank and score, as on the static map"});
    }
    // QGIS opens each layer styled as the map draws the sites.
    styles::write_layer_styles(*ds, layer_styles, path.string());
    CPLErrorReset();
    errno = 0;
    ds.reset();  // closing writes the extents and the spatial indexes
    if (CPLGetLastErrorType() == CE_Failure)
      throw OutputError(gdal::write_failure(path, "cannot finish writing", errno));
  }
  commit_file(tmp, path);
  guard.release();
}

}  // namespace oremap::sinks
