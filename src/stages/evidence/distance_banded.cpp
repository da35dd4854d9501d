#include "stages/evidence/distance_banded.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "algo/distance_transform.hpp"
#include "gdal/cache_loan.hpp"
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
  constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
  const Grid& grid = ctx.grid;
  const auto cols = static_cast<std::size_t>(grid.cols);

  // This band's feature cells, per strip (their offsets in it), then per column in row order.
  std::vector<std::vector<std::uint32_t>> found(strip_count(grid));
  visit_features(ctx, raster, values, [&](const Strip& s, std::vector<unsigned char>& hits) {
    for (std::size_t i = 0; i < s.cells(); ++i)
      if (hits[i]) found[s.index].push_back(static_cast<std::uint32_t>(i));
  });
  std::vector<std::vector<std::uint32_t>> rows(cols);
  for (std::size_t strip = 0; strip < found.size(); ++strip) {
    for (std::uint32_t i : found[strip])
      rows[i % cols].push_back(static_cast<std::uint32_t>(strip * kStripRows + i / cols));
    std::vector<std::uint32_t>().swap(found[strip]);
  }

  // Per column, the nearest feature row above this band and below it, from every band's first
  // and last: with them, the band's rows get the same vertical distances as from the whole grid.
  std::vector<std::uint32_t> ends(2 * cols, none);
  for (std::size_t c = 0; c < cols; ++c)
    if (!rows[c].empty()) {
      ends[c] = rows[c].front();
      ends[cols + c] = rows[c].back();
    }
  const std::vector<std::string> all = ctx.ranks->all_gather(to_bytes(ends), "distance: band ends per column");
  std::vector<std::uint32_t> above(cols, none), below(cols, none);
  for (int r = 0; r < ctx.ranks->size(); ++r) {
    const std::vector<std::uint32_t> theirs = from_bytes<std::uint32_t>(all[static_cast<std::size_t>(r)]);
    for (std::size_t c = 0; c < cols; ++c) {
      if (theirs[c] == none) continue;
      if (r < ctx.ranks->rank()) above[c] = theirs[cols + c];  // the nearest band above comes last
      if (r > ctx.ranks->rank() && below[c] == none) below[c] = theirs[c];
    }
  }
  for (std::size_t c = 0; c < cols; ++c) {
    if (above[c] != none) rows[c].insert(rows[c].begin(), above[c]);
    if (below[c] != none) rows[c].push_back(below[c]);
  }
  const algo::DistanceTransform dt =
      algo::DistanceTransform::from_feature_rows(grid.cols, grid.rows, grid.dx(), grid.dy(), cap, std::move(rows));
  gdal::CacheLoan held(dt.storage_bytes());

  write_distances(ctx, dt, finish, out, storage);
  return dt.has_features();
}

void write_distances(const RunContext& ctx, const algo::DistanceTransform& dt, const DistanceFinish& finish,
                     const std::filesystem::path& out, gdal::Storage storage) {
  RunContext scaled = ctx;
  scaled.progress = scaled_progress(ctx.progress, 0.3, 1.0);
  map_strips(
      scaled, finish.inputs, out,
      [&](const Strip& s, float* result) {
        algo::DistanceTransform::Scratch scratch;
        for (int r = 0; r < s.rows; ++r)
          dt.compute_row(s.row0 + r, result + static_cast<std::size_t>(r) * s.cols, scratch);
        finish.apply(s, result);
      },
      "distance", storage);
}

}  // namespace oremap::evidence
