#pragma once
// Helpers shared by the unit tests: a temporary folder, text files, running GDAL's own
// command-line tools (the independent source of expected values) and the oremap CLI.
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/grid.hpp"
#include "gdal/handles.hpp"
#include "project/project.hpp"

namespace oremap::test {

namespace fs = std::filesystem;

// A fresh folder under the system temp dir, removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "oremap-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

inline void write_text_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

inline std::string read_text_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Single-quotes a word for /bin/sh (embedded ' become '\'').
inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs a /bin/sh command line, capturing stdout, stderr and the exit code.
inline CommandResult run_command(const std::string& command) {
  std::string err_file = (fs::temp_directory_path() / "oremap-test-stderr-XXXXXX").string();
  int fd = mkstemp(err_file.data());
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  CommandResult r;
  FILE* pipe = popen((command + " 2>" + shell_quote(err_file)).c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run: " + command);
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
  int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = read_text_file(err_file);
  fs::remove(err_file);
  return r;
}

// Runs a command that must succeed (a GDAL tool preparing test data); throws with its stderr.
inline std::string run_ok(const std::string& command) {
  CommandResult r = run_command(command);
  if (r.exit_code != 0)
    throw std::runtime_error("command failed (" + std::to_string(r.exit_code) + "): " + command + "\n" + r.err);
  return r.out;
}

// Converts between vector formats with ogr2ogr; `options` go before the file names.
inline void ogr2ogr(const std::string& dst, const std::string& src, const std::string& options = "") {
  run_ok("ogr2ogr " + options + " " + shell_quote(dst) + " " + shell_quote(src));
}

// Expected positions of points, from GDAL's own gdaltransform (traditional x/y = lon/lat order),
// all in one run of the tool.
inline std::vector<std::array<double, 2>> gdaltransform(const std::string& s_srs, const std::string& t_srs,
                                                        const std::vector<std::array<double, 2>>& points) {
  std::ostringstream cmd;
  cmd.precision(17);
  cmd << "printf '%s\\n'";  // one "x y" line per point
  for (const auto& p : points) cmd << " '" << p[0] << " " << p[1] << "'";
  cmd << " | gdaltransform -output_xy -s_srs " << shell_quote(s_srs) << " -t_srs " << shell_quote(t_srs);
  std::istringstream out(run_ok(cmd.str()));
  std::vector<std::array<double, 2>> xy(points.size());
  for (auto& p : xy)
    if (!(out >> p[0] >> p[1])) throw std::runtime_error("cannot parse gdaltransform output of: " + cmd.str());
  return xy;
}

inline std::array<double, 2> gdaltransform(const std::string& s_srs, const std::string& t_srs, double x, double y) {
  return gdaltransform(s_srs, t_srs, std::vector<std::array<double, 2>>{{x, y}})[0];
}

// A grid on an EPSG CRS with its WKT written by GDAL (not by oremap).
inline Grid make_grid(int epsg, double xmin, double ymax, double cell_size, int cols, int rows) {
  OGRSpatialReference srs;
  if (srs.importFromEPSG(epsg) != OGRERR_NONE) throw std::runtime_error("unknown EPSG " + std::to_string(epsg));
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  srs.exportToWkt(&wkt, options);
  Grid g;
  g.crs_wkt = wkt;
  CPLFree(wkt);
  g.crs_name = srs.GetName();
  g.epsg = epsg;
  g.xmin = xmin;
  g.ymax = ymax;
  g.cell_size = cell_size;
  g.cols = cols;
  g.rows = rows;
  return g;
}

// UTM 42N, 1 km cells over x -400..1500 km, y 2500..4200 km: all of Pakistan.
inline Grid pakistan_grid() { return make_grid(32642, -400000, 4200000, 1000, 1900, 1700); }

inline project::LayerSpec layer_spec(const std::string& id, const std::string& path,
                                     const std::string& type = "vector") {
  project::LayerSpec spec;
  spec.id = id;
  spec.path = path;
  spec.type = type;
  return spec;
}

struct BandSpec {
  std::vector<double> values = {};  // row-major, cols * rows
  std::optional<double> nodata = {};
  std::optional<double> scale = {}, offset = {};
};

// A GeoTIFF in EPSG:4326 written with GDAL's API: origin (lon0, lat0), square pixels of `step` degrees.
inline void write_geotiff(const std::string& path, int cols, int rows, double lon0, double lat0, double step,
                          const std::vector<BandSpec>& bands, GDALDataType type = GDT_Float32) {
  GDALAllRegister();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  if (!driver) throw std::runtime_error("no GTiff driver");
  GDALDatasetUniquePtr ds(driver->Create(path.c_str(), cols, rows, static_cast<int>(bands.size()), type, nullptr));
  if (!ds) throw std::runtime_error("cannot create " + path);
  double gt[6] = {lon0, step, 0, lat0, 0, -step};
  ds->SetGeoTransform(gt);
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  ds->SetSpatialRef(&wgs84);
  for (std::size_t b = 0; b < bands.size(); ++b) {
    GDALRasterBand* band = ds->GetRasterBand(static_cast<int>(b) + 1);
    if (bands[b].nodata) band->SetNoDataValue(*bands[b].nodata);
    if (bands[b].scale) band->SetScale(*bands[b].scale);
    if (bands[b].offset) band->SetOffset(*bands[b].offset);
    std::vector<double> v = bands[b].values;
    if (v.size() != std::size_t(cols) * rows) throw std::runtime_error("band size mismatch for " + path);
    if (band->RasterIO(GF_Write, 0, 0, cols, rows, v.data(), cols, rows, GDT_Float64, 0, 0, nullptr) != CE_None)
      throw std::runtime_error("cannot write " + path);
  }
}

// Silences GDAL's stderr error printing while a test provokes errors on purpose.
class QuietGdalErrors {
 public:
  QuietGdalErrors() { CPLPushErrorHandler(CPLQuietErrorHandler); }
  ~QuietGdalErrors() { CPLPopErrorHandler(); }
  QuietGdalErrors(const QuietGdalErrors&) = delete;
  QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
};

// ---- GeoJSON written inline, coordinates in metres (the layers declare crs = "EPSG:32642") ----

inline std::string coords(const std::vector<std::array<double, 2>>& xy) {
  std::string out = "[";
  for (std::size_t i = 0; i < xy.size(); ++i) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s[%.3f,%.3f]", i ? "," : "", xy[i][0], xy[i][1]);
    out += buf;
  }
  return out + "]";
}

inline std::string geo_point(double x, double y) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "{\"type\":\"Point\",\"coordinates\":[%.3f,%.3f]}", x, y);
  return buf;
}

