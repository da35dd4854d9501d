#include "stages/validation/model_score_table.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>

#include "algo/validation_curves.hpp"
#include "core/bytes.hpp"
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

ScoreCounts::ScoreCounts(std::vector<float> breakpoints) : breaks(std::move(breakpoints)) {
  breaks.erase(std::remove_if(breaks.begin(), breaks.end(), [](float s) { return std::isnan(s); }), breaks.end());
  std::sort(breaks.begin(), breaks.end());
  breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());  // -0 == 0: one breakpoint
  at.assign(breaks.size(), 0);
  between.assign(breaks.size() + 1, 0);
  between_max.assign(breaks.size() + 1, NAN);
  between_min.assign(breaks.size() + 1, NAN);
}

void ScoreCounts::add(float score) {
  const std::size_t j =
      static_cast<std::size_t>(std::lower_bound(breaks.begin(), breaks.end(), score) - breaks.begin());
  if (j < breaks.size() && breaks[j] == score) {
    ++at[j];
  } else {
    ++between[j];
    if (!(between_max[j] >= score)) between_max[j] = score;  // NaN (none yet) or lower
    if (!(between_min[j] <= score)) between_min[j] = score;
  }
}

void ScoreCounts::merge(const ScoreCounts& o) {
  for (std::size_t j = 0; j < at.size(); ++j) at[j] += o.at[j];
  for (std::size_t j = 0; j < between.size(); ++j) {
    between[j] += o.between[j];
    if (o.between[j] > 0 && !(between_max[j] >= o.between_max[j])) between_max[j] = o.between_max[j];
    if (o.between[j] > 0 && !(between_min[j] <= o.between_min[j])) between_min[j] = o.between_min[j];
  }
}

ModelScoreTable tabulate(const std::vector<float>& scores, std::uint64_t nodata_cells,
                         const std::vector<CellScore>& deposit_cells, const std::vector<float>& excluded) {
  std::vector<float> breaks = excluded;
  for (const CellScore& d : deposit_cells) breaks.push_back(d.score);
  ScoreCounts counts(std::move(breaks));
  for (float s : scores) counts.add(s);
  return tabulate(counts, nodata_cells, deposit_cells, excluded);
}

ModelScoreTable tabulate(const ScoreCounts& counts, std::uint64_t nodata_cells,
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

  auto add_group = [&](const ScoreGroup& g) {
    if (g.cells == 0) return;
    t.cells += g.cells;
    t.deposit_cells += g.deposit_cells;
    t.deposits += g.deposits;
    t.groups.push_back(g);
  };
  // Down from the highest score: the cells above breakpoint j, then those at it.
  std::size_t d = 0, e = 0;
  for (std::size_t j = counts.breaks.size() + 1; j-- > 0;) {
    add_group({counts.between_max[j], counts.between_min[j], counts.between[j], 0, 0});
    if (j == 0) break;
    const float s = counts.breaks[j - 1];
    ScoreGroup g;
    g.score = g.lowest = s;
    g.cells = counts.at[j - 1];
    for (; e < out.size() && out[e] == s; ++e) {
      if (g.cells == 0) throw std::invalid_argument("validation: an excluded cell has a score that no data cell has");
      --g.cells;
    }
    for (; d < deps.size() && deps[d].score == s; ++d) {
      ++g.deposit_cells;
      g.deposits += deps[d].deposits;
    }
    if (g.deposit_cells > 0 && counts.at[j - 1] == 0)
      throw std::invalid_argument("validation: a deposit cell has a score that no data cell has");
    if (g.deposit_cells > g.cells)
      throw std::invalid_argument("validation: more deposit cells than cells with score " + std::to_string(s));
    add_group(g);
  }
  if (d < deps.size() || e < out.size())
    throw std::invalid_argument("validation: a deposit or excluded cell has a score that is not a breakpoint");
  return t;
}

