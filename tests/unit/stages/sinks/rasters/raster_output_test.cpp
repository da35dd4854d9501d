// Raster outputs: COG overview levels chosen as GDAL's COG driver chooses them, overview
// values equal to NaN-aware 2 x 2 means computed here from the full resolution, the
// compression settings a project asks for, and plain GeoTIFFs.
#include "stages/sinks/rasters/raster_output.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "../../cog_check.hpp"
#include "gdal/grid_raster.hpp"
#include "stages/sinks/rasters/average_overviews.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

// Odd sizes, so the last row and column of each level average fewer cells.
constexpr int kCols = 1101, kRows = 601;
const Grid kGrid = make_grid(32642, 500000, 3060100, 100, kCols, kRows);

std::vector<double> values_with_holes() {
  std::vector<double> v;
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < kCols; ++c) {
      const bool hole = (r / 3 + c / 5) % 7 == 0 || (r >= 100 && r < 104 && c >= 200 && c < 204);
      v.push_back(hole ? std::nan("") : std::sin(0.01 * c) * 100 + r * 0.5 + (c * 7 + r * 3) % 11);
    }
  return v;
}

// Mean of the non-NaN cells among (2r..2r+1, 2c..2c+1) of a cols x rows level; NaN when none.
std::vector<double> halve(const std::vector<double>& below, int cols, int rows) {
  const int oc = (cols + 1) / 2, orows = (rows + 1) / 2;
  std::vector<double> out;
  for (int r = 0; r < orows; ++r)
    for (int c = 0; c < oc; ++c) {
      double sum = 0;
      int n = 0;
      for (int y = 2 * r; y < std::min(rows, 2 * r + 2); ++y)
        for (int x = 2 * c; x < std::min(cols, 2 * c + 2); ++x) {
          const double v = below[static_cast<std::size_t>(y) * cols + x];
          if (!std::isnan(v)) sum += v, ++n;
        }
      out.push_back(n ? sum / n : std::nan(""));
    }
  return out;
}

std::vector<double> read_overview(GDALDataset& ds, int level) {
  GDALRasterBand* b = ds.GetRasterBand(1)->GetOverview(level);
  std::vector<double> v(static_cast<std::size_t>(b->GetXSize()) * b->GetYSize());
  REQUIRE(b->RasterIO(GF_Read, 0, 0, b->GetXSize(), b->GetYSize(), v.data(), b->GetXSize(), b->GetYSize(), GDT_Float64,
                      0, 0, nullptr) == CE_None);
  return v;
}

// Largest |a - b| over cells where both are numbers; -1 when NaN cells differ.
double max_difference(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return -1;
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) != std::isnan(b[i])) return -1;
    if (!std::isnan(a[i])) worst = std::max(worst, std::fabs(a[i] - b[i]));
  }
  return worst;
}

}  // namespace

TEST_CASE("overview levels halve until the smallest fits one tile", "[cog]") {
  CHECK(sinks::overview_factors(16384, 16384, 512) == std::vector<int>{2, 4, 8, 16, 32});
  CHECK(sinks::overview_factors(1100, 300, 512) == std::vector<int>{2, 4});  // 550 > 512, then 275
  CHECK(sinks::overview_factors(1024, 10, 512) == std::vector<int>{2});
  CHECK(sinks::overview_factors(513, 1, 512) == std::vector<int>{2});
  CHECK(sinks::overview_factors(512, 512, 512).empty());
}

