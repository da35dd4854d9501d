#include "algo/validation_curves.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/number_text.hpp"

namespace oremap::algo {
namespace {

// A scored cell; nodata cells never become one.
struct Cell {
  double score;
  std::uint32_t deposits;
};

struct Scored {
  std::vector<Cell> cells;  // sorted by descending score
  std::size_t nodata_cells = 0;
  std::uint64_t nodata_deposits = 0;
};

Scored collect(const char* where, const std::vector<double>& scores, const std::vector<std::uint32_t>& deposits) {
  if (scores.size() != deposits.size())
    throw std::invalid_argument(std::string(where) + ": scores has " + std::to_string(scores.size()) +
                                " cells but deposits has " + std::to_string(deposits.size()) +
                                "; pass one count per cell");
  Scored s;
  s.cells.reserve(scores.size());
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (std::isnan(scores[i])) {
      ++s.nodata_cells;
      s.nodata_deposits += deposits[i];
    } else {
      s.cells.push_back({scores[i], deposits[i]});
    }
  }
  // Only the score order matters; cells of equal score are always handled as one group.
  std::sort(s.cells.begin(), s.cells.end(), [](const Cell& a, const Cell& b) { return a.score > b.score; });
  return s;
}

// Calls group(positives, cells_without_deposit, cell_count, score) once per distinct score,
// highest score first.
template <class Group>
void for_each_tie_group(const std::vector<Cell>& cells, Group group) {
  for (std::size_t i = 0; i < cells.size();) {
    std::size_t j = i;
    double pos = 0, neg = 0;
    for (; j < cells.size() && cells[j].score == cells[i].score; ++j) {
      pos += cells[j].deposits;
      neg += cells[j].deposits == 0 ? 1 : 0;
    }
    group(pos, neg, static_cast<double>(j - i), cells[i].score);
    i = j;
  }
}

}  // namespace

AucInterval hanley_mcneil(double a, double positives, double negatives, double z) {
  // Eq. 2: Q1 = A/(2-A), Q2 = 2A^2/(1+A).
  const double q1 = a / (2 - a), q2 = 2 * a * a / (1 + a);
  const double var =
      (a * (1 - a) + (positives - 1) * (q1 - a * a) + (negatives - 1) * (q2 - a * a)) / (positives * negatives);
  AucInterval r;
  r.se = std::sqrt(std::max(0.0, var));
  r.ci_low = std::max(0.0, a - z * r.se);
  r.ci_high = std::min(1.0, a + z * r.se);
  return r;
}

RocResult roc_auc(const std::vector<double>& scores, const std::vector<std::uint32_t>& deposits, double z) {
  if (!(z > 0) || !std::isfinite(z))
    throw std::invalid_argument("roc: z must be a finite number > 0 (got " + shortest_text(z) +
                                "); 1.959963985 gives a 95 % interval");
  const Scored s = collect("roc", scores, deposits);
  RocResult r;
  r.nodata_cells = s.nodata_cells;
  r.nodata_deposits = s.nodata_deposits;
  // Walking down from the highest score, each positive beats every negative not yet seen
  // (all lower) and ties with the negatives of its own group (counted 1/2).
  double negatives_above = 0, u = 0;
  for_each_tie_group(s.cells, [&](double pos, double neg, double, double) {
    r.positives += pos;
    r.negatives += neg;
    u -= pos * negatives_above;  // negatives scored higher than these positives
    u -= 0.5 * pos * neg;
    negatives_above += neg;
  });
  if (r.positives <= 0 || r.negatives <= 0)
    throw std::invalid_argument(
        "roc: needs at least one deposit and one deposit-free cell with "
        "a score (got " +
        shortest_text(r.positives) + " deposits, " + shortest_text(r.negatives) + " deposit-free cells)");
  u += r.positives * r.negatives;  // start from "every positive beats every negative"
  r.auc = u / (r.positives * r.negatives);
  const AucInterval ci = hanley_mcneil(r.auc, r.positives, r.negatives, z);
  r.se = ci.se;
  r.ci_low = ci.ci_low;
  r.ci_high = ci.ci_high;
  return r;
}

SuccessRateCurve success_rate_curve(const std::vector<double>& scores, const std::vector<std::uint32_t>& deposits) {
  const Scored s = collect("success rate", scores, deposits);
  SuccessRateCurve c;
  c.nodata_cells = s.nodata_cells;
  c.nodata_deposits = s.nodata_deposits;
  c.scored_cells = s.cells.size();
  for (const Cell& cell : s.cells) c.deposits += cell.deposits;
  if (c.scored_cells == 0 || c.deposits == 0)
    throw std::invalid_argument("success rate: needs scored cells holding deposits (got " +
                                std::to_string(c.scored_cells) + " scored cells, " + std::to_string(c.deposits) +
                                " deposits in them)");
  const double total_area = static_cast<double>(c.scored_cells);
  const double total_deposits = static_cast<double>(c.deposits);
  c.points.push_back({0.0, 0.0, std::numeric_limits<double>::infinity()});
  double area = 0, captured = 0;
  for_each_tie_group(s.cells, [&](double pos, double, double count, double score) {
    area += count;
    captured += pos;
    const CurvePoint& prev = c.points.back();
    const CurvePoint next{area / total_area, captured / total_deposits, score};
    c.area_under_curve +=
        (next.area_fraction - prev.area_fraction) * (next.deposit_fraction + prev.deposit_fraction) / 2;
    c.points.push_back(next);
  });
  return c;
}

}  // namespace oremap::algo
