#include "stages/sites/site_scoring.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "core/number_text.hpp"
#include "gdal/handles.hpp"
#include "stages/sites/feature_index.hpp"
#include "stages/sites/ranking.hpp"
#include "stages/sites/sensitivity_summary.hpp"
#include "stages/sites/site_config.hpp"
#include "stages/sites/site_inputs.hpp"
#include "stages/sites/site_worker.hpp"

namespace oremap::sites {

namespace {

struct Position {
  double x = 0, y = 0, lon = 0, lat = 0;
};

// A point on each site (the point itself, or GEOS PointOnSurface) in the grid CRS and in WGS 84.
std::vector<Position> positions(const RunContext& ctx, const SiteList& s) {
  geos::Context g;
  std::vector<Position> out(s.size());
  std::vector<double> xs(s.size()), ys(s.size());
  for (std::size_t j = 0; j < s.size(); ++j) {
    geos::GeometryPtr site =
        geos::from_wkb(g, reinterpret_cast<const unsigned char*>(s.wkb[j].data()), s.wkb[j].size());
    geos::GeometryPtr p =
        s.is_point[j] ? std::move(site) : geos::own(g, GEOSPointOnSurface_r(g.get(), site.get()), "point on surface");
    GEOSGeomGetX_r(g.get(), p.get(), &out[j].x);
    GEOSGeomGetY_r(g.get(), p.get(), &out[j].y);
    xs[j] = out[j].x;
    ys[j] = out[j].y;
  }
  OGRSpatialReference grid;
  grid.importFromWkt(ctx.grid.crs_wkt.c_str());
  gdal::TransformPtr t = gdal::make_transform(grid, gdal::parse_crs("EPSG:4326", "WGS 84"));
  if (!s.size() || t->Transform(static_cast<int>(s.size()), xs.data(), ys.data())) {
    for (std::size_t j = 0; j < s.size(); ++j) {
      out[j].lon = xs[j];
      out[j].lat = ys[j];
    }
  } else {
    throw LibraryError("PROJ: cannot transform the sites to longitude/latitude: " + gdal::last_error());
  }
  return out;
}

CommodityResult score_commodity(const RunContext& ctx, const SiteConfig& cfg, const Inputs& in, const Measured& m,
                                std::size_t k, const std::vector<Position>& pos) {
  CommodityResult r;
  r.commodity = cfg.commodities[k].name;
  r.sensitivity = cfg.sensitivity;
  r.top_k = cfg.top_k;
  r.draws = cfg.draws;
  r.concentration = cfg.concentration;
  r.seed = cfg.seed;
  std::vector<std::size_t> crit;
  std::vector<double> declared;
  for (std::size_t i = 0; i < cfg.criteria.size(); ++i)
    if (cfg.criteria[i].applies_to(r.commodity)) {
      crit.push_back(i);
      declared.push_back(cfg.criteria[i].weight);
    }
  const std::vector<double> w = normalise(declared);
  std::string weights;
  for (std::size_t c = 0; c < crit.size(); ++c) {
    const Criterion& cr = cfg.criteria[crit[c]];
    r.criteria.push_back({cr.id, cr.kind_name, cr.unit, cr.transform.describe(), cr.weight, w[c]});
    weights += (weights.empty() ? "" : ", ") + cr.id + " " + significant_text(w[c], 4);
  }
  ctx.log.info("sites: " + r.commodity + " weights (normalised): " + weights);

  const std::vector<std::size_t>& members = in.sites.members[k];
  ScoreTable t;
  t.sites = members.size();
  t.criteria = crit.size();
  std::vector<SiteRow> rows(members.size());
  for (std::size_t s = 0; s < members.size(); ++s) {
    const std::size_t j = members[s];
    SiteRow& row = rows[s];
    row.id = in.sites.ids[j];
    row.name = in.sites.names[j];
    row.wkb = in.sites.wkb[j];
    row.x = pos[j].x;
    row.y = pos[j].y;
    row.lon = pos[j].lon;
    row.lat = pos[j].lat;
    for (std::size_t c = 0; c < crit.size(); ++c) {
      const Criterion& cr = cfg.criteria[crit[c]];
      const Measurement& me = m.at(j, in.slot(crit[c], static_cast<int>(k)));
      CriterionCell cell;
      cell.raw = me.raw;
      cell.feature = me.feature;
      cell.score = cr.transform(me.raw);
      if (!me.note.empty()) row.flags.push_back(cr.id + ": " + me.note);
      if (std::isnan(cell.score)) {
        cell.score = 0;
        row.flags.push_back(cr.id + ": no value; scored 0");
      }
      cell.contribution = w[c] * cell.score;
      t.scores.push_back(cell.score);
      row.cells.push_back(cell);
    }
    const SiteExclusions& ex = m.exclusions[j];
    row.reasons = ex.reasons;
    row.penalties = ex.penalties;
    row.penalty_factor = ex.factor;
    row.excluded = !ex.reasons.empty();
    t.factor.push_back(ex.factor);
    t.excluded.push_back(row.excluded);
    t.tie_order.push_back(in.sites.tie_order[j]);
  }
  const std::vector<int> ranks = rank_sites(t, w);
  const Uncertainty u = monte_carlo(t, w, cfg.concentration, cfg.draws, cfg.seed, cfg.top_k, ctx.threads);
  const Sensitivity sens = one_at_a_time(t, w, cfg.sensitivity, ctx.threads);
  r.sensitivity_criteria = sens.criteria;
  for (std::size_t s = 0; s < rows.size(); ++s) {
    SiteRow& row = rows[s];
    row.score = t.total(s, w);
    row.rank = ranks[s];
    row.rank_mean = u.mean_rank[s];
    row.rank_p05 = u.p05[s];
    row.rank_p95 = u.p95[s];
    row.p_top = u.p_top[s];
    for (std::size_t c = 0; c < sens.criteria.size(); ++c) {
      row.rank_minus.push_back(sens.minus[c][s]);
      row.rank_plus.push_back(sens.plus[c][s]);
    }
  }
  // Output order: ranked sites by rank, then the excluded ones in tie-break order.
  std::vector<std::size_t> order(rows.size());
  for (std::size_t s = 0; s < order.size(); ++s) order[s] = s;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const bool ea = rows[a].rank == 0, eb = rows[b].rank == 0;
    if (ea != eb) return eb;
    if (!ea) return rows[a].rank < rows[b].rank;
    return t.tie_order[a] < t.tie_order[b];
  });
  for (std::size_t s : order) r.rows.push_back(std::move(rows[s]));
  summarise_sensitivity(r);
  std::size_t excluded = 0;
  for (const auto& row : r.rows) excluded += row.excluded;
  ctx.log.info("sites: " + r.commodity + ": " + std::to_string(r.rows.size()) + " sites, " + std::to_string(excluded) +
               " excluded" + (r.rows.empty() || r.rows.front().rank != 1 ? "" : "; rank 1: " + r.rows.front().name));
  return r;
}

