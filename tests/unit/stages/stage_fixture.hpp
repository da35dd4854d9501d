#pragma once
// Helpers for the raster-stage tests: a tiny project in a temporary folder (inputs written by
// the test as GeoJSON in UTM 42N and GeoTIFFs on the grid), parsed and run exactly as
// `oremap run` does, and readers for the rasters it produced.
#include <gdal_priv.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "../test_support.hpp"
#include "core/grid.hpp"
#include "core/log.hpp"
#include "gdal/handles.hpp"
#include "project/project.hpp"
#include "stages/block_engine.hpp"
#include "stages/outputs/run_folder.hpp"
#include "stages/pipeline.hpp"
#include "stages/run_context.hpp"
#include "stages/sources/grid_builder.hpp"

namespace oremap::test {

struct RasterData {
  int cols = 0, rows = 0;
  std::vector<double> values;  // row-major; the band's nodata value (if any) becomes NaN
  double at(int row, int col) const { return values.at(static_cast<std::size_t>(row) * cols + col); }
};

inline GDALDatasetUniquePtr open_raster_file(const fs::path& path) {
  gdal::register_drivers();
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.string().c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  if (!ds) throw std::runtime_error("cannot open " + path.string());
  return ds;
}

inline RasterData read_raster(const fs::path& path) {
  GDALDatasetUniquePtr ds = open_raster_file(path);
  RasterData r;
  r.cols = ds->GetRasterXSize();
  r.rows = ds->GetRasterYSize();
  r.values.resize(static_cast<std::size_t>(r.cols) * r.rows);
  GDALRasterBand* band = ds->GetRasterBand(1);
  if (band->RasterIO(GF_Read, 0, 0, r.cols, r.rows, r.values.data(), r.cols, r.rows, GDT_Float64, 0, 0, nullptr) !=
      CE_None)
    throw std::runtime_error("cannot read " + path.string());
  int has_nodata = 0;
  const double nodata = band->GetNoDataValue(&has_nodata);
  if (has_nodata && !std::isnan(nodata))
    for (double& v : r.values)
      if (v == nodata) v = NAN;
  return r;
}

// Exact equality of two rasters' cells, NaN equal to NaN; returns the first differing index or -1.
inline long long first_difference(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const bool same = (std::isnan(a[i]) && std::isnan(b[i])) || a[i] == b[i];
    if (!same) return static_cast<long long>(i);
  }
  return -1;
}

// ---- A project run ----

// Parses `toml` as <dir>/project.toml, builds its grid and holds everything a RunContext
// refers to, as cli/commands.cpp run_with_context does. The work folder lives as long as this.
class StageRun {
 public:
  StageRun(const fs::path& dir, const std::string& toml, int threads = 1)
      : StageRun(dir, toml, dir / "project.toml", threads) {}
  StageRun(const fs::path& dir, const std::string& toml, const fs::path& file, int threads)
      : project_(project::parse_project(toml, file.string(), dir)),
        log_(log_text_, Verbosity::verbose),
        grid_(sources::build_grid(project_, log_)),
        work_(std::make_unique<RunFolder>(project_.output_dir, "work", new_run_id(), false)),
        ctx_(project_, grid_, log_) {
    ctx_.threads = threads;
    ctx_.work_dir = work_->path();
  }

  StageRun(const StageRun&) = delete;
  StageRun& operator=(const StageRun&) = delete;

  RunContext& ctx() { return ctx_; }
  const Grid& grid() const { return grid_; }
  const project::Project& project() const { return project_; }
  fs::path output(const std::string& name) const { return project_.output_dir / name; }
  std::string log() const { return log_text_.str(); }

  void run() { run_raster_stages(ctx_); }
  // A raster of this run (layer, evidence or model, before COG writing), NaN = nodata. A
  // per-cell step is written to the work folder first.
  RasterData raster(const std::string& id) {
    materialise(ctx_, id, gdal::Storage::plain);
    return read_raster(ctx_.raster_file(id));
  }
  // Removes the work folder now (as the end of `oremap run` does).
  void finish() { work_.reset(); }

 private:
  project::Project project_;
  std::ostringstream log_text_;
  Log log_;
  Grid grid_;
  std::unique_ptr<RunFolder> work_;
  RunContext ctx_;
};

// Files and folders directly in `dir`, sorted by name.
inline std::vector<std::string> folder_listing(const fs::path& dir) {
  std::vector<std::string> names;
  if (!fs::exists(dir)) return names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace oremap::test
