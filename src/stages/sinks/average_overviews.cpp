#include "stages/sinks/average_overviews.hpp"

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "gdal/handles.hpp"

namespace oremap::sinks {

namespace {

// One level of the pyramid: takes the rows of the level below in order, pairs them, and
// writes each averaged row to its overview band before passing it up.
class Level {
 public:
  Level(GDALRasterBand* band, int below_cols) : band_(band), below_cols_(below_cols), cols_(band->GetXSize()) {
    first_.resize(below_cols);
    out_.resize(cols_);
  }

  // Returns the averaged row once two rows (or the last, odd one) have arrived; else null.
  const float* push(const float* row, bool last) {
    if (!have_first_ && !last) {
      std::copy(row, row + below_cols_, first_.begin());
      have_first_ = true;
      return nullptr;
    }
    const float* a = have_first_ ? first_.data() : row;
    const float* b = have_first_ ? row : nullptr;
    for (int c = 0; c < cols_; ++c) {
      float sum = 0;
      int count = 0;
      for (int dc = 0; dc < 2 && 2 * c + dc < below_cols_; ++dc) {
        const int i = 2 * c + dc;
        if (!std::isnan(a[i])) sum += a[i], ++count;
        if (b && !std::isnan(b[i])) sum += b[i], ++count;
      }
      out_[c] = count ? sum / count : NAN;
    }
    have_first_ = false;
    if (band_->RasterIO(GF_Write, 0, row_, cols_, 1, out_.data(), cols_, 1, GDT_Float32, 0, 0, nullptr) != CE_None)
      throw OutputError(std::string("cannot write overview row ") + std::to_string(row_) + ": " + gdal::last_error());
    ++row_;
    return out_.data();
  }

  bool complete() const { return row_ == band_->GetYSize(); }

 private:
  GDALRasterBand* band_;
  int below_cols_, cols_;
  int row_ = 0;
  bool have_first_ = false;
  std::vector<float> first_, out_;
};

}  // namespace

std::vector<int> overview_factors(int cols, int rows, int tile) {
  std::vector<int> factors;
  for (int f = 2; (cols + f / 2 - 1) / (f / 2) > tile || (rows + f / 2 - 1) / (f / 2) > tile; f *= 2)
    factors.push_back(f);
  return factors;
}

void build_average_overviews(const std::filesystem::path& raster, const std::vector<int>& factors,
                             const Progress& progress) {
  if (factors.empty()) return;
  std::error_code ec;
  std::filesystem::remove(raster.string() + ".ovr", ec);
  gdal::DatasetPtr ds = gdal::open_dataset(raster.string(), GDAL_OF_RASTER);
  GDALRasterBand* base = ds->GetRasterBand(1);
  // "NONE" lays out the levels without computing them; the pass below fills them.
  const int band_list = 1;
  CPLErrorReset();
  if (ds->BuildOverviews("NONE", static_cast<int>(factors.size()), factors.data(), 1, &band_list, nullptr, nullptr,
                         nullptr) != CE_None ||
      base->GetOverviewCount() != static_cast<int>(factors.size()))
    throw OutputError(raster.string() + ": cannot create overviews: " + gdal::last_error());
  std::vector<Level> levels;
  int below_cols = ds->GetRasterXSize();
  for (int k = 0; k < base->GetOverviewCount(); ++k) {
    levels.emplace_back(base->GetOverview(k), below_cols);
    below_cols = base->GetOverview(k)->GetXSize();
  }

  const int cols = ds->GetRasterXSize(), rows = ds->GetRasterYSize();
  constexpr int kBatch = 256;
  std::vector<float> batch(static_cast<std::size_t>(kBatch) * cols);
  for (int r0 = 0; r0 < rows; r0 += kBatch) {
    const int n = std::min(kBatch, rows - r0);
    if (base->RasterIO(GF_Read, 0, r0, cols, n, batch.data(), cols, n, GDT_Float32, 0, 0, nullptr) != CE_None)
      throw OutputError(raster.string() + ": cannot read rows for overviews: " + gdal::last_error());
    for (int r = 0; r < n; ++r) {
      const float* row = batch.data() + static_cast<std::size_t>(r) * cols;
      bool last = r0 + r == rows - 1;
      for (std::size_t k = 0; k < levels.size() && row; ++k) {
        row = levels[k].push(row, last);
        last = last && levels[k].complete();
      }
    }
    // Full-resolution blocks are read once: drop them so the cache holds only overview rows.
    base->FlushCache();
    if (!progress(static_cast<double>(r0 + n) / rows, "building overviews")) throw Cancelled();
  }
  CPLErrorReset();
  ds.reset();
  if (CPLGetLastErrorType() == CE_Failure) throw OutputError(raster.string() + ".ovr: " + gdal::last_error());
}

}  // namespace oremap::sinks
