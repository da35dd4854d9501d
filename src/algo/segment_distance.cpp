#include "algo/segment_distance.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

// The leaves' loops, four doubles at a time where the processor has AVX2 (chosen at load time).
// Without contraction (-ffp-contract=off, CMakeLists.txt) both versions give the same bits.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define OREMAP_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define OREMAP_CLONES
#endif

namespace oremap::algo {

namespace {

constexpr int kLeaf = 16;  // tiles of at most this many cells a side evaluate every cell

using Prepared = SegmentDistance::Prepared;

// Squared distance from (px, py) to the segment: the nearest point is a + t d, t clamped to [0, 1].
inline double dist2(const Prepared& s, double px, double py) {
  const double wx = px - s.ax, wy = py - s.ay;
  double t = (wx * s.dx + wy * s.dy) * s.inv;
  t = t < 0 ? 0 : (t > 1 ? 1 : t);
  const double ex = wx - t * s.dx, ey = wy - t * s.dy;
  return ex * ex + ey * ey;
}

}  // namespace

struct SegmentDistance::Strip {
  int row0, rows;
  float* out;
  std::vector<std::vector<std::uint32_t>> lists;        // candidates kept by a tile, one list per depth
  std::vector<double> d2;                               // squared distances from a tile's centre
  std::vector<std::pair<double, std::uint32_t>> order;  // a leaf's candidates by distance from its centre
};

SegmentDistance::SegmentDistance(int cols, int rows, double cell_w, double cell_h, const std::vector<Segment>& segments,
                                 std::vector<Polygon> polygons, double cap, double beyond)
    : cols_(cols),
      rows_(rows),
      cell_w_(cell_w),
      cell_h_(cell_h),
      cap_(cap),
      beyond_(beyond),
      polygons_(std::move(polygons)) {
  if (cols <= 0 || rows <= 0 || !(cell_w > 0) || !(cell_h > 0))
    throw std::invalid_argument("SegmentDistance: empty grid");
  if (segments.size() >= std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument("SegmentDistance: more than 2^32 - 1 segments");
  while (root_ < cols || root_ < rows) root_ *= 2;
  segments_.reserve(segments.size());
  all_.reserve(segments.size());
  for (const Segment& s : segments) {
    const double dx = s.x1 - s.x0, dy = s.y1 - s.y0, len2 = dx * dx + dy * dy;
    all_.push_back(static_cast<std::uint32_t>(segments_.size()));
    segments_.push_back({s.x0, s.y0, dx, dy, len2 > 0 ? 1 / len2 : 0});
  }
  for (const Polygon& p : polygons_) {
    if (p.first > p.end || p.end > segments_.size()) throw std::invalid_argument("SegmentDistance: bad polygon range");
    std::array<double, 2> y = {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
    for (std::size_t i = p.first; i < p.end; ++i) {
      const Prepared& e = segments_[i];
      y = {std::min({y[0], e.ay, e.ay + e.dy}), std::max({y[1], e.ay, e.ay + e.dy})};
    }
    polygon_rows_.push_back(y);
  }
}

std::size_t SegmentDistance::storage_bytes() const {
  return segments_.size() * (sizeof(Prepared) + sizeof(std::uint32_t)) + polygons_.size() * 32;
}

void SegmentDistance::compute_rows(int row0, int rows, float* out) const {
  if (row0 < 0 || rows < 0 || row0 + rows > rows_) throw std::out_of_range("SegmentDistance: rows outside the grid");
  Strip s{row0, rows, out, {}, {}, {}};
  int depth = 1;
  for (int side = root_; side > 1; side /= 2) ++depth;
  s.lists.resize(static_cast<std::size_t>(depth) + 1);
  s.d2.resize(segments_.size());
  tile(s, 0, 0, root_, all_.data(), all_.size(), 0);
  zero_inside(row0, rows, out);
}

// The tile of `size` cells a side at (c0, r0), clipped to the grid and the strip; cand holds the
// nearest segment of each of its cells.
void SegmentDistance::tile(Strip& s, int c0, int r0, int size, const std::uint32_t* cand, std::size_t n,
                           int depth) const {
  const int c1 = std::min(c0 + size, cols_);
  const int ra = std::max(r0, s.row0), rb = std::min(r0 + size, s.row0 + s.rows);
  if (c0 >= c1 || ra >= rb) return;
  if (size <= kLeaf || n <= 1) return leaf(s, c0, c1, ra, rb, cand, n);
  // Centre and half-diagonal of the tile's cell centres.
  const double cx = 0.5 * (c0 + c1) * cell_w_, cy = 0.5 * (ra + rb) * cell_h_;
  const double half = 0.5 * std::hypot((c1 - c0 - 1) * cell_w_, (rb - ra - 1) * cell_h_);
  double* d2 = s.d2.data();
  double nearest = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < n; ++i) {
    d2[i] = dist2(segments_[cand[i]], cx, cy);
    nearest = std::min(nearest, d2[i]);
  }
  const double dc = std::sqrt(nearest);
  // Every cell is at least dc - half away (its nearest segment is in cand).
  if (dc - half >= cap_ || dc - half > beyond_) return fill(s, c0, c1, ra, rb, static_cast<float>(cap_));
  // Keep the segments within dc + 2 half of the centre, with a margin for rounding.
  const double reach = (dc + 2 * half) * (1 + 1e-12) + 1e-9;
  const double reach2 = reach * reach;
  std::vector<std::uint32_t>& kept = s.lists[static_cast<std::size_t>(depth)];
  kept.clear();
  for (std::size_t i = 0; i < n; ++i)
    if (d2[i] <= reach2) kept.push_back(cand[i]);
  const int h = size / 2;
  const std::uint32_t* k = kept.data();
  const std::size_t m = kept.size();
  tile(s, c0, r0, h, k, m, depth + 1);
  tile(s, c0 + h, r0, h, k, m, depth + 1);
  tile(s, c0, r0 + h, h, k, m, depth + 1);
  tile(s, c0 + h, r0 + h, h, k, m, depth + 1);
}

// Every cell of columns [c0, c1) and rows [r0, r1), a row (of up to 64 cells) at a time: the
// candidates in increasing distance from the tile's centre c, each against all the row's cells (a
// loop the compiler vectorises), until the next one's dist(c, s) - max |x - c| reaches the row's
// largest best distance: no later candidate can be nearer to any of its cells, since
// dist(x, s) >= dist(c, s) - |x - c|.
OREMAP_CLONES void SegmentDistance::leaf(Strip& s, int c0, int c1, int r0, int r1, const std::uint32_t* cand,
                                         std::size_t n) const {
  const double cx = 0.5 * (c0 + c1) * cell_w_, cy = 0.5 * (r0 + r1) * cell_h_;
  std::vector<std::pair<double, std::uint32_t>>& order = s.order;
  order.resize(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = {std::sqrt(dist2(segments_[cand[i]], cx, cy)), cand[i]};
  std::sort(order.begin(), order.end());
  const double inf = std::numeric_limits<double>::infinity();
  const int w = c1 - c0;
  double best[64], px[64];
  for (int r = r0; r < r1; ++r) {
    const double py = (r + 0.5) * cell_h_, oy = py - cy;
    float* o = s.out + static_cast<std::size_t>(r - s.row0) * cols_;
    for (int x0 = 0; x0 < w; x0 += 64) {
      const int m = std::min(64, w - x0);
      double off = 0;
      for (int j = 0; j < m; ++j) {
        px[j] = (c0 + x0 + j + 0.5) * cell_w_;
        best[j] = inf;
        const double ox = px[j] - cx;
        off = std::max(off, ox * ox + oy * oy);
      }
      off = std::sqrt(off) * (1 + 1e-12) + 1e-9;
      double worst = inf;
      for (std::size_t i = 0; i < n; ++i) {
        if (order[i].first - off >= worst) break;
        const Prepared g = segments_[order[i].second];
        for (int j = 0; j < m; ++j) best[j] = std::min(best[j], dist2(g, px[j], py));
        if ((i & 3) == 3 || i + 1 == n) {  // the row's largest best, every 4 candidates (a stale one is larger)
          double w2 = 0;
          for (int j = 0; j < m; ++j) w2 = std::max(w2, best[j]);
          worst = std::sqrt(w2);
        }
      }
      for (int j = 0; j < m; ++j) o[c0 + x0 + j] = static_cast<float>(std::min(std::sqrt(best[j]), cap_));
    }
  }
}

void SegmentDistance::fill(Strip& s, int c0, int c1, int r0, int r1, float value) const {
  for (int r = r0; r < r1; ++r) {
    float* o = s.out + static_cast<std::size_t>(r - s.row0) * cols_;
    std::fill(o + c0, o + c1, value);
  }
}

// Cells whose centre lies inside a polygon are 0: per row, the crossings of the row's centre line
// with the polygon's rings, sorted; cells between the 1st and 2nd, 3rd and 4th ... are inside.
// A centre on the boundary is at distance 0 already, so the half-open crossing rule is exact.
void SegmentDistance::zero_inside(int row0, int rows, float* out) const {
  const double top = row0 * cell_h_, bottom = (row0 + rows) * cell_h_;
  std::vector<const Prepared*> edges;
  std::vector<double> xs;
  for (std::size_t p = 0; p < polygons_.size(); ++p) {
    if (polygon_rows_[p][1] < top || polygon_rows_[p][0] > bottom) continue;
    edges.clear();
    for (std::size_t i = polygons_[p].first; i < polygons_[p].end; ++i) {
      const Prepared& e = segments_[i];
      if (e.dy != 0 && std::max(e.ay, e.ay + e.dy) >= top && std::min(e.ay, e.ay + e.dy) <= bottom) edges.push_back(&e);
    }
    for (int r = 0; r < rows; ++r) {
      const double yc = (row0 + r + 0.5) * cell_h_;
      xs.clear();
      for (const Prepared* e : edges)
        if ((e->ay <= yc) != (e->ay + e->dy <= yc)) xs.push_back(e->ax + (yc - e->ay) * e->dx / e->dy);
      std::sort(xs.begin(), xs.end());
      float* o = out + static_cast<std::size_t>(r) * cols_;
      for (std::size_t i = 0; i + 1 < xs.size(); i += 2) {
        const double a = std::ceil(xs[i] / cell_w_ - 0.5), b = std::ceil(xs[i + 1] / cell_w_ - 0.5);
        const int ca = static_cast<int>(std::clamp(a, 0.0, static_cast<double>(cols_)));
        const int cb = static_cast<int>(std::clamp(b, 0.0, static_cast<double>(cols_)));
        if (ca < cb) std::fill(o + ca, o + cb, 0.0f);
      }
    }
  }
}

}  // namespace oremap::algo
