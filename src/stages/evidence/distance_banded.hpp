#pragma once
// The exact distance transform spread over ranks (core/ranks.hpp), each holding its own band's
// feature cells only (4 bytes each, as algo::DistanceTransform's sparse storage). Per column, a
// band's cells need only its own feature cells and the nearest feature row in the bands above and
// below it, so the ranks exchange each band's first and last feature row per column (8 bytes a
// column) instead of sweeping the grid in turn. The same vertical distances as from the whole
// grid, through the same row kernel, so the same bits as one process.
#include <filesystem>
#include <functional>
#include <vector>

#include "algo/distance_transform.hpp"
#include "stages/evidence/distance_on_disk.hpp"

namespace oremap::evidence {

// hits[i] = whether in[i] is a feature cell: one of `values`, or any non-zero data value when
// `values` is empty.
void mark_features(const float* in, std::size_t n, const std::vector<double>& values, unsigned char* hits);

// Visits this rank's strips of `raster` (features outside the study area count too) with their
// feature cells marked, in parallel; progress 0-0.3 of ctx's.
void visit_features(const RunContext& ctx, const RasterInput& raster, const std::vector<double>& values,
                    const std::function<void(const Strip&, std::vector<unsigned char>& hits)>& fn);

// Writes dt's distances (then `finish`ed) to `out`, stored as `storage` says, over this rank's
// band; progress 0.3-1 of ctx's.
void write_distances(const RunContext& ctx, const algo::DistanceTransform& dt, const DistanceFinish& finish,
                     const std::filesystem::path& out, gdal::Storage storage);

// Writes the distances to the feature cells of `raster` (metres, capped at `cap`, then
// `finish`ed) to `out`. Returns whether the grid holds any feature cell.
bool banded_distance(const RunContext& ctx, const RasterInput& raster, const std::vector<double>& values, double cap,
                     const DistanceFinish& finish, const std::filesystem::path& out, gdal::Storage storage);

}  // namespace oremap::evidence