// Logs (verbose) how long a phase took.
class Timer {
 public:
  Timer(const Log& log, std::string what) : log_(log), what_(std::move(what)), start_(Clock::now()) {}
  ~Timer() {
    const double s = std::chrono::duration<double>(Clock::now() - start_).count();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f s", s);
    log_.debug("sites: " + what_ + ": " + buf);
  }
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

 private:
  using Clock = std::chrono::steady_clock;
  const Log& log_;
  std::string what_;
  Clock::time_point start_;
};

void check_progress(const RunContext& ctx, double fraction, const std::string& message) {
  if (!ctx.progress(fraction, message)) throw Cancelled();
}

}  // namespace

std::vector<CommodityResult> compute_site_scores(const RunContext& ctx) {
  gdal::register_drivers();
  std::vector<Diagnostic> problems;
  const SiteConfig cfg = read_site_config(ctx.project, problems);
  if (problems.empty()) check_inputs(ctx, cfg, problems);
  if (!problems.empty()) throw ProjectError(std::move(problems));

  const Inputs in = [&] {
    Timer t(ctx.log, "reading the sites and layers");
    return load_inputs(ctx, cfg);
  }();
  std::string counts;
  for (std::size_t k = 0; k < cfg.commodities.size(); ++k)
    counts += (counts.empty() ? "" : ", ") + cfg.commodities[k].name + " " + std::to_string(in.sites.members[k].size());
  ctx.log.info("sites: " + std::to_string(in.sites.size()) + " candidate sites (" + counts + "), " +
               std::to_string(ctx.threads) + " thread(s)");

  RunContext measuring = ctx;
  measuring.progress = scaled_progress(ctx.progress, 0.0, 0.85);
  const Measured m = [&] {
    Timer t(ctx.log, "measuring");
    return measure_sites(measuring, cfg, in);
  }();
  const std::vector<Position> pos = positions(ctx, in.sites);
  std::vector<CommodityResult> results;
  for (std::size_t k = 0; k < cfg.commodities.size(); ++k) {
    {
      Timer t(ctx.log, "scoring, ranking, Monte-Carlo and sensitivity of " + cfg.commodities[k].name);
      results.push_back(score_commodity(ctx, cfg, in, m, k, pos));
    }
    check_progress(ctx, 0.85 + 0.1 * static_cast<double>(k + 1) / static_cast<double>(cfg.commodities.size()),
                   "ranking " + cfg.commodities[k].name + " sites");
  }
  return results;
}

}  // namespace oremap::sites
