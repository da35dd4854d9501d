#pragma once
// What every output Cloud-Optimised GeoTIFF must be: GDAL's own COG validator (from python3-gdal's
// samples, run with Debian's python3, which has osgeo) says it is valid, and the file is one
// Float32 band with NaN nodata, a band description, oremap's version, and the grid's CRS and
// geotransform.
#include <ogr_spatialref.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "stage_fixture.hpp"

namespace oremap::test {

inline const char* cog_validator() {
  static const char* candidates[] = {
      "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_cloud_optimized_geotiff.py",
      "/usr/share/doc/python3-gdal/examples/validate_cloud_optimized_geotiff.py"};
  for (const char* c : candidates)
    if (fs::exists(c) && fs::exists("/usr/bin/python3")) return c;
  return nullptr;
}

// `min_overviews`: the COG driver adds overviews until the smallest fits one 512 x 512 tile.
inline void check_cog(const fs::path& path, const Grid& grid, int min_overviews = 0) {
  INFO("COG " << path.string());
  if (const char* validator = cog_validator()) {
    CommandResult r =
        run_command(std::string("/usr/bin/python3 ") + validator + " --full-check=yes " + shell_quote(path.string()));
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("is a valid cloud optimized GeoTIFF"));
    CHECK_THAT(r.out + r.err, !Catch::Contains("warning", Catch::CaseSensitive::No));
  } else {
    WARN("validate_cloud_optimized_geotiff.py not found (install python3-gdal); only GDAL's metadata is checked");
  }
  GDALDatasetUniquePtr ds = open_raster_file(path);
  REQUIRE(ds->GetRasterCount() == 1);
  GDALRasterBand* band = ds->GetRasterBand(1);
  CHECK(band->GetRasterDataType() == GDT_Float32);
  int has_nodata = 0;
  const double nodata = band->GetNoDataValue(&has_nodata);
  CHECK(has_nodata);
  CHECK(std::isnan(nodata));
  CHECK(std::string(band->GetDescription()).size() > 0);
  const char* version = ds->GetMetadataItem("OREMAP_VERSION");
  REQUIRE(version);
  CHECK(std::string(version) == OREMAP_VERSION);
  const char* layout = ds->GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE");
  CHECK(std::string(layout ? layout : "") == "COG");
  int bx = 0, by = 0;
  band->GetBlockSize(&bx, &by);
  CHECK(bx == 512);
  CHECK(by == 512);
  CHECK(band->GetOverviewCount() >= min_overviews);
  // The grid's georeferencing, exactly.
  CHECK(ds->GetRasterXSize() == grid.cols);
  CHECK(ds->GetRasterYSize() == grid.rows);
  double gt[6];
  REQUIRE(ds->GetGeoTransform(gt) == CE_None);
  const auto want = grid.geotransform();
  for (int i = 0; i < 6; ++i) CHECK(gt[i] == want[i]);
  OGRSpatialReference grid_crs;
  grid_crs.importFromWkt(grid.crs_wkt.c_str());
  const OGRSpatialReference* crs = ds->GetSpatialRef();
  REQUIRE(crs);
  CHECK(crs->IsSame(&grid_crs));
}

}  // namespace oremap::test
