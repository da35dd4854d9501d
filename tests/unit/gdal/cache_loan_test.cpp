// Cache loans: GDAL's limit lowered while held, never below the floor, given back exactly.
#include "gdal/cache_loan.hpp"

#include <gdal.h>

#include <catch2/catch.hpp>
#include <utility>

using namespace oremap;

TEST_CASE("cache loans lower GDAL's limit while held, leave it a floor and give back what they took", "[gdal]") {
  const GIntBig before = GDALGetCacheMax64();
  GDALSetCacheMax64(256 << 20);
  {
    gdal::CacheLoan a(100 << 20);
    CHECK(GDALGetCacheMax64() == 156 << 20);
    gdal::CacheLoan b(500 << 20);  // more than there is: GDAL keeps its floor
    CHECK(b.bytes() == (92u << 20));
    CHECK(GDALGetCacheMax64() == static_cast<GIntBig>(gdal::CacheLoan::kFloorBytes));
    gdal::CacheLoan moved(std::move(a));
    CHECK(a.bytes() == 0);
    a = gdal::CacheLoan();  // ending a moved-from loan gives nothing back
    CHECK(GDALGetCacheMax64() == static_cast<GIntBig>(gdal::CacheLoan::kFloorBytes));
  }
  CHECK(GDALGetCacheMax64() == 256 << 20);
  GDALSetCacheMax64(before);
}
