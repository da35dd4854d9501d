#include "stages/sites/zonal.hpp"

#include <cpl_conv.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "core/error.hpp"
#include "stages/sites/feature_index.hpp"

namespace oremap::sites {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A site's window is read once: from an uncompressed GeoTIFF straight into the buffer, not
// through GDAL's block cache (10,000 zones of an 8192² raster: 1.5 s of CPU instead of 4.4, a
// peak of 87 MiB instead of 611; performance.md). GDAL reads the option when it opens a GeoTIFF,
// so it is set, for the calling thread, while a raster is opened and read. As the raster stages
// do; a user's own setting wins.
class DirectIo {
 public:
  DirectIo() : set_(!CPLGetConfigOption("GTIFF_DIRECT_IO", nullptr)) {
    if (set_) CPLSetThreadLocalConfigOption("GTIFF_DIRECT_IO", "YES");
  }
  ~DirectIo() {
    if (set_) CPLSetThreadLocalConfigOption("GTIFF_DIRECT_IO", nullptr);
  }
  DirectIo(const DirectIo&) = delete;
  DirectIo& operator=(const DirectIo&) = delete;

 private:
  bool set_;
};

// Which cell centres of a row a polygon covers, by the crossings of the row's line with the
// polygon's edges (even-odd over every ring: valid polygons' rings neither cross nor overlap).
// A centre within rounding of an edge, or a row through a vertex, is left to GEOS.
class CentreRows {
 public:
  enum : std::uint8_t { kOut = 0, kIn = 1, kAsk = 2 };

  CentreRows(const geos::Context& ctx, const GEOSGeometry& polygon) {
    FacetIndex::append(ctx, polygon, 0, edges_);
    double scale = 0;
    for (const auto& e : edges_)
      scale = std::max({scale, std::fabs(e.x0), std::fabs(e.y0), std::fabs(e.x1), std::fabs(e.y1)});
    tolerance_ = 1e-9 * scale;
  }

  // `xs`: the centres of the row's cells, ascending; `y`: the row's centre.
  void row(double y, const std::vector<double>& xs, std::vector<std::uint8_t>& out) {
    out.assign(xs.size(), kAsk);
    crossings_.clear();
    for (const auto& e : edges_) {
      if (std::fabs(e.y0 - y) <= tolerance_ || std::fabs(e.y1 - y) <= tolerance_) return;  // through a vertex
      if ((e.y0 < y) != (e.y1 < y)) crossings_.push_back(e.x0 + (y - e.y0) * (e.x1 - e.x0) / (e.y1 - e.y0));
    }
    std::sort(crossings_.begin(), crossings_.end());
    std::size_t left = 0;  // crossings left of the centre
    for (std::size_t c = 0; c < xs.size(); ++c) {
      while (left < crossings_.size() && crossings_[left] < xs[c] - tolerance_) ++left;
      const bool near = left < crossings_.size() && crossings_[left] <= xs[c] + tolerance_;
      out[c] = near ? kAsk : (left % 2 ? kIn : kOut);
    }
  }

 private:
  std::vector<FacetIndex::Facet> edges_;
  std::vector<double> crossings_;
  double tolerance_ = 0;
};

}  // namespace

double zonal_statistic(const std::vector<double>& cells, ZonalStatistic statistic, double percentile) {
  std::vector<double> data;
  data.reserve(cells.size());
  for (double v : cells)
    if (!std::isnan(v)) data.push_back(v);
  if (data.empty()) return kNaN;
  switch (statistic) {
    case ZonalStatistic::mean: {
      double sum = 0;
      for (double v : data) sum += v;
      return sum / static_cast<double>(data.size());
    }
    case ZonalStatistic::min:
      return *std::min_element(data.begin(), data.end());
    case ZonalStatistic::max:
      return *std::max_element(data.begin(), data.end());
    case ZonalStatistic::percentile: {
      std::sort(data.begin(), data.end());
      const double h = (static_cast<double>(data.size()) - 1.0) * std::clamp(percentile, 0.0, 100.0) / 100.0;
      const auto lo = static_cast<std::size_t>(std::floor(h));
      const std::size_t hi = std::min(lo + 1, data.size() - 1);
      return data[lo] + (h - static_cast<double>(lo)) * (data[hi] - data[lo]);
    }
    case ZonalStatistic::sum:
    case ZonalStatistic::std:
    case ZonalStatistic::std_sample: {
      double sum = 0;
      for (double v : data) sum += v;
      if (statistic == ZonalStatistic::sum) return sum;
      // Two passes (mean, then squared deviations): no cancellation on large values.
      const auto n = static_cast<double>(data.size());
      const double mean = sum / n;
      double ss = 0;
      for (double v : data) ss += (v - mean) * (v - mean);
      if (statistic == ZonalStatistic::std) return std::sqrt(ss / n);
      return data.size() > 1 ? std::sqrt(ss / (n - 1)) : kNaN;
    }
    case ZonalStatistic::count:
      return static_cast<double>(data.size());
    case ZonalStatistic::coverage: {
      std::size_t positive = 0;
      for (double v : data)
        if (v > 0) ++positive;
      return static_cast<double>(positive) / static_cast<double>(cells.size());
    }
  }
  return kNaN;
}

