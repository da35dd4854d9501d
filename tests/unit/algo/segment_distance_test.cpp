#include "algo/segment_distance.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

using oremap::algo::Segment;
using oremap::algo::SegmentDistance;

namespace {

// Distance from (px, py) to a segment by projection, in long double.
double to_segment(const Segment& s, double px, double py) {
  const long double dx = s.x1 - s.x0, dy = s.y1 - s.y0, len2 = dx * dx + dy * dy;
  long double t = len2 > 0 ? ((px - s.x0) * dx + (py - s.y0) * dy) / len2 : 0;
  t = std::clamp<long double>(t, 0, 1);
  return static_cast<double>(std::hypot(px - (s.x0 + t * dx), py - (s.y0 + t * dy)));
}

std::vector<float> all_rows(const SegmentDistance& d, int cols, int rows, int strip) {
  std::vector<float> out(static_cast<std::size_t>(cols) * rows);
  for (int r = 0; r < rows; r += strip)
    d.compute_rows(r, std::min(strip, rows - r), out.data() + static_cast<std::size_t>(r) * cols);
  return out;
}

}  // namespace

TEST_CASE("segment distance: random segments and points against every segment, any strip height",
          "[distance][vector]") {
  std::mt19937 rng(7);
  // cell_h differs from cell in one case: a grid of non-square cells ([grid] cell_size = [dx, dy]).
  for (const auto& [cols, rows, cell, cell_h, n] :
       std::vector<std::tuple<int, int, double, double, int>>{{1, 1, 30, 30, 3},
                                                              {97, 1, 30, 30, 5},
                                                              {1, 83, 10, 10, 5},
                                                              {150, 120, 30, 30, 40},
                                                              {300, 40, 250, 250, 400},
                                                              {130, 90, 30, 12.5, 60}}) {
    std::uniform_real_distribution<double> x(-0.2 * cols * cell, 1.2 * cols * cell),
        y(-0.2 * rows * cell_h, 1.2 * rows * cell_h), leg(-3 * cell, 3 * cell);
    std::vector<Segment> segments;
    for (int i = 0; i < n; ++i) {
      const double x0 = x(rng), y0 = y(rng);
      segments.push_back(i % 5 == 0 ? Segment{x0, y0, x0, y0} : Segment{x0, y0, x0 + leg(rng), y0 + leg(rng)});
    }
    for (const double cap : {std::numeric_limits<double>::infinity(), 2.5 * cell}) {
      INFO(cols << " x " << rows << " cells of " << cell << " x " << cell_h << " m, " << n << " segments, cap " << cap);
      const SegmentDistance d(cols, rows, cell, cell_h, segments, {}, cap);
      const std::vector<float> whole = all_rows(d, cols, rows, rows);
      for (int strip : {1, 7, 64}) CHECK(all_rows(d, cols, rows, strip) == whole);
      for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
          double want = std::numeric_limits<double>::infinity();
          for (const Segment& s : segments) want = std::min(want, to_segment(s, (c + 0.5) * cell, (r + 0.5) * cell_h));
          REQUIRE(whole[static_cast<std::size_t>(r) * cols + c] == Approx(std::min(want, cap)).margin(1e-3));
        }
    }
  }
}

TEST_CASE("segment distance: inside a polygon is 0, inside its hole is the distance to the hole's ring",
          "[distance][vector]") {
  // 10 x 10 cells of 1 m. Outer square (1, 1)-(9, 9), hole (4, 4)-(6, 6); cell centres at k + 0.5.
  auto ring = [](double a, double b, std::vector<Segment>& out) {
    out.push_back({a, a, b, a});
    out.push_back({b, a, b, b});
    out.push_back({b, b, a, b});
    out.push_back({a, b, a, a});
  };
  std::vector<Segment> segments;
  ring(1, 9, segments);
  ring(4, 6, segments);
  const SegmentDistance d(10, 10, 1, 1, segments, {{0, 8}});
  std::vector<float> out(100);
  d.compute_rows(0, 10, out.data());
  CHECK(out[2 * 10 + 2] == 0);              // (2.5, 2.5): inside
  CHECK(out[0] == Approx(std::sqrt(0.5)));  // (0.5, 0.5): outside, to the corner (1, 1)
  CHECK(out[4 * 10 + 4] == Approx(0.5));    // (4.5, 4.5): in the hole, 0.5 from its ring
  CHECK(out[5 * 10 + 5] == Approx(0.5));    // (5.5, 5.5)
  CHECK(out[3 * 10 + 5] == 0);              // (5.5, 3.5): between the rings
  CHECK(out[9 * 10 + 9] == Approx(std::sqrt(0.5)));
  const SegmentDistance none(4, 3, 1, 1, {}, {}, 12);
  std::vector<float> capped(12);
  none.compute_rows(0, 3, capped.data());
  CHECK(std::all_of(capped.begin(), capped.end(), [](float v) { return v == 12; }));
}
