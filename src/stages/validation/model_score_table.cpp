#include "stages/validation/model_score_table.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>

#include "algo/validation_curves.hpp"
#include "stages/block_engine.hpp"

namespace oremap::validation {

namespace {

// Appends p, dropping the previous point when it lies inside a horizontal or vertical run
// (collinear, so curve shape, interpolation and trapezoid area are unchanged).
void add_point(std::vector<Point>& pts, Point p) {
  const std::size_t n = pts.size();
  if (n >= 2) {
    const Point& a = pts[n - 2];
    const Point& b = pts[n - 1];
    if ((a.y == b.y && b.y == p.y) || (a.x == b.x && b.x == p.x)) {
      pts.back() = p;
      return;
    }
  }
  pts.push_back(p);
}

}  // namespace

ModelScoreTable tabulate(const std::vector<float>& scores_desc, std::uint64_t nodata_cells,
                         const std::vector<CellScore>& deposit_cells, const std::vector<float>& excluded) {
  ModelScoreTable t;
  t.nodata_cells = nodata_cells;
  std::vector<CellScore> deps;
  for (const CellScore& d : deposit_cells) {
    if (std::isnan(d.score))
      t.nodata_deposits += d.deposits;
    else if (d.deposits > 0)
      deps.push_back(d);
  }
  std::sort(deps.begin(), deps.end(), [](const CellScore& a, const CellScore& b) { return a.score > b.score; });
  std::vector<float> out;
  for (float s : excluded) {
    if (!std::isnan(s))
      out.push_back(s);
    else if (t.nodata_cells > 0)
      --t.nodata_cells;
  }
  std::sort(out.begin(), out.end(), std::greater<float>());

  std::size_t d = 0, e = 0;
  for (std::size_t i = 0; i < scores_desc.size();) {
    const float s = scores_desc[i];
    std::size_t j = i;
    while (j < scores_desc.size() && scores_desc[j] == s) ++j;
    ScoreGroup g;
    g.score = s;
    g.cells = j - i;
    for (; e < out.size() && out[e] == s && g.cells > 0; ++e) --g.cells;
    for (; d < deps.size() && deps[d].score == s; ++d) {
      ++g.deposit_cells;
      g.deposits += deps[d].deposits;
    }
    if (g.deposit_cells > g.cells)
      throw std::invalid_argument("validation: more deposit cells than cells with score " + std::to_string(s));
    if (g.cells > 0) {
      t.cells += g.cells;
      t.deposit_cells += g.deposit_cells;
      t.deposits += g.deposits;
      t.groups.push_back(g);
    }
    i = j;
  }
  if (d < deps.size() || e < out.size())
    throw std::invalid_argument("validation: a deposit or excluded cell has a score that no data cell has");
  return t;
}

RasterScores read_scores(const RunContext& ctx, const std::filesystem::path& raster, const std::set<long long>& cells) {
  struct Part {
    std::vector<float> values;
    std::uint64_t nodata = 0;
    std::vector<std::pair<long long, float>> at;
  };
  std::vector<Part> parts(strip_count(ctx.grid));
  visit_strips(
      ctx, {raster},
      [&](const Strip& s) {
        Part& p = parts[s.index];
        const float* v = s.inputs[0];
        for (std::size_t i = 0; i < s.cells(); ++i) {
          if (!s.inside(i)) continue;
          if (std::isnan(v[i]))
            ++p.nodata;
          else
            p.values.push_back(v[i]);
        }
        const long long first = static_cast<long long>(s.row0) * s.cols;
        const long long last = first + static_cast<long long>(s.cells());
        for (auto it = cells.lower_bound(first); it != cells.end() && *it < last; ++it) {
          const auto i = static_cast<std::size_t>(*it - first);
          p.at.emplace_back(*it, s.inside(i) ? v[i] : NAN);
        }
      },
      "validation: reading scores");
  RasterScores r;
  std::size_t total = 0;
  for (const Part& p : parts) total += p.values.size();
  r.values.reserve(total);
  for (Part& p : parts) {
    r.values.insert(r.values.end(), p.values.begin(), p.values.end());
    std::vector<float>().swap(p.values);
    r.nodata_cells += p.nodata;
    for (const auto& [cell, score] : p.at) r.at[cell] = score;
  }
  std::sort(r.values.begin(), r.values.end(), std::greater<float>());
  return r;
}

ModelScoreTable tabulate(const RasterScores& scores, const std::map<long long, std::uint32_t>& deposits,
                         const std::set<long long>& excluded) {
  auto score_of = [&](long long cell) {
    auto it = scores.at.find(cell);
    if (it == scores.at.end())
      throw std::invalid_argument("validation: cell " + std::to_string(cell) + " was not read from the raster");
    return it->second;
  };
  std::vector<CellScore> deps;
  for (const auto& [cell, n] : deposits) deps.push_back({score_of(cell), n});
  std::vector<float> out;
  for (long long cell : excluded) out.push_back(score_of(cell));
  return tabulate(scores.values, scores.nodata_cells, deps, out);
}

RocCurve roc_curve(const ModelScoreTable& table, double z) {
  RocCurve r;
  for (const ScoreGroup& g : table.groups) {
    r.positives += static_cast<double>(g.deposits);
    r.negatives += static_cast<double>(g.cells - g.deposit_cells);
  }
  if (r.positives <= 0 || r.negatives <= 0)
    throw std::invalid_argument("ROC needs at least one deposit and one deposit-free cell with a score (got " +
                                std::to_string(static_cast<long long>(r.positives)) + " deposits, " +
                                std::to_string(static_cast<long long>(r.negatives)) + " deposit-free cells)");
  // Mann-Whitney U, walking down from the highest score: each positive beats the negatives
  // below its group and ties (1/2) with the negatives of its own group.
  double negatives_above = 0, positives_above = 0, u = 0;
  r.points.push_back({0, 0});
  for (const ScoreGroup& g : table.groups) {
    const double pos = static_cast<double>(g.deposits);
    const double neg = static_cast<double>(g.cells - g.deposit_cells);
    u += pos * (r.negatives - negatives_above - neg) + 0.5 * pos * neg;
    negatives_above += neg;
    positives_above += pos;
    add_point(r.points, {negatives_above / r.negatives, positives_above / r.positives});
  }
  r.auc = u / (r.positives * r.negatives);
  const algo::AucInterval ci = algo::hanley_mcneil(r.auc, r.positives, r.negatives, z);
  r.se = ci.se;
  r.ci_low = ci.ci_low;
  r.ci_high = ci.ci_high;
  return r;
}

double RateCurve::captured(double area_fraction) const {
  if (points.empty()) return NAN;
  for (std::size_t i = 1; i < points.size(); ++i) {
    const Point& a = points[i - 1];
    const Point& b = points[i];
    if (area_fraction <= b.x) {
      if (b.x == a.x) return b.y;
      return a.y + (b.y - a.y) * (area_fraction - a.x) / (b.x - a.x);
    }
  }
  return points.back().y;
}

RateCurve rate_curve(const ModelScoreTable& table) {
  RateCurve c;
  c.cells = table.cells;
  c.deposits = table.deposits;
  if (c.cells == 0 || c.deposits == 0)
    throw std::invalid_argument("a rate curve needs scored cells holding deposits (got " + std::to_string(c.cells) +
                                " scored cells, " + std::to_string(c.deposits) + " deposits in them)");
  const double area_total = static_cast<double>(c.cells), deposits_total = static_cast<double>(c.deposits);
  double area = 0, captured = 0;
  c.points.push_back({0, 0});
  Point prev{0, 0};
  for (const ScoreGroup& g : table.groups) {
    area += static_cast<double>(g.cells);
    captured += static_cast<double>(g.deposits);
    const Point next{area / area_total, captured / deposits_total};
    c.auc += (next.x - prev.x) * (next.y + prev.y) / 2;
    add_point(c.points, next);
    prev = next;
  }
  return c;
}

}  // namespace oremap::validation