gdal::DatasetPtr open_on_grid(const std::filesystem::path& path, const Grid& grid, const std::string& label) {
  gdal::DatasetPtr ds;
  {
    const DirectIo direct;
    ds = gdal::open_dataset(path.string(), GDAL_OF_RASTER);
  }
  double gt[6] = {0, 1, 0, 0, 0, 1};
  ds->GetGeoTransform(gt);
  const auto expected = grid.geotransform();
  bool same = ds->GetRasterXSize() == grid.cols && ds->GetRasterYSize() == grid.rows;
  for (int i = 0; i < 6; ++i) same = same && std::abs(gt[i] - expected[i]) <= 1e-6 * std::min(grid.dx(), grid.dy());
  if (!same) {
    char got[256], want[256];
    std::snprintf(got, sizeof got, "%dx%d cells, origin (%.3f, %.3f), cell %.3f", ds->GetRasterXSize(),
                  ds->GetRasterYSize(), gt[0], gt[3], gt[1]);
    std::snprintf(want, sizeof want, "%dx%d cells, origin (%.3f, %.3f), cell %.3f", grid.cols, grid.rows, grid.xmin,
                  grid.ymax, grid.dx());
    throw InputError(label + " (" + path.string() + ") is not on the analysis grid: it has " + got + ", the grid has " +
                     want + "; produce it in this run so it is warped onto the grid");
  }
  return ds;
}

ZonalReader::ZonalReader(std::vector<gdal::DatasetPtr> chain, const Grid& grid, std::string label)
    : chain_(std::move(chain)), grid_(grid), label_(std::move(label)) {
  band_ = chain_.back()->GetRasterBand(1);
  int has = 0;
  nodata_ = band_->GetNoDataValue(&has);
  has_nodata_ = has != 0 && !std::isnan(nodata_);
}

ZonalReader::~ZonalReader() {
  while (!chain_.empty()) chain_.pop_back();
}

ZonalReader::Window ZonalReader::window(double xmin, double ymin, double xmax, double ymax) const {
  const double dx = grid_.dx(), dy = grid_.dy();
  const int c0 = static_cast<int>(std::floor((xmin - grid_.xmin) / dx));
  const int c1 = static_cast<int>(std::floor((xmax - grid_.xmin) / dx));
  const int r0 = static_cast<int>(std::floor((grid_.ymax - ymax) / dy));
  const int r1 = static_cast<int>(std::floor((grid_.ymax - ymin) / dy));
  return {c0, r0, c1 - c0 + 1, r1 - r0 + 1};
}

bool ZonalReader::overlaps_grid(const Window& w) const {
  return w.col0 < grid_.cols && w.col0 + w.cols > 0 && w.row0 < grid_.rows && w.row0 + w.rows > 0;
}

bool ZonalReader::on_grid(const Window& w, int c, int r) const {
  const int col = w.col0 + c, row = w.row0 + r;
  return col >= 0 && col < grid_.cols && row >= 0 && row < grid_.rows;
}

void ZonalReader::read(const Window& w) {
  buffer_.assign(static_cast<std::size_t>(w.cols) * w.rows, std::numeric_limits<float>::quiet_NaN());
  const int c0 = std::max(w.col0, 0), r0 = std::max(w.row0, 0);
  const int c1 = std::min(w.col0 + w.cols, grid_.cols), r1 = std::min(w.row0 + w.rows, grid_.rows);
  float* first = buffer_.data() + static_cast<std::size_t>(r0 - w.row0) * w.cols + (c0 - w.col0);
  const DirectIo direct;  // a VRT view opens its GeoTIFF on the first read
  if (band_->RasterIO(GF_Read, c0, r0, c1 - c0, r1 - r0, first, c1 - c0, r1 - r0, GDT_Float32, sizeof(float),
                      static_cast<GSpacing>(sizeof(float)) * w.cols, nullptr) != CE_None)
    throw InputError(label_ + ": cannot read cells: " + gdal::last_error());
}

double ZonalReader::value(const Window& w, int c, int r) const {
  const double v = buffer_[static_cast<std::size_t>(r) * w.cols + c];
  return (std::isnan(v) || (has_nodata_ && v == static_cast<double>(static_cast<float>(nodata_)))) ? kNaN : v;
}

