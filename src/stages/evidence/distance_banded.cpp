#include "stages/evidence/distance_banded.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "algo/distance_transform.hpp"
#include "stages/band_raster.hpp"
#include "stages/block_engine.hpp"

namespace oremap::evidence {

void mark_features(const float* in, std::size_t n, const std::vector<double>& values, unsigned char* hits) {
  if (values.empty())
    for (std::size_t i = 0; i < n; ++i) hits[i] = !std::isnan(in[i]) && in[i] != 0;
  else if (values.size() == 1)
    for (std::size_t i = 0; i < n; ++i) hits[i] = in[i] == values[0];
  else
    for (std::size_t i = 0; i < n; ++i)
      hits[i] = std::any_of(values.begin(), values.end(), [v = in[i]](double x) { return v == x; });
}

void visit_features(const RunContext& ctx, const RasterInput& raster, const std::vector<double>& values,
                    const std::function<void(const Strip&, std::vector<unsigned char>& hits)>& fn) {
  RunContext unmasked = ctx;  // features outside the study area still count as features
  unmasked.mask.clear();
  unmasked.progress = scaled_progress(ctx.progress, 0.0, 0.3);
  visit_strips(
      unmasked, {raster},
      [&](const Strip& s) {
        std::vector<unsigned char> hits(s.cells());
        mark_features(s.inputs[0], s.cells(), values, hits.data());
        fn(s, hits);
      },
      "distance: scanning features");
}

bool banded_distance(const RunContext& ctx, const RasterInput& raster, const std::vector<double>& values, double cap,
                     const DistanceFinish& finish, const std::filesystem::path& out, gdal::Storage storage) {
  using T = std::uint32_t;
  constexpr T none = std::numeric_limits<T>::max();
  const Grid& grid = ctx.grid;
  const auto cols = static_cast<std::size_t>(grid.cols);
  const auto [first_strip, last_strip] = strip_band(ctx);
  const int first = static_cast<int>(first_strip) * kStripRows;
  const int last = std::min(grid.rows, static_cast<int>(last_strip) * kStripRows);
  const std::size_t rows = static_cast<std::size_t>(std::max(0, last - first));

  // 0 on this band's feature cells, none elsewhere (features outside the study area count).
  std::vector<T> g(rows * cols);
  visit_features(ctx, raster, values, [&](const Strip& s, std::vector<unsigned char>& hits) {
    T* at = g.data() + static_cast<std::size_t>(s.row0 - first) * cols;
    for (std::size_t i = 0; i < s.cells(); ++i) at[i] = hits[i] ? 0 : none;
  });

  // Per column, this band's first and last feature row; then, from every band's, the nearest
  // feature row above this band (`above`, none if there is none) and below it (`below`).
  std::vector<T> ends(2 * cols, none);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c)
      if (g[r * cols + c] == 0) {
        const T row = static_cast<T>(first + static_cast<int>(r));
        if (ends[c] == none) ends[c] = row;
        ends[cols + c] = row;
      }
  const std::vector<std::string> all = ctx.ranks->all_gather(to_bytes(ends), "distance: band ends per column");
  std::vector<T> above(cols, none), below(cols, none);
  bool any = false;
  for (int r = 0; r < ctx.ranks->size(); ++r) {
    const std::vector<T> theirs = from_bytes<T>(all[static_cast<std::size_t>(r)]);
    for (std::size_t c = 0; c < cols; ++c) {
      if (theirs[c] == none) continue;
      any = true;
      if (r < ctx.ranks->rank()) above[c] = theirs[cols + c];  // the nearest band above comes last
      if (r > ctx.ranks->rank() && below[c] == none) below[c] = theirs[c];
    }
  }

  // Meijster's phase 1 over the band, seeded with the vertical distance of the row just above
  // it (down from `above`) and of the row just below it (up to `below`): cur = min(cur, next + 1).
  if (rows > 0) {
    std::vector<T> seed(cols, none);
    for (std::size_t c = 0; c < cols; ++c)
      if (above[c] != none) seed[c] = static_cast<T>(first - 1 - static_cast<int>(above[c]));
    const T* prev = seed.data();
    for (std::size_t r = 0; r < rows; ++r) {
      algo::backward_row(g.data() + r * cols, prev, grid.cols);
      prev = g.data() + r * cols;
    }
    for (std::size_t c = 0; c < cols; ++c) seed[c] = below[c] == none ? none : static_cast<T>(below[c] - last);
    prev = seed.data();
    for (std::size_t r = rows; r-- > 0;) {
      algo::backward_row(g.data() + r * cols, prev, grid.cols);
      prev = g.data() + r * cols;
    }
  }

  RunContext scaled = ctx;
  scaled.progress = scaled_progress(ctx.progress, 0.3, 1.0);
  map_strips(
      scaled, finish.inputs, out,
      [&](const Strip& s, float* result) {
        algo::DistanceScratch scratch;
        for (int r = 0; r < s.rows; ++r)
          algo::distances_from_row(g.data() + static_cast<std::size_t>(s.row0 + r - first) * cols, grid.cols, grid.dx(),
                                   grid.dy(), cap, result + static_cast<std::size_t>(r) * cols, scratch);
        finish.apply(s, result);
      },
      "distance", storage);
  return any;
}

}  // namespace oremap::evidence
