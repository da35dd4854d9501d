#pragma once
// How well a prospectivity map ranks known deposits: ROC AUC with a Hanley & McNeil (1982)
// confidence interval, and the success-rate curve (share of deposits captured against share of
// area, cells taken by descending score). Feeding held-out deposits instead of training ones
// gives the prediction-rate curve; the computation is the same.
//
// Conventions:
// - input is one score per cell (NaN = nodata) and the number of deposits in that cell;
// - nodata cells are excluded from area and from the counts; their deposits are reported
//   (nodata_deposits) rather than silently dropped;
// - a cell holding two deposits counts as two positives and captures two deposits;
// - ROC: positives are deposits, negatives are scored cells without a deposit; ties count 1/2
//   (the Mann-Whitney average-rank convention);
// - success rate: cells of equal score enter together, as one step of the curve.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace oremap::algo {

struct RocResult {
  double auc = 0;
  double se = 0;         // Hanley & McNeil (1982) standard error
  double ci_low = 0;     // auc - z * se, clipped to [0, 1]
  double ci_high = 0;    // auc + z * se, clipped to [0, 1]
  double positives = 0;  // deposits in scored cells
  double negatives = 0;  // scored cells without a deposit
  std::size_t nodata_cells = 0;
  std::uint64_t nodata_deposits = 0;
};

// The standard error of an AUC after Hanley & McNeil (1982), eq. 2, from the number of positives
// and negatives, and the interval auc +/- z * se clipped to [0, 1]. roc_auc uses it, and so does
// the validation stage, which assembles its AUC from groups of equal score.
struct AucInterval {
  double se = 0;
  double ci_low = 0;
  double ci_high = 0;
};
AucInterval hanley_mcneil(double auc, double positives, double negatives, double z);

// z: normal quantile of the interval (1.959963985 for 95 %). Throws std::invalid_argument when
// the sizes differ or there is no positive or no negative among the scored cells.
RocResult roc_auc(const std::vector<double>& scores, const std::vector<std::uint32_t>& deposits,
                  double z = 1.959963985);

struct CurvePoint {
  double area_fraction = 0;     // share of scored area with score >= threshold
  double deposit_fraction = 0;  // share of deposits in that area
  double threshold = 0;         // score of the last cells added (+inf for the origin)
};

struct SuccessRateCurve {
  std::vector<CurvePoint> points;  // (0, 0), then one point per distinct score; ends at (1, 1)
  double area_under_curve = 0;     // trapezoids between the points
  std::uint64_t deposits = 0;      // deposits in scored cells
  std::size_t scored_cells = 0;
  std::size_t nodata_cells = 0;
  std::uint64_t nodata_deposits = 0;
};

// Throws std::invalid_argument when the sizes differ, nothing is scored, or no scored cell
// holds a deposit.
SuccessRateCurve success_rate_curve(const std::vector<double>& scores, const std::vector<std::uint32_t>& deposits);

}  // namespace oremap::algo
