// Raster layers onto the grid: oremap's warp must equal the gdalwarp command line, pixel for pixel;
// band choice, scale/offset and nodata are checked on hand-made GeoTIFFs.
#include "stages/sources/raster_source.hpp"

#include <gdal_priv.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <optional>
#include <sstream>
#include <vector>

#include "../../test_support.hpp"
#include "core/error.hpp"

using namespace oremap;
using oremap::test::layer_spec;
using oremap::test::shell_quote;
using oremap::test::TempDir;
using oremap::test::write_geotiff;

namespace {

std::vector<double> constant(int cols, int rows, double v) { return std::vector<double>(std::size_t(cols) * rows, v); }

std::vector<double> read_all(GDALDataset& ds, int band = 1) {
  const int cols = ds.GetRasterXSize(), rows = ds.GetRasterYSize();
  std::vector<double> out(std::size_t(cols) * rows);
  REQUIRE(ds.GetRasterBand(band)->RasterIO(GF_Read, 0, 0, cols, rows, out.data(), cols, rows, GDT_Float64, 0, 0) ==
          CE_None);
  return out;
}

sources::GridRaster warp(const project::LayerSpec& spec, const Grid& grid) {
  std::ostringstream log;
  return sources::warp_to_grid(spec, grid, Log(log, Verbosity::quiet));
}

// Source: 40 x 30 pixels of 0.01 degree from (63.9 E, 29.3 N), i.e. lon 63.9..64.3, lat 29.0..29.3,
// with an uneven surface so that every resampling method gives different values.
const int kCols = 40, kRows = 30;
std::vector<double> surface() {
  std::vector<double> v;
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < kCols; ++c) v.push_back(100 + 7.0 * c - 3.0 * r + (c * r) % 11);
  return v;
}

// Grid: UTM 42N, 20 x 20 cells of 1 km, x 10..30 km, y 3220..3240 km. gdaltransform puts its corners
// at lon 63.963..64.177, lat 29.014..29.202: inside the source.
Grid inner_grid() { return oremap::test::make_grid(32642, 10000, 3240000, 1000, 20, 20); }

}  // namespace

TEST_CASE("warp onto the grid equals gdalwarp with the same parameters", "[ingest]") {
  TempDir dir;
  const std::string src = dir.file("src.tif");
  write_geotiff(src, kCols, kRows, 63.9, 29.3, 0.01, {{surface()}});
  const Grid grid = inner_grid();
  for (const char* method : {"nearest", "bilinear", "cubic", "average"}) {
    DYNAMIC_SECTION(method) {
      const std::string ref = dir.file(std::string("ref_") + method + ".tif");
      oremap::test::run_ok("gdalwarp -q -t_srs EPSG:32642 -te 10000 3220000 30000 3240000 -ts 20 20 -r " +
                           std::string(method) + " -ot Float32 " + shell_quote(src) + " " + shell_quote(ref));
      project::LayerSpec spec = layer_spec("surface", src, "raster");
      spec.resampling = method;
      sources::GridRaster out = warp(spec, grid);
      REQUIRE(out.warped->GetRasterXSize() == 20);
      REQUIRE(out.warped->GetRasterYSize() == 20);
      CHECK(out.warped->GetRasterBand(1)->GetRasterDataType() == GDT_Float32);
      double gt[6];
      out.warped->GetGeoTransform(gt);
      CHECK(std::vector<double>(gt, gt + 6) == std::vector<double>{10000, 1000, 0, 3240000, 0, -1000});
      GDALDatasetUniquePtr expected(GDALDataset::Open(ref.c_str(), GDAL_OF_RASTER));
      REQUIRE(expected);
      const std::vector<double> got = read_all(*out.warped), want = read_all(*expected);
      int differing = 0;
      for (std::size_t i = 0; i < want.size(); ++i)
        if (std::fabs(got[i] - want[i]) > 1e-6) ++differing;
      CHECK(differing == 0);
      CHECK(got[0] > 90);  // real data, not nodata: the surface lies in 100 - 87 .. 100 + 273 + 10
    }
  }
}

