#pragma once
// Exact Euclidean distance from every cell centre of a grid to the nearest of a set of segments
// (the lines, polygon rings and points of vector features), 0 inside polygons.
//
// Why this shape: a 16384 x 16384 grid has 268 M cells, too many for one geometry query each. Rows
// are computed in strips (any number of threads, bounded memory: no whole-grid array). A strip is
// covered by a quadtree of tiles (branch and bound): a tile with centre c and half-diagonal r
// (to its farthest cell centre), given candidates C that hold the nearest segment of each of its
// cells, computes d_c = min over C of dist(c, s); each cell x then has d(x) <= d_c + r, and its
// nearest segment s* has dist(c, s*) <= d(x) + r <= d_c + 2r, so the children keep only the
// segments within d_c + 2r of c. Small tiles evaluate every cell against their few candidates.
// A tile whose cells are all beyond the cap (d_c - r >= cap) is filled without recursion.
//
// Conventions:
// - coordinates are grid-local metres: x east of the grid's left edge, y south of its top edge;
//   cell (row r, col c) has its centre at ((c + 0.5) * cell_w, (r + 0.5) * cell_h);
// - a point is a segment of length 0; a polygon's rings are segments too, and cells whose centre
//   lies inside the polygon (even-odd rule over its rings, so holes are outside) are 0;
// - cap (default +inf): values above cap are set to cap; a set without any segment yields +inf
//   everywhere (or cap).
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace oremap::algo {

struct Segment {
  double x0, y0, x1, y1;
};

class SegmentDistance {
 public:
  // One polygon: segments [first, end) are all its rings, closed.
  struct Polygon {
    std::size_t first = 0, end = 0;
  };

  // `beyond`: cells whose distance is certainly above it may be given any value above it (the
  // caller makes them nodata), so tiles wholly beyond it are filled with the cap (+inf) at once.
  SegmentDistance(int cols, int rows, double cell_w, double cell_h, const std::vector<Segment>& segments,
                  std::vector<Polygon> polygons, double cap = std::numeric_limits<double>::infinity(),
                  double beyond = std::numeric_limits<double>::infinity());

  // Distances (metres, capped) of rows [row0, row0 + rows), `cols` floats each, into out.
  // Safe to call from several threads at once.
  void compute_rows(int row0, int rows, float* out) const;

  bool empty() const { return segments_.empty(); }
  std::size_t storage_bytes() const;

  // A segment as the distance loops use it: start, direction and 1 / |direction|^2 (0 for a point).
  struct Prepared {
    double ax, ay, dx, dy, inv;
  };

 private:
  struct Strip;
  void tile(Strip& s, int c0, int r0, int size, const std::uint32_t* cand, std::size_t n, int depth) const;
  void leaf(Strip& s, int c0, int c1, int r0, int r1, const std::uint32_t* cand, std::size_t n) const;
  void fill(Strip& s, int c0, int c1, int r0, int r1, float value) const;
  void zero_inside(int row0, int rows, float* out) const;

  int cols_, rows_;
  double cell_w_, cell_h_, cap_, beyond_;
  int root_ = 1;  // the quadtree's side in cells: a power of two >= cols and rows
  std::vector<Prepared> segments_;
  std::vector<std::uint32_t> all_;  // 0 .. n-1: the root's candidates
  std::vector<Polygon> polygons_;
  std::vector<std::array<double, 2>> polygon_rows_;  // each polygon's y range (metres)
};

}  // namespace oremap::algo