std::vector<double> ZonalReader::cells(const geos::Context& ctx, const GEOSGeometry& site, bool is_point,
                                       double point_radius, bool all_touched, std::size_t* outside,
                                       bool* touched_fallback) {
  std::vector<double> out;
  if (touched_fallback) *touched_fallback = false;
  Box box = extent(ctx, site);
  if (is_point) box = grow(box, point_radius);
  const Window w = window(box[0], box[1], box[2], box[3]);
  if (outside) *outside = 0;
  if (!overlaps_grid(w)) return out;
  read(w);
  auto take = [&](int c, int r) {
    out.push_back(value(w, c, r));
    if (outside && !on_grid(w, c, r)) ++*outside;
  };
  const double dx = grid_.dx(), dy = grid_.dy();
  auto cx = [&](int c) { return grid_.cell_centre_x(w.col0 + c); };
  auto cy = [&](int r) { return grid_.cell_centre_y(w.row0 + r); };
  if (is_point) {
    double px = 0, py = 0;
    GEOSGeomGetX_r(ctx.get(), &site, &px);
    GEOSGeomGetY_r(ctx.get(), &site, &py);
    for (int r = 0; r < w.rows; ++r)
      for (int c = 0; c < w.cols; ++c)
        if (std::hypot(cx(c) - px, cy(r) - py) <= point_radius) take(c, r);
    if (out.empty()) {
      const int c = static_cast<int>(std::floor((px - grid_.xmin) / dx)) - w.col0;
      const int r = static_cast<int>(std::floor((grid_.ymax - py) / dy)) - w.row0;
      if (c >= 0 && c < w.cols && r >= 0 && r < w.rows) take(c, r);
    }
    return out;
  }
  geos::PreparedPtr prepared;  // made on first need
  auto covers_centre = [&](int c, int r) {
    if (!prepared) prepared = geos::prepare(ctx, site);
    geos::GeometryPtr p = geos::own(ctx, GEOSGeom_createPointFromXY_r(ctx.get(), cx(c), cy(r)), "point");
    return predicate(ctx, GEOSPreparedIntersects_r(ctx.get(), prepared.get(), p.get()), "intersects");
  };
  if (!all_touched) {
    CentreRows rows(ctx, site);
    std::vector<double> xs(static_cast<std::size_t>(w.cols));
    for (int c = 0; c < w.cols; ++c) xs[c] = cx(c);
    std::vector<std::uint8_t> state;
    for (int r = 0; r < w.rows; ++r) {
      rows.row(cy(r), xs, state);
      for (int c = 0; c < w.cols; ++c)
        if (state[c] == CentreRows::kIn || (state[c] == CentreRows::kAsk && covers_centre(c, r))) take(c, r);
    }
    if (!out.empty()) return out;
    if (touched_fallback) *touched_fallback = true;
  }
  if (!prepared) prepared = geos::prepare(ctx, site);
  for (int r = 0; r < w.rows; ++r)
    for (int c = 0; c < w.cols; ++c) {
      const double x0 = grid_.xmin + (w.col0 + c) * dx, y1 = grid_.ymax - (w.row0 + r) * dy;
      geos::GeometryPtr cell =
          geos::own(ctx, GEOSGeom_createRectangle_r(ctx.get(), x0, y1 - dy, x0 + dx, y1), "rectangle");
      // Interiors meet: a cell sharing only an edge or corner with the polygon is not touched.
      if (predicate(ctx, GEOSPreparedIntersects_r(ctx.get(), prepared.get(), cell.get()), "intersects") &&
          !predicate(ctx, GEOSPreparedTouches_r(ctx.get(), prepared.get(), cell.get()), "touches"))
        take(c, r);
    }
  return out;
}

Measurement ZonalReader::measure(const geos::Context& ctx, const GEOSGeometry& site, bool is_point, double point_radius,
                                 bool all_touched, ZonalStatistic statistic, double percentile) {
  std::size_t outside = 0;
  bool touched = false;
  const std::vector<double> values = cells(ctx, site, is_point, point_radius, all_touched, &outside, &touched);
  Measurement m;
  m.raw = zonal_statistic(values, statistic, percentile);
  std::size_t nodata = 0;
  for (double v : values)
    if (std::isnan(v)) ++nodata;
  m.feature = std::to_string(values.size() - nodata) + " cells with data";
  if (values.empty())
    m.note = "outside " + label_;
  else if (nodata == values.size())
    m.note = "no data in " + label_ + " over the site";
  else if (outside)
    m.note = std::to_string(outside) + " of " + std::to_string(values.size()) + " cells beyond the grid's edge" +
             (nodata > outside ? ", " + std::to_string(nodata - outside) + " more nodata" : "");
  else if (nodata)
    m.note = std::to_string(nodata) + " of " + std::to_string(values.size()) + " cells nodata";
  // A polygon smaller than a cell holds no cell centre: measured over the cells it touches, said.
  if (touched && !values.empty())
    m.note = "no cell centre inside the polygon: measured over the " + std::to_string(values.size()) +
             " cells it touches" + (m.note.empty() ? "" : "; " + m.note);
  return m;
}

}  // namespace oremap::sites