TEST_CASE("warp reads the declared band of a multi-band raster", "[ingest]") {
  TempDir dir;
  const std::string src = dir.file("two.tif");
  write_geotiff(src, kCols, kRows, 63.9, 29.3, 0.01, {{constant(kCols, kRows, 10)}, {constant(kCols, kRows, 20)}});
  project::LayerSpec spec = layer_spec("two", src, "raster");
  spec.band = 2;
  sources::GridRaster out = warp(spec, inner_grid());
  CHECK(out.warped->GetRasterCount() == 1);
  for (double v : read_all(*out.warped)) REQUIRE(v == 20.0);  // band 2 only
}

TEST_CASE("warp refuses a band the raster does not have", "[ingest]") {
  TempDir dir;
  const std::string src = dir.file("one.tif");
  write_geotiff(src, kCols, kRows, 63.9, 29.3, 0.01, {{constant(kCols, kRows, 1)}});
  project::LayerSpec spec = layer_spec("one", src, "raster");
  spec.band = 3;
  try {
    warp(spec, inner_grid());
    FAIL("no error for band 3");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == "one (" + src + "): band 3 does not exist; the raster has 1 band(s)");
  }
}

TEST_CASE("warp applies the band's scale and offset", "[ingest]") {
  TempDir dir;
  const std::string src = dir.file("scaled.tif");
  // Int16 raw value 10 with scale 0.1 and offset 5: 10 * 0.1 + 5 = 6
  write_geotiff(src, kCols, kRows, 63.9, 29.3, 0.01, {{constant(kCols, kRows, 10), std::nullopt, 0.1, 5.0}}, GDT_Int16);
  sources::GridRaster out = warp(layer_spec("scaled", src, "raster"), inner_grid());
  for (double v : read_all(*out.warped)) REQUIRE(v == Approx(6.0).epsilon(0).margin(1e-6));
}

TEST_CASE("warp keeps the file's nodata: value, band flag and nodata cells", "[ingest]") {
  TempDir dir;
  const std::string src = dir.file("holes.tif");
  // Rows 0..14 (lat 29.3 down to 29.15) are nodata; rows 15..29 hold 42.
  std::vector<double> v = constant(kCols, kRows, 42);
  std::fill(v.begin(), v.begin() + 15 * kCols, -9999.0);
  write_geotiff(src, kCols, kRows, 63.9, 29.3, 0.01, {{v, -9999.0}});
  sources::GridRaster out = warp(layer_spec("holes", src, "raster"), inner_grid());
  CHECK(out.nodata == -9999.0);
  int has = 0;
  CHECK(out.warped->GetRasterBand(1)->GetNoDataValue(&has) == -9999.0);
  CHECK(has == 1);
  const std::vector<double> got = read_all(*out.warped);
  // Row 0 of the grid is centred at y = 3239500 (lat ~29.19 > 29.15): nodata.
  // Row 19 is centred at y = 3220500 (lat ~29.02 < 29.15): data.
  CHECK(got[0] == -9999.0);
  CHECK(got[19 * 20] == 42.0);
  // The same cells as gdalwarp, which takes the source nodata as its own.
  const std::string ref = dir.file("ref.tif");
  oremap::test::run_ok(
      "gdalwarp -q -t_srs EPSG:32642 -te 10000 3220000 30000 3240000 -ts 20 20 -r nearest "
      "-ot Float32 " +
      shell_quote(src) + " " + shell_quote(ref));
  GDALDatasetUniquePtr expected(GDALDataset::Open(ref.c_str(), GDAL_OF_RASTER));
  CHECK(got == read_all(*expected));
}

TEST_CASE("warp keeps nodata of a scaled band as nodata", "[ingest]") {
  TempDir dir;
  const std::string src = dir.file("scaled_holes.tif");
  // Int16 with scale 0.1, offset 5 and nodata -9999: the top half is nodata, the rest raw 10 -> 6.
  std::vector<double> v = constant(kCols, kRows, 10);
  std::fill(v.begin(), v.begin() + 15 * kCols, -9999.0);
  write_geotiff(src, kCols, kRows, 63.9, 29.3, 0.01, {{v, -9999.0, 0.1, 5.0}}, GDT_Int16);
  sources::GridRaster out = warp(layer_spec("sh", src, "raster"), inner_grid());
  const std::vector<double> got = read_all(*out.warped);
  int has = 0;
  const double nodata = out.warped->GetRasterBand(1)->GetNoDataValue(&has);
  REQUIRE(has == 1);
  CHECK(got[0] == nodata);                                     // row 0 lies over the nodata half
  CHECK(got[19 * 20] == Approx(6.0).epsilon(0).margin(1e-6));  // 10 * 0.1 + 5
  // -9999 must never come out as a "real" value -9999 * 0.1 + 5 = -994.9
  for (double g : got) REQUIRE(g != Approx(-994.9));
}

