#pragma once
// The score table of a model raster and its validation curves: the raster's data cells, sorted,
// become groups of equal score (highest first) holding cell and deposit counts, and the ROC,
// success-rate and prediction-rate curves are walks down those groups. Conventions as in
// algo/validation_curves.hpp (which works on per-cell arrays; these give identical numbers, see
// tests/unit/stages/validation): ties count 1/2 in the ROC and enter the rate curves as one step; a cell
// holding two deposits is two positives and captures two deposits; nodata cells are not area.
//
// Memory: read_scores keeps one float per data cell of the study area (4 bytes: 400 MB for
// 100 million cells) plus the sort; the curves keep only the points where the slope changes.
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <vector>

#include "stages/run_context.hpp"

namespace oremap::validation {

struct ScoreGroup {
  double score = 0;
  std::uint64_t cells = 0;          // data cells with this score (the area)
  std::uint64_t deposit_cells = 0;  // of which hold at least one deposit
  std::uint64_t deposits = 0;       // deposits in them
};

struct ModelScoreTable {
  std::vector<ScoreGroup> groups;  // distinct scores, highest first
  std::uint64_t cells = 0;         // scored cells (sum over groups)
  std::uint64_t deposit_cells = 0;
  std::uint64_t deposits = 0;
  std::uint64_t nodata_cells = 0;     // study-area cells without a score
  std::uint64_t nodata_deposits = 0;  // deposits in them (left out, reported)
};

// A deposit cell's score (NaN = nodata) and how many deposits it holds.
struct CellScore {
  float score = 0;
  std::uint32_t deposits = 0;
};

// scores_desc: every scored cell of the area, sorted descending, no NaN. deposit_cells: the
// cells holding deposits. excluded: scores of cells taken out of the area entirely (the
// training deposits when held-out deposits are scored; NaN for an excluded nodata cell). Every
// non-NaN score in deposit_cells and excluded must occur in scores_desc (std::invalid_argument).
ModelScoreTable tabulate(const std::vector<float>& scores_desc, std::uint64_t nodata_cells,
                         const std::vector<CellScore>& deposit_cells, const std::vector<float>& excluded = {});

// One pass over a grid raster (strip by strip): the data cells inside the mask, sorted
// descending, the count of nodata cells inside the mask, and the score of each requested cell.
struct RasterScores {
  std::vector<float> values;
  std::uint64_t nodata_cells = 0;
  std::map<long long, float> at;  // requested cell (row * cols + col) -> score, NaN = nodata
};
RasterScores read_scores(const RunContext& ctx, const std::filesystem::path& raster, const std::set<long long>& cells);

// deposits: cell -> deposits in it; excluded: cells removed from the area. Every cell must
// have been requested from read_scores.
ModelScoreTable tabulate(const RasterScores& scores, const std::map<long long, std::uint32_t>& deposits,
                         const std::set<long long>& excluded = {});

struct Point {
  double x = 0, y = 0;
};

struct RocCurve {
  double auc = 0;
  double se = 0;  // Hanley & McNeil (1982), algo::hanley_mcneil
  double ci_low = 0, ci_high = 0;
  double positives = 0;       // deposits in scored cells
  double negatives = 0;       // scored cells without a deposit
  std::vector<Point> points;  // (false-positive rate, true-positive rate), (0,0) to (1,1)
};

// Throws std::invalid_argument when there is no positive or no negative.
RocCurve roc_curve(const ModelScoreTable& table, double z = 1.959963985);

struct RateCurve {
  std::vector<Point> points;  // (share of area, share of deposits), (0,0) to (1,1)
  double auc = 0;             // trapezoids
  std::uint64_t deposits = 0;
  std::uint64_t cells = 0;
  double captured(double area_fraction) const;  // linear between points
};

// Success rate (training deposits) or prediction rate (held-out deposits): cells by descending
// score. Throws std::invalid_argument when no scored cell holds a deposit.
RateCurve rate_curve(const ModelScoreTable& table);

}  // namespace oremap::validation
