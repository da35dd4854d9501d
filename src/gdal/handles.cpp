#include "gdal/handles.hpp"

#include <cpl_error.h>

#include <algorithm>
#include <mutex>
#include <thread>

#include "core/disk_space.hpp"
#include "core/error.hpp"

namespace oremap::gdal {

void register_drivers() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

std::string num_threads(int threads) {
  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  return std::to_string(std::clamp(threads, 1, cores));
}

std::string last_error(const std::string& fallback) {
  const char* m = CPLGetLastErrorMsg();
  return (m && *m) ? std::string(m) : fallback;
}

std::string write_failure(const std::filesystem::path& file, const std::string& what, int saved_errno) {
  const std::string full = disk_full_message(file, saved_errno);
  if (full.empty()) return (file.empty() ? "" : file.string() + ": ") + what + ": " + last_error();
  return full + " (GDAL: " + last_error("no message") + ")";
}

DatasetPtr open_dataset(const std::string& path, unsigned kind_flags, const StringList* open_options) {
  register_drivers();
  CPLErrorReset();
  GDALDataset* ds = GDALDataset::Open(path.c_str(), kind_flags | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, nullptr,
                                      open_options ? open_options->get() : nullptr, nullptr);
  if (!ds) {
    const char* what = (kind_flags & GDAL_OF_RASTER) && !(kind_flags & GDAL_OF_VECTOR) ? "raster" : "vector";
    throw InputError(path + ": cannot open as " + what + " data; " + last_error("no driver recognises it") +
                     "; check the path and that the file is a complete, readable " + what + " format");
  }
  return DatasetPtr(ds);
}

OGRSpatialReference parse_crs(const std::string& text, const std::string& context) {
  OGRSpatialReference srs;
  CPLErrorReset();
  if (srs.SetFromUserInput(text.c_str(), OGRSpatialReference::SET_FROM_USER_INPUT_LIMITATIONS_get()) != OGRERR_NONE) {
    throw InputError(context + ": unknown CRS '" + text +
                     "'; use an EPSG code such as \"EPSG:32642\", a PROJ string or WKT");
  }
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

TransformPtr make_transform(const OGRSpatialReference& from, const OGRSpatialReference& to) {
  OGRSpatialReference a(from), b(to);
  // Traditional order: x = easting/longitude, y = northing/latitude, whatever the CRS says.
  a.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  b.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  CPLErrorReset();
  OGRCoordinateTransformation* t = OGRCreateCoordinateTransformation(&a, &b);
  if (!t)
    throw LibraryError("PROJ: cannot transform between " + describe_crs(a) + " and " + describe_crs(b) + ": " +
                       last_error());
  return TransformPtr(t);
}

bool same_crs(const OGRSpatialReference& a, const OGRSpatialReference& b) {
  const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", nullptr};
  return a.IsSame(&b, options) == TRUE;
}

int epsg_code(const OGRSpatialReference& srs) {
  OGRSpatialReference copy(srs);
  const char* auth = copy.GetAuthorityName(nullptr);
  const char* code = copy.GetAuthorityCode(nullptr);
  if (auth && code && std::string(auth) == "EPSG") return std::atoi(code);
  if (copy.AutoIdentifyEPSG() == OGRERR_NONE) {
    auth = copy.GetAuthorityName(nullptr);
    code = copy.GetAuthorityCode(nullptr);
    if (auth && code && std::string(auth) == "EPSG") return std::atoi(code);
  }
  return 0;
}

std::string describe_crs(const OGRSpatialReference& srs) {
  const char* name = srs.GetName();
  std::string n = name ? name : "unnamed CRS";
  int epsg = epsg_code(srs);
  return epsg ? "EPSG:" + std::to_string(epsg) + " (" + n + ")" : n;
}

}  // namespace oremap::gdal