TEST_CASE("warp uses the declared nodata when the file has none", "[ingest]") {
  TempDir dir;
  const std::string src = dir.file("zeros.tif");
  std::vector<double> v = constant(kCols, kRows, 5);
  std::fill(v.begin(), v.begin() + 15 * kCols, 0.0);  // zeros mean "no data" by convention here
  write_geotiff(src, kCols, kRows, 63.9, 29.3, 0.01, {{v}});
  project::LayerSpec spec = layer_spec("zeros", src, "raster");
  spec.nodata = 0.0;
  sources::GridRaster out = warp(spec, inner_grid());
  CHECK(out.nodata == 0.0);
  int has = 0;
  CHECK(out.warped->GetRasterBand(1)->GetNoDataValue(&has) == 0.0);
  CHECK(has == 1);
}

TEST_CASE("warp marks cells outside the raster with the default nodata", "[ingest]") {
  TempDir dir;
  const std::string src = dir.file("src.tif");
  write_geotiff(src, kCols, kRows, 63.9, 29.3, 0.01, {{constant(kCols, kRows, 7)}});
  // 20 cells from x = 40 km. The raster's east edge, lon 64.3, lies at x = 41946 m (lat 29.0) to
  // 43280 m (lat 29.3) by gdaltransform, so the first cell is inside and the last (59..60 km) outside.
  sources::GridRaster out =
      warp(layer_spec("src", src, "raster"), oremap::test::make_grid(32642, 40000, 3240000, 1000, 20, 20));
  CHECK(out.nodata == sources::kNoData);
  const std::vector<double> got = read_all(*out.warped);
  CHECK(got[0] == 7.0);                // x 40..41 km: inside
  CHECK(got[19] == sources::kNoData);  // x 59..60 km: outside
}

// ---- Layers already on the grid are read in place ----

namespace {

// The source's own lattice as the grid: EPSG:4326, 40 x 30 pixels of 0.01 degree.
Grid source_grid() { return oremap::test::make_grid(4326, 63.9, 29.3, 0.01, kCols, kRows); }

std::optional<std::filesystem::path> in_place(const project::LayerSpec& spec, const Grid& grid,
                                              const std::filesystem::path& vrt) {
  std::ostringstream log;
  return sources::read_in_place(spec, grid, vrt, Log(log, Verbosity::quiet));
}

}  // namespace

TEST_CASE("a Float32 layer on the grid with NaN nodata is read from its own file", "[ingest]") {
  TempDir dir;
  const std::string src = dir.file("on_grid.tif");
  write_geotiff(src, kCols, kRows, 63.9, 29.3, 0.01, {{surface(), std::nan("")}});
  const auto path = in_place(layer_spec("s", src, "raster"), source_grid(), dir.file("s.vrt"));
  REQUIRE(path);
  CHECK(path->string() == src);
  CHECK_FALSE(std::filesystem::exists(dir.file("s.vrt")));
}

TEST_CASE("a Byte band on the grid is read through a Float32 view with its nodata as NaN", "[ingest]") {
  TempDir dir;
  const std::string src = dir.file("classes.tif");
  // Band 2 holds classes 0..9, with 255 (the band's nodata) in column 0.
  std::vector<double> classes;
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < kCols; ++c) classes.push_back(c == 0 ? 255 : (r + c) % 10);
  write_geotiff(src, kCols, kRows, 63.9, 29.3, 0.01, {{constant(kCols, kRows, 1)}, {classes, 255.0}}, GDT_Byte);
  project::LayerSpec spec = layer_spec("classes", src, "raster");
  spec.band = 2;
  const auto path = in_place(spec, source_grid(), dir.file("classes.vrt"));
  REQUIRE(path);
  CHECK(path->string() == dir.file("classes.vrt"));
  GDALDatasetUniquePtr view(GDALDataset::Open(path->string().c_str(), GDAL_OF_RASTER));
  REQUIRE(view);
  REQUIRE(view->GetRasterCount() == 1);
  CHECK(view->GetRasterBand(1)->GetRasterDataType() == GDT_Float32);
  int has = 0;
  CHECK(std::isnan(view->GetRasterBand(1)->GetNoDataValue(&has)));
  CHECK(has);
  const std::vector<double> got = read_all(*view);
  int mismatches = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const bool want_nan = classes[i] == 255;
    if (want_nan != std::isnan(got[i]) || (!want_nan && got[i] != classes[i])) ++mismatches;
  }
  CHECK(mismatches == 0);
}