// The 10 x 10 grid of 1 km cells many stage tests use, from (500000, 3000000) in UTM 42N: cell
// (r, c) has its centre at x = 500500 + 1000 c, y = 3009500 - 1000 r.
inline const Grid kTenGrid = make_grid(32642, 500000, 3010000, 1000, 10, 10);
inline std::string ten_centre(int r, int c) { return geo_point(500500 + 1000.0 * c, 3009500 - 1000.0 * r); }

inline std::string geo_line(const std::vector<std::array<double, 2>>& xy) {
  return "{\"type\":\"LineString\",\"coordinates\":" + coords(xy) + "}";
}

// A polygon from its outer ring; the ring is closed here.
inline std::string geo_polygon(std::vector<std::array<double, 2>> ring) {
  ring.push_back(ring.front());
  return "{\"type\":\"Polygon\",\"coordinates\":[" + coords(ring) + "]}";
}

// An axis-aligned rectangle, counter-clockwise.
inline std::string geo_box(double x0, double y0, double x1, double y1) {
  return geo_polygon({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}});
}

// One GeoJSON feature: a geometry (GeoJSON text) and its properties.
struct Feature {
  std::string geometry;
  std::string properties;  // JSON object members, e.g. "\"cu\": 12"
};

inline std::string feature_collection(const std::vector<Feature>& features) {
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[\n";
  for (std::size_t i = 0; i < features.size(); ++i)
    out += std::string(i ? ",\n" : "") + "{\"type\":\"Feature\",\"properties\":{" + features[i].properties +
           "},\"geometry\":" + features[i].geometry + "}";
  return out + "\n]}\n";
}

// ---- Rasters ----

// A Float32 GeoTIFF on `grid` with row-major values; `nodata` is declared as the band's nodata.
inline void write_grid_raster(const fs::path& path, const Grid& grid, const std::vector<double>& values,
                              std::optional<double> nodata = std::nullopt) {
  gdal::register_drivers();
  if (values.size() != static_cast<std::size_t>(grid.cell_count()))
    throw std::runtime_error("write_grid_raster: " + std::to_string(values.size()) + " values for " +
                             std::to_string(grid.cell_count()) + " cells");
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  GDALDatasetUniquePtr ds(driver->Create(path.string().c_str(), grid.cols, grid.rows, 1, GDT_Float32, nullptr));
  if (!ds) throw std::runtime_error("cannot create " + path.string());
  auto gt = grid.geotransform();
  ds->SetGeoTransform(gt.data());
  ds->SetProjection(grid.crs_wkt.c_str());
  GDALRasterBand* band = ds->GetRasterBand(1);
  if (nodata) band->SetNoDataValue(*nodata);
  std::vector<double> v = values;
  if (band->RasterIO(GF_Write, 0, 0, grid.cols, grid.rows, v.data(), grid.cols, grid.rows, GDT_Float64, 0, 0,
                     nullptr) != CE_None)
    throw std::runtime_error("cannot write " + path.string());
}

// The same from Float32 values, NaN declared as the nodata value.
inline void write_float_raster(const fs::path& path, const Grid& grid, const std::vector<float>& values) {
  write_grid_raster(path, grid, std::vector<double>(values.begin(), values.end()), std::nan(""));
}

// ---- Project files ----

// The header every test project shares: a grid in UTM 42N given by its bbox in metres, so the
// grid is exactly [x0, x0 + cols * cell] x [y0, y0 + rows * cell].
inline std::string grid_toml(double x0, double y0, double cell, int cols, int rows, const std::string& extra = "") {
  std::ostringstream s;
  s.precision(17);
  s << "[project]\nname = \"stage test\"\noutput = \"out\"\n\n[grid]\ncrs = \"EPSG:32642\"\nbbox_crs = \"EPSG:32642\"\n"
    << "bbox = [" << x0 << ", " << y0 << ", " << x0 + cols * cell << ", " << y0 + rows * cell << "]\n"
    << "cell_size = " << cell << "\n"
    << extra << "\n";
  return s.str();
}

}  // namespace oremap::test
