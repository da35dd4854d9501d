#pragma once
// The columns of a commodity's site table, declared once and used by every site sink
// (GeoJSON, CSV, GeoPackage), so the three outputs always carry the same table.
#include <ogrsf_frmts.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "gdal/handles.hpp"
#include "stages/sites/site_result.hpp"

namespace oremap::sinks {

struct SiteColumn {
  std::string name;
  OGRFieldType type;
  OGRFieldSubType subtype = OFSTNone;
  // Sets field `index` of the feature from the row (or leaves it null).
  std::function<void(OGRFeature&, int index, const sites::SiteRow&)> set;
};

// id, name, commodity, rank, score, excluded, reasons, penalties, penalty_factor, flags,
// rank_mean, rank_p05, rank_p95, p_top<k>, then per criterion <id>_raw, _unit, _feature,
// _score, _weight, _contribution; with `coordinates`, also x, y (grid CRS) and lon, lat.
std::vector<SiteColumn> site_columns(const sites::CommodityResult& result, bool coordinates);

// Creates the columns on a new layer; throws OutputError naming `path`.
void create_fields(OGRLayer& layer, const std::vector<SiteColumn>& columns, const std::string& path);

// The layer type for a commodity's sites: Point when every site is a point, MultiPolygon when
// every site is a polygon, else unknown (any).
OGRwkbGeometryType site_geometry_type(const sites::CommodityResult& result);

// Writes every row of the result as a feature (with its geometry when `with_geometry`); with
// `numbered`, feature i (from 1, in the rows' order) gets FID i, which GeoJSON writes as its id.
void write_rows(OGRLayer& layer, const std::vector<SiteColumn>& columns, const sites::CommodityResult& result,
                bool with_geometry, const std::string& path, bool numbered = false);

// Removes a temporary output when an error leaves it incomplete (release() after committing).
class TemporaryOutput {
 public:
  explicit TemporaryOutput(std::filesystem::path path) : path_(std::move(path)) {}
  ~TemporaryOutput() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TemporaryOutput(const TemporaryOutput&) = delete;
  TemporaryOutput& operator=(const TemporaryOutput&) = delete;
  const std::filesystem::path& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  std::filesystem::path path_;
};

// Creates a dataset with a GDAL vector driver; throws OutputError naming the path.
gdal::DatasetPtr create_vector(const std::string& driver, const std::filesystem::path& path,
                               const gdal::StringList* options = nullptr);

// Writes a one-file vector output (CSV, GeoJSON) through memory: `fill` gets a dataset of
// `driver` in GDAL's /vsimem, whose bytes then go to `target` under a temporary name, checked
// and renamed. GDAL 3.6's CSV and GeoJSON writers do not report a full disk when they close;
// this way the write that fails is oremap's, and nothing half-written is renamed into place.
void write_vector_file(const std::string& driver, const std::filesystem::path& target,
                       const std::function<void(GDALDataset&)>& fill);

}  // namespace oremap::sinks