TEST_CASE("a declared nodata applies to a layer read in place", "[ingest]") {
  TempDir dir;
  const std::string src = dir.file("counts.tif");
  std::vector<double> counts;
  for (int i = 0; i < kCols * kRows; ++i) counts.push_back(i % 4);  // every fourth cell is 0
  write_geotiff(src, kCols, kRows, 63.9, 29.3, 0.01, {{counts}}, GDT_Int16);
  project::LayerSpec spec = layer_spec("counts", src, "raster");
  spec.nodata = 0.0;
  const auto path = in_place(spec, source_grid(), dir.file("counts.vrt"));
  REQUIRE(path);
  GDALDatasetUniquePtr view(GDALDataset::Open(path->string().c_str(), GDAL_OF_RASTER));
  const std::vector<double> got = read_all(*view);
  CHECK(std::isnan(got[0]));
  CHECK(got[1] == 1);
  CHECK(got[3] == 3);
  CHECK(std::isnan(got[4]));
}

TEST_CASE("layers off the grid or scaled are not read in place", "[ingest]") {
  TempDir dir;
  const std::string src = dir.file("src.tif");
  write_geotiff(src, kCols, kRows, 63.9, 29.3, 0.01, {{surface()}});
  const project::LayerSpec spec = layer_spec("s", src, "raster");
  // Half a pixel east, another CRS with the same numbers, a coarser cell. (One pixel fewer is on
  // the lattice: read in place, below.)
  CHECK_FALSE(in_place(spec, oremap::test::make_grid(4326, 63.905, 29.3, 0.01, kCols, kRows), dir.file("a.vrt")));
  CHECK_FALSE(in_place(spec, oremap::test::make_grid(4269, 63.9, 29.3, 0.01, kCols, kRows), dir.file("c.vrt")));
  CHECK_FALSE(in_place(spec, oremap::test::make_grid(4326, 63.9, 29.3, 0.02, kCols / 2, kRows / 2), dir.file("d.vrt")));
  const std::string scaled = dir.file("scaled.tif");
  write_geotiff(scaled, kCols, kRows, 63.9, 29.3, 0.01, {{constant(kCols, kRows, 10), {}, 0.1, 5.0}}, GDT_Int16);
  CHECK_FALSE(in_place(layer_spec("scaled", scaled, "raster"), source_grid(), dir.file("e.vrt")));
}

TEST_CASE("a layer stored in blocks taller than a strip goes through the warp", "[ingest]") {
  // Strips of 256 rows are read in parallel and out of order: a compressed block of 300 rows
  // would be decoded again for every strip it touches, so such a file is copied once instead.
  TempDir dir;
  const std::string src = dir.file("tall_blocks.tif");
  const int cols = 8, rows = 600;
  GDALAllRegister();
  GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
  const char* options[] = {"COMPRESS=DEFLATE", "BLOCKYSIZE=300", nullptr};
  {
    GDALDatasetUniquePtr ds(gtiff->Create(src.c_str(), cols, rows, 1, GDT_Float32, const_cast<char**>(options)));
    REQUIRE(ds);
    double gt[6] = {63.9, 0.01, 0, 29.3, 0, -0.01};
    ds->SetGeoTransform(gt);
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    ds->SetSpatialRef(&wgs84);
    std::vector<float> v(static_cast<std::size_t>(cols) * rows, 1.0f);
    REQUIRE(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, cols, rows, v.data(), cols, rows, GDT_Float32, 0, 0,
                                           nullptr) == CE_None);
    int bx = 0, by = 0;
    ds->GetRasterBand(1)->GetBlockSize(&bx, &by);
    REQUIRE(by == 300);
  }
  const Grid grid = oremap::test::make_grid(4326, 63.9, 29.3, 0.01, cols, rows);
  CHECK_FALSE(in_place(layer_spec("tall", src, "raster"), grid, dir.file("tall.vrt")));
}

