#include "stages/sinks/site_tables/postgis.hpp"

#include "core/error.hpp"
#include "core/secrets.hpp"
#include "stages/sinks/site_tables/columns.hpp"

namespace oremap::sinks {

namespace {

// Undoes an open transaction unless it was committed, whatever is thrown.
class Transaction {
 public:
  explicit Transaction(GDALDataset& ds) : ds_(ds) {}
  ~Transaction() {
    if (open_) ds_.RollbackTransaction();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  bool start() { return open_ = ds_.StartTransaction(FALSE) == OGRERR_NONE; }
  bool commit() {
    open_ = false;
    return ds_.CommitTransaction() == OGRERR_NONE;
  }

 private:
  GDALDataset& ds_;
  bool open_ = false;
};

void replace_table(GDALDataset& ds, const std::string& where, const sites::CommodityResult& result,
                   const OGRSpatialReference& crs) {
  const std::string name = "sites_" + result.commodity;
  const std::string table = where + " table " + name;
  Transaction transaction(ds);
  if (!transaction.start()) throw OutputError(table + ": cannot start a transaction: " + gdal::last_error());
  for (int i = 0; i < ds.GetLayerCount(); ++i)
    if (name == ds.GetLayer(i)->GetName()) {
      if (ds.DeleteLayer(i) != OGRERR_NONE) throw OutputError(table + ": cannot drop it: " + gdal::last_error());
      break;
    }
  gdal::StringList options;
  options.set("GEOMETRY_NAME", "geom");
  options.set("FID", "fid");
  options.set("SPATIAL_INDEX", "GIST");
  options.set("LAUNDER", "NO");  // the column names of sites.gpkg, as they are
  OGRSpatialReference layer_crs = crs;
  OGRLayer* layer = ds.CreateLayer(name.c_str(), &layer_crs, site_geometry_type(result), options.get());
  if (!layer) throw OutputError(table + ": cannot create it: " + gdal::last_error());
  const std::vector<SiteColumn> columns = site_columns(result, true);
  create_fields(*layer, columns, table);
  write_rows(*layer, columns, result, true, table);
  if (!transaction.commit()) throw OutputError(table + ": cannot commit: " + gdal::last_error());
}

}  // namespace

gdal::DatasetPtr connect_postgis(const std::string& connection) {
  gdal::register_drivers();
  const char* drivers[] = {"PostgreSQL", nullptr};
  CPLErrorReset();
  GDALDataset* ds = GDALDataset::Open(connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr);
  if (!ds)
    throw InputError(redact_secrets(connection) + ": cannot connect to PostGIS: " + redact_secrets(gdal::last_error()) +
                     "; check host, port, dbname, user and password, and that the server runs and accepts the login");
  return gdal::DatasetPtr(ds);
}

void write_sites_postgis(const std::string& connection, const std::vector<sites::CommodityResult>& results,
                         const Grid& grid) {
  gdal::DatasetPtr ds = connect_postgis(connection);
  OGRSpatialReference crs;
  crs.importFromWkt(grid.crs_wkt.c_str());
  crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  for (const auto& result : results) replace_table(*ds, redact_secrets(connection), result, crs);
}

}  // namespace oremap::sinks
