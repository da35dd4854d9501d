#include "stages/sinks/site_tables/geojson.hpp"

#include "core/error.hpp"
#include "stages/sinks/site_tables/columns.hpp"

namespace oremap::sinks {

void write_sites_geojson(const std::filesystem::path& path, const sites::CommodityResult& result, const Grid& grid,
                         int decimals) {
  write_vector_file("GeoJSON", path, [&](GDALDataset& ds) {
    OGRSpatialReference crs;
    crs.importFromWkt(grid.crs_wkt.c_str());
    crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    gdal::StringList options;
    options.set("RFC7946", "YES");  // the driver reprojects to WGS 84 and orders rings CCW
    options.set("COORDINATE_PRECISION", std::to_string(decimals));
    options.set("WRITE_BBOX", "YES");
    options.set("WRITE_NAME", "NO");
    options.set("SIGNIFICANT_FIGURES", "12");
    options.set("ID_TYPE", "Integer");
    const std::string name = "sites_" + result.commodity;
    OGRLayer* layer = ds.CreateLayer(name.c_str(), &crs, wkbUnknown, options.get());
    if (!layer) throw OutputError(path.string() + ": cannot create the GeoJSON layer: " + gdal::last_error());
    std::vector<SiteColumn> columns = site_columns(result, false);
    create_fields(*layer, columns, path.string());
    // A top-level integer `id` per feature (its FID), for MapLibre's promoteId and tippecanoe.
    write_rows(*layer, columns, result, true, path.string(), true);
  });
}

}  // namespace oremap::sinks