TEST_CASE("COG overviews are NaN-aware 2 x 2 means of the level below", "[cog]") {
  TempDir dir;
  const fs::path source = dir.path() / "source.tif";
  const std::vector<double> full = values_with_holes();
  write_grid_raster(source, kGrid, full, std::nan(""));
  const fs::path cog = dir.path() / "out" / "result.tif";
  sinks::write_cog(source, cog, {"ZSTD", 1, "result: test", {{"step", "test"}}, 2, "cog", "m"}, silent_progress());
  check_cog(cog, kGrid, 2);
  GDALDatasetUniquePtr ds = open_raster_file(cog);
  REQUIRE(ds->GetRasterBand(1)->GetOverviewCount() == 2);
  CHECK(ds->GetRasterBand(1)->GetOverview(0)->GetXSize() == 551);
  CHECK(ds->GetRasterBand(1)->GetOverview(0)->GetYSize() == 301);
  CHECK(ds->GetRasterBand(1)->GetOverview(1)->GetXSize() == 276);
  CHECK(ds->GetRasterBand(1)->GetOverview(1)->GetYSize() == 151);
  const std::vector<double> level1 = halve(full, kCols, kRows);
  // Float32 sums of up to four cells of magnitude ~400.
  CHECK(max_difference(read_overview(*ds, 0), level1) == Approx(0).margin(1e-4));
  CHECK(max_difference(read_overview(*ds, 1), halve(level1, 551, 301)) == Approx(0).margin(1e-4));
  // A 4 x 4 block without holes: level 2 is its plain mean. Rows 100..103, cols 208..211.
  double sum = 0;
  for (int r = 100; r < 104; ++r)
    for (int c = 208; c < 212; ++c) sum += full[static_cast<std::size_t>(r) * kCols + c];
  CHECK(read_overview(*ds, 1)[25 * 276 + 52] == Approx(sum / 16).epsilon(1e-6));
  // The all-NaN 4 x 4 block at rows 100..103, cols 200..203 stays NaN at level 2.
  CHECK(std::isnan(read_overview(*ds, 1)[25 * 276 + 50]));
  // Full resolution is copied exactly.
  CHECK(first_difference(read_raster(cog).values, read_raster(source).values) == -1);
  CHECK(std::string(ds->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE")) == "ZSTD");
  CHECK(std::string(ds->GetMetadataItem("OREMAP_STEP")) == "test");
  CHECK(std::string(ds->GetRasterBand(1)->GetUnitType()) == "m");
}

TEST_CASE("the COG uses the compression and level asked for", "[cog]") {
  TempDir dir;
  const fs::path source = dir.path() / "source.tif";
  write_grid_raster(source, kGrid, values_with_holes(), std::nan(""));
  for (const char* codec : {"DEFLATE", "LZW", "ZSTD"}) {
    DYNAMIC_SECTION(codec) {
      const fs::path fast = dir.path() / (std::string(codec) + "_fast.tif");
      const fs::path small = dir.path() / (std::string(codec) + "_small.tif");
      const int high = std::string(codec) == "DEFLATE" ? 12 : std::string(codec) == "ZSTD" ? 19 : 0;
      sinks::write_cog(source, fast, {codec, std::string(codec) == "LZW" ? 0 : 1, "d", {}, 1, "cog", "1"},
                       silent_progress());
      sinks::write_cog(source, small, {codec, high, "d", {}, 2, "cog", "1"}, silent_progress());
      for (const auto& f : {fast, small}) {
        check_cog(f, kGrid, 2);
        CHECK(std::string(open_raster_file(f)->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE")) == codec);
        CHECK(first_difference(read_raster(f).values, read_raster(source).values) == -1);
      }
      if (high > 0) CHECK(fs::file_size(small) < fs::file_size(fast));
    }
  }
}

TEST_CASE("a plain uncompressed GeoTIFF output is the intermediate itself, described and moved", "[cog]") {
  TempDir dir;
  const fs::path source = dir.path() / "work" / "source.tif";
  fs::create_directories(source.parent_path());
  const std::vector<double> values = values_with_holes();
  // An intermediate as the engine writes it: tiled 256 x 256, uncompressed.
  {
    gdal::DatasetPtr ds = gdal::create_grid_tiff(source, kGrid);
    std::vector<float> f(values.begin(), values.end());
    gdal::write_rows(*ds, 0, kRows, f.data());
    gdal::close_written(ds, source);
  }
  const fs::path target = dir.path() / "out" / "result.tif";
  sinks::RasterOutputOptions o{"NONE", 0, "result: test", {{"step", "test"}}, 2, "gtiff", "1"};
  CHECK(sinks::write_raster_output(source, target, o, silent_progress()));
  CHECK_FALSE(fs::exists(source));
  GDALDatasetUniquePtr ds = open_raster_file(target);
  CHECK(std::string(ds->GetDriver()->GetDescription()) == "GTiff");
  CHECK(ds->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE") == nullptr);
  CHECK(ds->GetRasterBand(1)->GetOverviewCount() == 0);
  int bx = 0, by = 0;
  ds->GetRasterBand(1)->GetBlockSize(&bx, &by);
  CHECK((bx == 256 && by == 256));
  CHECK(std::string(ds->GetRasterBand(1)->GetDescription()) == "result: test");
  CHECK(std::string(ds->GetRasterBand(1)->GetUnitType()) == "1");
  CHECK(std::string(ds->GetMetadataItem("OREMAP_VERSION")) == OREMAP_VERSION);
  CHECK(std::string(ds->GetMetadataItem("OREMAP_STEP")) == "test");
  int has = 0;
  CHECK(std::isnan(ds->GetRasterBand(1)->GetNoDataValue(&has)));
  CHECK(has);
  const std::vector<float> as_float(values.begin(), values.end());
  CHECK(first_difference(read_raster(target).values, std::vector<double>(as_float.begin(), as_float.end())) == -1);
  CHECK_FALSE(fs::exists(target.string() + ".aux.xml"));
}

TEST_CASE("an uncompressed plain GeoTIFF output of a compressed intermediate is an uncompressed copy", "[cog]") {
  TempDir dir;
  const fs::path source = dir.path() / "work" / "distance.tif";
  fs::create_directories(source.parent_path());
  const std::vector<double> values = values_with_holes();
  // An intermediate kept to the end of a run (a distance): compressed.
  {
    gdal::DatasetPtr ds = gdal::create_grid_tiff(source, kGrid, GDT_Float32, gdal::Storage::compressed, 2);
    std::vector<float> f(values.begin(), values.end());
    gdal::write_rows(*ds, 0, kRows, f.data());
    gdal::close_written(ds, source);
  }
  REQUIRE(std::string(open_raster_file(source)->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE")) == "ZSTD");
  const fs::path target = dir.path() / "out" / "result.tif";
  sinks::RasterOutputOptions o{"NONE", 0, "result: test", {}, 2, "gtiff", "1"};
  CHECK_FALSE(sinks::write_raster_output(source, target, o, silent_progress()));
  CHECK(fs::exists(source));
  GDALDatasetUniquePtr ds = open_raster_file(target);
  CHECK(ds->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE") == nullptr);
  const std::vector<float> as_float(values.begin(), values.end());
  CHECK(first_difference(read_raster(target).values, std::vector<double>(as_float.begin(), as_float.end())) == -1);
}

TEST_CASE("a compressed plain GeoTIFF output is a copy without overviews", "[cog]") {
  TempDir dir;
  const fs::path source = dir.path() / "source.tif";
  write_grid_raster(source, kGrid, values_with_holes(), std::nan(""));
  const fs::path target = dir.path() / "out" / "result.tif";
  sinks::RasterOutputOptions o{"ZSTD", 3, "result: test", {}, 2, "gtiff", "1"};
  CHECK_FALSE(sinks::write_raster_output(source, target, o, silent_progress()));
  CHECK(fs::exists(source));
  GDALDatasetUniquePtr ds = open_raster_file(target);
  CHECK(std::string(ds->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE")) == "ZSTD");
  CHECK(ds->GetRasterBand(1)->GetOverviewCount() == 0);
  CHECK(std::string(ds->GetRasterBand(1)->GetDescription()) == "result: test");
  CHECK(first_difference(read_raster(target).values, read_raster(source).values) == -1);
}

TEST_CASE("overview levels above one strip's reach continue from the last in-strip level", "[cog]") {
  // 140000 x 5 cells: levels 1/2 .. 1/256 come from the strip, 1/512 from the level below it.
  TempDir dir;
  constexpr int cols = 140000, rows = 5;
  const Grid grid = make_grid(32642, 0, 3000000, 10, cols, rows);
  std::vector<double> values;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) values.push_back(c % 97 == r ? std::nan("") : std::cos(0.001 * c) * 10 + r);
  const fs::path raster = dir.path() / "wide.tif";
  write_grid_raster(raster, grid, values, std::nan(""));
  const std::vector<int> factors = sinks::overview_factors(cols, rows, 512);
  REQUIRE(factors == std::vector<int>{2, 4, 8, 16, 32, 64, 128, 256, 512});
  sinks::build_average_overviews(raster, factors, 2, silent_progress());
  GDALDatasetUniquePtr ds = open_raster_file(raster);
  REQUIRE(ds->GetRasterBand(1)->GetOverviewCount() == 9);
  std::vector<double> want = values;
  int level_cols = cols, level_rows = rows;
  for (int k = 0; k < 9; ++k) {
    want = halve(want, level_cols, level_rows);
    level_cols = (level_cols + 1) / 2;
    level_rows = (level_rows + 1) / 2;
    INFO("level 1/" << factors[k]);
    CHECK(ds->GetRasterBand(1)->GetOverview(k)->GetXSize() == level_cols);
    CHECK(max_difference(read_overview(*ds, k), want) == Approx(0).margin(1e-4));
  }
}

TEST_CASE("overviews are the same bits for any thread count", "[cog]") {
  TempDir dir;
  const std::vector<double> values = values_with_holes();
  std::vector<std::vector<double>> levels[2];
  for (int t : {0, 1}) {
    const fs::path raster = dir.path() / ("r" + std::to_string(t) + ".tif");
    write_grid_raster(raster, kGrid, values, std::nan(""));
    sinks::build_average_overviews(raster, sinks::overview_factors(kCols, kRows, 512), t == 0 ? 1 : 3,
                                   silent_progress());
    GDALDatasetUniquePtr ds = open_raster_file(raster);
    for (int k = 0; k < ds->GetRasterBand(1)->GetOverviewCount(); ++k) levels[t].push_back(read_overview(*ds, k));
  }
  REQUIRE(levels[0].size() == 2);
  for (std::size_t k = 0; k < levels[0].size(); ++k) CHECK(first_difference(levels[0][k], levels[1][k]) == -1);
}
