#pragma once
// Zonal statistics of a grid raster over a site, reading only the window of the site's box.
// Cells: polygon sites use the cells whose centre the polygon covers (or, with all_touched,
// every cell whose interior it meets; a polygon holding no cell centre falls back to that);
// point sites use the cells whose centre lies within point_radius (at least the cell holding
// the point). NaN and the band's nodata value are nodata.
#include <filesystem>
#include <string>
#include <vector>

#include "core/grid.hpp"
#include "gdal/handles.hpp"
#include "geos/handles.hpp"
#include "stages/sites/site_config.hpp"
#include "stages/sites/site_measures.hpp"

namespace oremap::sites {

// The statistic over the site's cells (NaN = nodata). mean/min/max/percentile/std/sum/count use
// the data cells (percentile interpolates linearly between order statistics, as numpy's
// default; std divides by n, std_sample by n - 1 and is NaN for one cell); coverage is the
// share of all the site's cells whose value is > 0. No data cells: NaN.
double zonal_statistic(const std::vector<double>& cells, ZonalStatistic statistic, double percentile);

class ZonalReader {
 public:
  // Reads band 1 of the last dataset of `chain` (earlier ones are the sources a VRT reads and
  // are kept open); it must lie on `grid`. `label` names the raster in messages.
  ZonalReader(std::vector<gdal::DatasetPtr> chain, const Grid& grid, std::string label);
  ~ZonalReader();  // closes the chain from its end: a VRT before the datasets it reads
  ZonalReader(ZonalReader&&) = default;
  ZonalReader& operator=(ZonalReader&&) = delete;

  Measurement measure(const geos::Context& ctx, const GEOSGeometry& site, bool is_point, double point_radius,
                      bool all_touched, ZonalStatistic statistic, double percentile);

  // The values (NaN = nodata) of the cells selected for the site, in row-major window order.
  // Cells of the site's footprint beyond the grid's edge count as nodata (and in `outside`):
  // a site half off the grid is not scored on its inner half alone. A site that misses the grid
  // entirely selects nothing. touched_fallback: set when a polygon held no cell centre and its
  // touched cells were taken instead (measure() flags it on the site).
  std::vector<double> cells(const geos::Context& ctx, const GEOSGeometry& site, bool is_point, double point_radius,
                            bool all_touched, std::size_t* outside = nullptr, bool* touched_fallback = nullptr);

 private:
  struct Window {
    int col0 = 0, row0 = 0, cols = 0, rows = 0;
  };
  // The cells under a box, not clipped to the grid (col0/row0 may be negative).
  Window window(double xmin, double ymin, double xmax, double ymax) const;
  bool overlaps_grid(const Window& w) const;
  bool on_grid(const Window& w, int c, int r) const;
  void read(const Window& w);  // cells beyond the grid read as NaN
  double value(const Window& w, int c, int r) const;

  std::vector<gdal::DatasetPtr> chain_;
  GDALRasterBand* band_ = nullptr;
  Grid grid_;
  std::string label_;
  bool has_nodata_ = false;
  double nodata_ = 0;
  std::vector<float> buffer_;
};

// Opens a raster for zonal reads and checks it lies on the grid (size and geotransform).
gdal::DatasetPtr open_on_grid(const std::filesystem::path& path, const Grid& grid, const std::string& label);

}  // namespace oremap::sites
