#pragma once
// RAII owners for GDAL/OGR/OSR objects, all in one place. Factories throw, never return null.
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <memory>
#include <string>

namespace oremap::gdal {

using DatasetPtr = GDALDatasetUniquePtr;  // closes with GDALClose
using FeaturePtr = OGRFeatureUniquePtr;
using GeometryPtr = OGRGeometryUniquePtr;

struct TransformDeleter {
  void operator()(OGRCoordinateTransformation* t) const { OGRCoordinateTransformation::DestroyCT(t); }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

// CSL string lists (options for GDAL's utilities and creation).
class StringList {
 public:
  StringList() = default;
  StringList(const StringList&) = delete;
  StringList& operator=(const StringList&) = delete;
  ~StringList() { CSLDestroy(list_); }
  StringList& add(const std::string& s) {
    list_ = CSLAddString(list_, s.c_str());
    return *this;
  }
  StringList& set(const std::string& key, const std::string& value) {
    list_ = CSLSetNameValue(list_, key.c_str(), value.c_str());
    return *this;
  }
  char** get() const { return list_; }

 private:
  char** list_ = nullptr;
};

// Calls GDALAllRegister once per process; cheap to call again.
void register_drivers();

// Last GDAL/CPL error message, or a fallback.
std::string last_error(const std::string& fallback = "unknown GDAL error");

// A NUM_THREADS value for GDAL (warping, tile compression): `threads`, at most the cores.
// GDAL hangs when it cannot create a thread it asked for (--threads 1000 under a memory
// limit), and more threads than cores gain nothing.
std::string num_threads(int threads);

// The message for a failed write of `file` (call it right after the failure, before removing
// anything, with errno as it was then): "no space left on <mount> while writing <file>; free
// space there, or set [project] output to a folder on another disk (GDAL: <last error>)" when
// the disk is full, else "<file>: <what>: <last error>".
std::string write_failure(const std::filesystem::path& file, const std::string& what, int saved_errno);

// Opens a vector or raster dataset read-only; throws InputError naming the path.
DatasetPtr open_dataset(const std::string& path, unsigned kind_flags, const StringList* open_options = nullptr);

// Parses "EPSG:n", a PROJ string or WKT with lon/lat (traditional GIS) axis order.
// Throws ProjectError-style InputError naming `context` on failure.
OGRSpatialReference parse_crs(const std::string& text, const std::string& context);

// Coordinate transformation with traditional GIS axis order on both sides.
TransformPtr make_transform(const OGRSpatialReference& from, const OGRSpatialReference& to);
// Whether two CRSs are the same, so coordinates in traditional GIS order need no transform.
bool same_crs(const OGRSpatialReference& a, const OGRSpatialReference& b);

// "EPSG:32642 (WGS 84 / UTM zone 42N)" or the CRS name alone.
std::string describe_crs(const OGRSpatialReference& srs);
int epsg_code(const OGRSpatialReference& srs);

}  // namespace oremap::gdal
