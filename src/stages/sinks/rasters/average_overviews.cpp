#include "stages/sinks/rasters/average_overviews.hpp"

#include <cerrno>
#include <cmath>
#include <mutex>
#include <string>

#include "core/error.hpp"
#include "core/parallel_for.hpp"
#include "gdal/handles.hpp"
#include "stages/block_engine.hpp"

namespace oremap::sinks {

namespace {

// One cell of the level above: the mean of the numbers among a[i], b[i], a[i+1], b[i+1]
// (b = null on an odd last row; i+1 past the end on an odd last column). The order of the
// additions is fixed, so every path through this file gives the same bits.
inline float mean_2x2(const float* a, const float* b, int i, int below_cols) {
  float sum = 0;
  int count = 0;
  for (int c = i; c < i + 2 && c < below_cols; ++c) {
    if (!std::isnan(a[c])) sum += a[c], ++count;
    if (b && !std::isnan(b[c])) sum += b[c], ++count;
  }
  return count ? sum / count : NAN;
}

// Halves a block of rows x cols cells (row-major) into out.
void halve(const float* in, int cols, int rows, std::vector<float>& out) {
  const int out_cols = (cols + 1) / 2, out_rows = (rows + 1) / 2;
  out.resize(static_cast<std::size_t>(out_cols) * out_rows);
  for (int r = 0; r < out_rows; ++r) {
    const float* a = in + static_cast<std::size_t>(2 * r) * cols;
    const float* b = 2 * r + 1 < rows ? a + cols : nullptr;
    float* o = out.data() + static_cast<std::size_t>(r) * out_cols;
    for (int c = 0; c < out_cols; ++c) o[c] = mean_2x2(a, b, 2 * c, cols);
  }
}

void write_block(GDALRasterBand* band, int row0, int rows, const std::vector<float>& values, const std::string& what) {
  if (band->RasterIO(GF_Write, 0, row0, band->GetXSize(), rows, const_cast<float*>(values.data()), band->GetXSize(),
                     rows, GDT_Float32, 0, 0, nullptr) != CE_None)
    throw OutputError(gdal::write_failure(what, "cannot write overview rows " + std::to_string(row0), errno));
}

// Levels above 1/kStripRows span several strips: they are built from the last level a strip
// holds, row pair by row pair, in order.
class Level {
 public:
  Level(GDALRasterBand* band, int below_cols) : band_(band), below_cols_(below_cols), cols_(band->GetXSize()) {
    first_.resize(below_cols);
    out_.resize(cols_);
  }

  // Returns the averaged row once two rows (or the last, odd one) have arrived; else null.
  const float* push(const float* row, bool last, const std::string& what) {
    if (!have_first_ && !last) {
      std::copy(row, row + below_cols_, first_.begin());
      have_first_ = true;
      return nullptr;
    }
    const float* a = have_first_ ? first_.data() : row;
    const float* b = have_first_ ? row : nullptr;
    for (int c = 0; c < cols_; ++c) out_[c] = mean_2x2(a, b, 2 * c, below_cols_);
    have_first_ = false;
    write_block(band_, row_++, 1, out_, what);
    return out_.data();
  }

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

void build_average_overviews(const std::filesystem::path& raster, const std::vector<int>& factors, int threads,
                             const Progress& progress) {
  if (factors.empty()) return;
  const std::string what = raster.string() + ".ovr";
  std::error_code ec;
  std::filesystem::remove(what, ec);
  gdal::DatasetPtr ds = gdal::open_dataset(raster.string(), GDAL_OF_RASTER);
  GDALRasterBand* base = ds->GetRasterBand(1);
  // "NONE" lays out the levels without computing them; the passes below fill them.
  const int band_list = 1;
  CPLErrorReset();
  if (ds->BuildOverviews("NONE", static_cast<int>(factors.size()), factors.data(), 1, &band_list, nullptr, nullptr,
                         nullptr) != CE_None ||
      base->GetOverviewCount() != static_cast<int>(factors.size()))
    throw OutputError(gdal::write_failure(raster, "cannot create overviews", errno));

  // Pass 1, strips in parallel: every level up to 1/kStripRows lies within its strip, because
  // strips start on multiples of kStripRows.
  const int cols = ds->GetRasterXSize(), rows = ds->GetRasterYSize();
  int in_strip = 0;
  while (in_strip < base->GetOverviewCount() && (2 << in_strip) <= kStripRows) ++in_strip;
  const std::size_t strips = static_cast<std::size_t>((rows + kStripRows - 1) / kStripRows);
  std::mutex write_mutex;
  parallel_for(
      threads, scaled_progress(progress, 0.0, 0.95), strips,
      [&](std::size_t index) {
        const int row0 = static_cast<int>(index) * kStripRows, n = std::min(kStripRows, rows - row0);
        std::vector<float> strip(static_cast<std::size_t>(n) * cols);
        {
          gdal::DatasetPtr reader = gdal::open_dataset(raster.string(), GDAL_OF_RASTER);
          if (reader->GetRasterBand(1)->RasterIO(GF_Read, 0, row0, cols, n, strip.data(), cols, n, GDT_Float32, 0, 0,
                                                 nullptr) != CE_None)
            throw OutputError(raster.string() + ": cannot read rows for overviews: " + gdal::last_error());
        }
        std::vector<float> level;
        int level_cols = cols, level_rows = n;
        for (int k = 0; k < in_strip; ++k) {
          halve(strip.data(), level_cols, level_rows, level);
          level_cols = (level_cols + 1) / 2;
          level_rows = (level_rows + 1) / 2;
          {
            std::lock_guard<std::mutex> lock(write_mutex);
            write_block(base->GetOverview(k), row0 >> (k + 1), level_rows, level, what);
            base->GetOverview(k)->FlushCache();  // written once: keep the cache for others
          }
          strip.swap(level);
        }
      },
      "building overviews");

  // Pass 2, in order: the levels above, from the last in-strip level (small by then).
  if (in_strip < base->GetOverviewCount()) {
    GDALRasterBand* top = base->GetOverview(in_strip - 1);
    const int top_cols = top->GetXSize(), top_rows = top->GetYSize();
    std::vector<float> rows_in(static_cast<std::size_t>(top_cols) * top_rows);
    if (top->RasterIO(GF_Read, 0, 0, top_cols, top_rows, rows_in.data(), top_cols, top_rows, GDT_Float32, 0, 0,
                      nullptr) != CE_None)
      throw OutputError(what + ": cannot read overview level: " + gdal::last_error());
    std::vector<Level> levels;
    int below_cols = top_cols;
    for (int k = in_strip; k < base->GetOverviewCount(); ++k) {
      levels.emplace_back(base->GetOverview(k), below_cols);
      below_cols = base->GetOverview(k)->GetXSize();
    }
    for (int r = 0; r < top_rows; ++r) {
      const float* row = rows_in.data() + static_cast<std::size_t>(r) * top_cols;
      const bool last = r == top_rows - 1;  // the last row of each level comes from the last row below
      for (std::size_t k = 0; k < levels.size() && row; ++k) row = levels[k].push(row, last, what);
    }
  }
  if (!progress(1.0, "building overviews")) throw Cancelled();
  CPLErrorReset();
  errno = 0;
  ds.reset();
  if (CPLGetLastErrorType() == CE_Failure) throw OutputError(gdal::write_failure(what, "cannot finish writing", errno));
}

}  // namespace oremap::sinks