// ---- Layers on the grid's lattice with another extent: a VRT with a whole-cell offset ----

namespace {

// Grid: UTM 42N, 13 x 10 cells of 30 m from (199990, 3000050).
Grid lattice_grid() { return oremap::test::make_grid(32642, 199990, 3000050, 30, 13, 10); }

// A raster of `cols` x `rows` 30 m pixels whose pixel (0, 0) is grid cell (col0, row0), holding
// 1000 + 100 * row + column (distinct, exact in every type below), and `nodata` at `hole`.
std::vector<double> write_on_lattice(const std::string& path, int col0, int row0, int cols, int rows,
                                     GDALDataType type = GDT_Float32, std::optional<double> nodata = std::nullopt,
                                     int hole = -1) {
  const Grid g = lattice_grid();
  std::vector<double> v;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) v.push_back(1000 + 100 * r + c);
  if (hole >= 0) v.at(hole) = *nodata;
  GDALAllRegister();
  GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
  GDALDatasetUniquePtr ds(gtiff->Create(path.c_str(), cols, rows, 1, type, nullptr));
  REQUIRE(ds);
  double gt[6] = {g.xmin + col0 * 30.0, 30, 0, g.ymax - row0 * 30.0, 0, -30};
  ds->SetGeoTransform(gt);
  ds->SetProjection(g.crs_wkt.c_str());
  if (nodata) ds->GetRasterBand(1)->SetNoDataValue(*nodata);
  REQUIRE(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, cols, rows, v.data(), cols, rows, GDT_Float64, 0, 0,
                                         nullptr) == CE_None);
  return v;
}

// Every grid cell read through the view equals the raster's pixel (row - row0, col - col0) when
// there is one and is data, else NaN; returns the number of cells that differ.
int differing_cells(const std::filesystem::path& view_path, const std::vector<double>& pixels, int col0, int row0,
                    int cols, int rows, std::optional<double> nodata = std::nullopt) {
  GDALDatasetUniquePtr view(GDALDataset::Open(view_path.string().c_str(), GDAL_OF_RASTER));
  REQUIRE(view);
  const Grid g = lattice_grid();
  REQUIRE(view->GetRasterXSize() == g.cols);
  REQUIRE(view->GetRasterYSize() == g.rows);
  const std::vector<double> got = read_all(*view);
  int differing = 0;
  for (int r = 0; r < g.rows; ++r)
    for (int c = 0; c < g.cols; ++c) {
      const int pr = r - row0, pc = c - col0;
      const bool inside = pr >= 0 && pr < rows && pc >= 0 && pc < cols;
      const double want = inside ? pixels[std::size_t(pr) * cols + pc] : NAN;
      const double have = got[std::size_t(r) * g.cols + c];
      const bool want_nan = std::isnan(want) || (nodata && want == *nodata);
      if (want_nan ? !std::isnan(have) : have != want) ++differing;
    }
  return differing;
}

}  // namespace

TEST_CASE("a layer on the lattice, smaller than the grid, is read in place: its values inside, NaN outside",
          "[ingest][align]") {
  TempDir dir;
  // 10 x 8 pixels from cell (1, 1): grid columns 1..10, rows 1..8; a border of NaN around it.
  const std::string src = dir.file("dem.tif");
  const std::vector<double> pixels = write_on_lattice(src, 1, 1, 10, 8);
  const auto path = in_place(layer_spec("dem", src, "raster"), lattice_grid(), dir.file("dem.vrt"));
  REQUIRE(path);
  CHECK(path->string() == dir.file("dem.vrt"));
  CHECK(differing_cells(*path, pixels, 1, 1, 10, 8) == 0);
  GDALDatasetUniquePtr view(GDALDataset::Open(path->c_str(), GDAL_OF_RASTER));
  double gt[6];
  view->GetGeoTransform(gt);
  CHECK(std::vector<double>(gt, gt + 6) == std::vector<double>{199990, 30, 0, 3000050, 0, -30});
  const std::vector<double> got = read_all(*view);
  CHECK(std::isnan(got[0]));        // cell (0, 0): outside the raster
  CHECK(got[1 * 13 + 1] == 1000);   // cell (1, 1): pixel (0, 0)
  CHECK(got[8 * 13 + 10] == 1709);  // cell (8, 10): pixel (7, 9) = 1000 + 700 + 9
  CHECK(std::isnan(got[9 * 13 + 12]));
}

