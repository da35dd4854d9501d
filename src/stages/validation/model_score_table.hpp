#pragma once
// The score table of a model raster and its validation curves: the raster's data cells become
// groups by score (highest first) holding cell and deposit counts, and the ROC, success-rate and
// prediction-rate curves are walks down those groups. Conventions as in
// algo/validation_curves.hpp (which works on per-cell arrays; these give identical numbers, see
// tests/unit/stages/validation): ties count 1/2 in the ROC and enter the rate curves as one step; a cell
// holding two deposits is two positives and captures two deposits; nodata cells are not area.
//
// Groups: every score held by a deposit cell or an excluded cell is a group of its own; the
// cells between two such scores hold no deposit, so they only move a curve along a straight
// line, and they form one group. The curves are exact, and the raster is counted against the
// few deposit scores (ScoreCounts), so memory does not grow with the raster.
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <vector>

#include "stages/run_context.hpp"

namespace oremap::validation {

struct ScoreGroup {
  double score = 0;                 // the group's score (a merged group: its highest)
  double lowest = 0;                // a merged group's lowest score (else the score)
  std::uint64_t cells = 0;          // data cells with this score (the area)
  std::uint64_t deposit_cells = 0;  // of which hold at least one deposit
  std::uint64_t deposits = 0;       // deposits in them
};

struct ModelScoreTable {
  std::vector<ScoreGroup> groups;  // highest score first (see the groups above)
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

// Scored cells counted against a few breakpoint scores: the cells with each breakpoint's
// score, and the cells strictly between consecutive breakpoints (with the highest of them).
struct ScoreCounts {
  std::vector<float> breaks;           // ascending, distinct, no NaN
  std::vector<std::uint64_t> at;       // [j]: cells scoring breaks[j]
  std::vector<std::uint64_t> between;  // [j]: cells scoring in (breaks[j-1], breaks[j]); [size]: above the last
  std::vector<float> between_max;      // [j]: highest score counted in between[j] (NaN: none)
  std::vector<float> between_min;      // [j]: lowest score counted in between[j] (NaN: none)
  ScoreCounts() : ScoreCounts(std::vector<float>{}) {}
  explicit ScoreCounts(std::vector<float> breakpoints);  // sorted here; NaN and repeats dropped
  void add(float score);                                 // a scored cell (not NaN)
  void merge(const ScoreCounts& other);                  // same breakpoints
};

// scores: every scored cell of the area, in any order, no NaN. deposit_cells: the cells holding
// deposits. excluded: scores of cells taken out of the area entirely (the training deposits when
// held-out deposits are scored; NaN for an excluded nodata cell). Every non-NaN score in
// deposit_cells and excluded must occur in scores (std::invalid_argument).
ModelScoreTable tabulate(const std::vector<float>& scores, std::uint64_t nodata_cells,
                         const std::vector<CellScore>& deposit_cells, const std::vector<float>& excluded = {});

// The same from scored cells already counted against breakpoints that include every non-NaN
// score of deposit_cells and excluded.
ModelScoreTable tabulate(const ScoreCounts& counts, std::uint64_t nodata_cells,
                         const std::vector<CellScore>& deposit_cells, const std::vector<float>& excluded = {});

// Two passes over a grid raster (strip by strip): the score of each requested cell, then the
// data cells inside the mask counted against those scores, and the nodata cells inside the
// mask. Memory grows with the requested cells only.
struct RasterScores {
  ScoreCounts counts;
  std::uint64_t nodata_cells = 0;
  std::map<long long, float> at;  // requested cell (row * cols + col) -> score, NaN = nodata
};
RasterScores read_scores(const RunContext& ctx, const RasterInput& raster, const std::set<long long>& cells);

// deposits: cell -> deposits in it; excluded: cells removed from the area. Every cell must
// have been requested from read_scores.
ModelScoreTable tabulate(const RasterScores& scores, const std::map<long long, std::uint32_t>& deposits,
                         const std::set<long long>& excluded = {});

// A curve point; threshold: the lowest score of the cells it includes (cells scoring >= it are
// "predicted"), NaN for the origin, which includes none.
struct Point {
  double x = 0, y = 0;
  double threshold = std::numeric_limits<double>::quiet_NaN();
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
