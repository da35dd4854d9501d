#pragma once
// Memory a step holds outside GDAL's block cache (per-column distances, percentile tables),
// lent from the cache's budget while held: GDAL's limit is lowered by the loan and raised back
// when it ends, so the cache and the step together stay within --cache. GDAL writes out and
// drops blocks above a lowered limit at once. Loans add up, and may end in any order. Take
// and end them between passes, on the thread that runs the stages.
#include <cstddef>

namespace oremap::gdal {

class CacheLoan {
 public:
  CacheLoan() = default;
  // Lends `bytes`, or as much as leaves GDAL kFloorBytes.
  explicit CacheLoan(std::size_t bytes);
  CacheLoan(CacheLoan&& other) noexcept;
  CacheLoan& operator=(CacheLoan&& other) noexcept;
  CacheLoan(const CacheLoan&) = delete;
  CacheLoan& operator=(const CacheLoan&) = delete;
  ~CacheLoan();

  std::size_t bytes() const { return lent_; }

  // What GDAL keeps whatever is lent: a few strips' blocks, so writes stay whole.
  static constexpr std::size_t kFloorBytes = std::size_t{64} << 20;

 private:
  void end();
  std::size_t lent_ = 0;
};

}  // namespace oremap::gdal