TEST_CASE("a layer on the lattice in partial overlap is read in place through the clipped window", "[ingest][align]") {
  TempDir dir;
  SECTION("north-west: pixel (0, 0) at cell (-3, -2)") {
    // Grid columns -3..2 and rows -2..2: the grid sees pixels columns 3..5 and rows 2..4.
    const std::string src = dir.file("nw.tif");
    const auto pixels = write_on_lattice(src, -3, -2, 6, 5);
    const auto path = in_place(layer_spec("nw", src, "raster"), lattice_grid(), dir.file("nw.vrt"));
    REQUIRE(path);
    CHECK(differing_cells(*path, pixels, -3, -2, 6, 5) == 0);
    GDALDatasetUniquePtr view(GDALDataset::Open(path->c_str(), GDAL_OF_RASTER));
    CHECK(read_all(*view)[0] == 1203);  // cell (0, 0) is pixel (2, 3): 1000 + 200 + 3
  }
  SECTION("south-east, Int16 with a nodata pixel inside the overlap") {
    // Pixel (0, 0) at cell (9, 7): grid columns 9..12 and rows 7..9 see pixels (0..2, 0..3); the
    // pixel at row 1, column 2 (index 1 * 8 + 2) is -9999, the band's nodata.
    const std::string src = dir.file("se.tif");
    const auto pixels = write_on_lattice(src, 9, 7, 8, 6, GDT_Int16, -9999.0, 1 * 8 + 2);
    const auto path = in_place(layer_spec("se", src, "raster"), lattice_grid(), dir.file("se.vrt"));
    REQUIRE(path);
    CHECK(differing_cells(*path, pixels, 9, 7, 8, 6, -9999.0) == 0);
    GDALDatasetUniquePtr view(GDALDataset::Open(path->c_str(), GDAL_OF_RASTER));
    const auto got = read_all(*view);
    CHECK(got[7 * 13 + 9] == 1000);
    CHECK(std::isnan(got[8 * 13 + 11]));  // the nodata pixel
    CHECK(got[9 * 13 + 12] == 1203);
  }
  SECTION("larger than the grid on every side") {
    const std::string src = dir.file("big.tif");
    const auto pixels = write_on_lattice(src, -4, -5, 20, 17);
    const auto path = in_place(layer_spec("big", src, "raster"), lattice_grid(), dir.file("big.vrt"));
    REQUIRE(path);
    CHECK(path->string() == dir.file("big.vrt"));
    CHECK(differing_cells(*path, pixels, -4, -5, 20, 17) == 0);
  }
  SECTION("entirely outside the grid: every cell is NaN") {
    const std::string src = dir.file("away.tif");
    const auto pixels = write_on_lattice(src, 20, 3, 5, 5);
    const auto path = in_place(layer_spec("away", src, "raster"), lattice_grid(), dir.file("away.vrt"));
    REQUIRE(path);
    CHECK(differing_cells(*path, pixels, 20, 3, 5, 5) == 0);
  }
}

TEST_CASE("a layer a fraction of a cell off the lattice goes through the warp", "[ingest][align]") {
  TempDir dir;
  const std::string src = dir.file("off.tif");
  const Grid g = lattice_grid();
  // The grid's lattice shifted 10 m east: whole pixels of the right size, in the wrong place.
  oremap::test::write_float_raster(src, oremap::test::make_grid(32642, g.xmin + 10, g.ymax, 30, 5, 5),
                                   std::vector<float>(25, 1.0f));
  CHECK_FALSE(in_place(layer_spec("off", src, "raster"), g, dir.file("off.vrt")));
}