RasterScores read_scores(const RunContext& ctx, const RasterInput& raster, const std::set<long long>& cells) {
  RasterScores r;
  std::mutex merge;
  // Pass 1: the requested cells' scores, from the strips holding them only.
  std::vector<std::size_t> strips;
  for (long long cell : cells) {
    const auto strip = static_cast<std::size_t>(cell / ctx.grid.cols / kStripRows);
    if (strips.empty() || strips.back() != strip) strips.push_back(strip);
  }
  visit_strips(
      ctx, {raster}, strips,
      [&](const Strip& s) {
        const long long first = static_cast<long long>(s.row0) * s.cols;
        const long long last = first + static_cast<long long>(s.cells());
        std::vector<std::pair<long long, float>> found;
        for (auto it = cells.lower_bound(first); it != cells.end() && *it < last; ++it) {
          const auto i = static_cast<std::size_t>(*it - first);
          found.emplace_back(*it, s.inside(i) ? s.inputs[0][i] : NAN);
        }
        std::lock_guard<std::mutex> lock(merge);
        r.at.insert(found.begin(), found.end());
      },
      "validation: reading deposit scores");
  if (ctx.ranks->size() > 1) {  // every rank's cells (distinct keys: any order)
    std::vector<long long> mine_cells;
    std::vector<float> mine_scores;
    for (const auto& [cell, score] : r.at) {
      mine_cells.push_back(cell);
      mine_scores.push_back(score);
    }
    const std::vector<std::string> all =
        ctx.ranks->all_gather(ByteWriter().put(mine_cells).put(mine_scores).bytes(), "validation: deposit scores");
    for (const std::string& theirs : all) {
      ByteReader in(theirs);
      std::vector<long long> found_cells;
      std::vector<float> found_scores;
      in.get(found_cells);
      in.get(found_scores);
      for (std::size_t i = 0; i < found_cells.size(); ++i) r.at.emplace(found_cells[i], found_scores[i]);
    }
  }
  // Pass 2: every data cell counted against those scores. Integer sums and maxima, so the
  // merge order does not matter.
  std::vector<float> scores;
  for (const auto& [cell, score] : r.at) scores.push_back(score);
  r.counts = ScoreCounts(std::move(scores));
  visit_strips(
      ctx, {raster},
      [&](const Strip& s) {
        ScoreCounts local(r.counts.breaks);
        std::uint64_t nodata = 0;
        const float* v = s.inputs[0];
        for (std::size_t i = 0; i < s.cells(); ++i) {
          if (!s.inside(i)) continue;
          if (std::isnan(v[i]))
            ++nodata;
          else
            local.add(v[i]);
        }
        std::lock_guard<std::mutex> lock(merge);
        r.counts.merge(local);
        r.nodata_cells += nodata;
      },
      "validation: counting scores");
  if (ctx.ranks->size() > 1) {
    const ScoreCounts& c = r.counts;
    const std::vector<std::string> all = ctx.ranks->all_gather(
        ByteWriter().put(c.at).put(c.between).put(c.between_max).put(c.between_min).put(r.nodata_cells).bytes(),
        "validation: score counts");
    ScoreCounts total(r.counts.breaks);
    r.nodata_cells = 0;
    for (const std::string& theirs : all) {
      ScoreCounts part(r.counts.breaks);
      std::uint64_t nodata = 0;
      ByteReader in(theirs);
      in.get(part.at);
      in.get(part.between);
      in.get(part.between_max);
      in.get(part.between_min);
      in.get(nodata);
      total.merge(part);
      r.nodata_cells += nodata;
    }
    r.counts = std::move(total);
  }
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
  return tabulate(scores.counts, scores.nodata_cells, deps, out);
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
    add_point(r.points, {negatives_above / r.negatives, positives_above / r.positives, g.lowest});
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
    const Point next{area / area_total, captured / deposits_total, g.lowest};
    c.auc += (next.x - prev.x) * (next.y + prev.y) / 2;
    add_point(c.points, next);
    prev = next;
  }
  return c;
}

}  // namespace oremap::validation
