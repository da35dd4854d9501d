// Rasterising in bounded chunks: the same cells as one chunk of the whole raster, with the
// chunk lent by GDAL's cache and given back.
#include "gdal/rasterize.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "gdal/handles.hpp"

using namespace oremap;

namespace {

// A 64 x 53 Byte raster in 16 x 16 tiles (so 16-row chunks), cells of 1 unit from (0, 53),
// with a triangle and a slanted line burnt.
std::vector<unsigned char> burnt(std::size_t chunk_bytes, bool all_touched) {
  gdal::register_drivers();
  gdal::StringList options;
  options.set("TILED", "YES").set("BLOCKXSIZE", "16").set("BLOCKYSIZE", "16");
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  gdal::DatasetPtr ds(driver->Create("/vsimem/rasterize_test.tif", 64, 53, 1, GDT_Byte, options.get()));
  const double gt[6] = {0, 1, 0, 53, 0, -1};
  ds->SetGeoTransform(const_cast<double*>(gt));
  ds->GetRasterBand(1)->Fill(0);
  OGRGeometry* triangle = nullptr;
  OGRGeometry* line = nullptr;
  OGRGeometryFactory::createFromWkt("POLYGON ((3.3 2.2, 60.7 19.1, 12.4 50.6, 3.3 2.2))", nullptr, &triangle);
  OGRGeometryFactory::createFromWkt("LINESTRING (0.5 52.5, 63.2 0.3)", nullptr, &line);
  gdal::GeometryPtr owned_triangle(triangle), owned_line(line);
  const std::vector<OGRGeometryH> geometries{OGRGeometry::ToHandle(triangle), OGRGeometry::ToHandle(line)};
  const double values[2] = {1, 2};
  gdal::ProgressCallback progress([](double, const std::string&) { return true; }, "rasterising");
  REQUIRE(gdal::rasterize(*ds, geometries, values, all_touched, progress, chunk_bytes) == CE_None);
  std::vector<unsigned char> cells(64 * 53);
  REQUIRE(ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, 64, 53, cells.data(), 64, 53, GDT_Byte, 0, 0, nullptr) ==
          CE_None);
  ds.reset();
  VSIUnlink("/vsimem/rasterize_test.tif");
  return cells;
}

}  // namespace

TEST_CASE("rasterising in chunks of 16 rows burns the cells one whole-raster chunk burns", "[rasterise][gdal]") {
  const GIntBig limit = GDALGetCacheMax64();
  for (bool all_touched : {false, true}) {
    const std::vector<unsigned char> whole = burnt(1 << 20, all_touched), chunked = burnt(1, all_touched);
    CHECK(chunked == whole);
    CHECK(std::count(whole.begin(), whole.end(), 1) > 100);
    CHECK(std::count(whole.begin(), whole.end(), 2) > 30);
  }
  CHECK(GDALGetCacheMax64() == limit);  // the chunk's loan ended
}
