#include "gdal/cache_loan.hpp"

#include <gdal.h>

#include <algorithm>
#include <utility>

namespace oremap::gdal {

CacheLoan::CacheLoan(std::size_t bytes) {
  const auto limit = static_cast<std::size_t>(std::max<GIntBig>(GDALGetCacheMax64(), 0));
  lent_ = std::min(bytes, limit > kFloorBytes ? limit - kFloorBytes : 0);
  if (lent_ > 0) GDALSetCacheMax64(static_cast<GIntBig>(limit - lent_));
}

CacheLoan::CacheLoan(CacheLoan&& other) noexcept : lent_(std::exchange(other.lent_, 0)) {}

CacheLoan& CacheLoan::operator=(CacheLoan&& other) noexcept {
  if (this != &other) {
    end();
    lent_ = std::exchange(other.lent_, 0);
  }
  return *this;
}

CacheLoan::~CacheLoan() { end(); }

void CacheLoan::end() {
  if (lent_ > 0) GDALSetCacheMax64(GDALGetCacheMax64() + static_cast<GIntBig>(lent_));
  lent_ = 0;
}

}  // namespace oremap::gdal
