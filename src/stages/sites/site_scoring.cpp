#include "stages/sites/site_scoring.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include "core/error.hpp"
#include "core/number_text.hpp"
#include "gdal/handles.hpp"
#include "stages/sites/duplicates.hpp"
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

std::string distance_text(double metres) {
  return metres >= 1000 ? significant_text(metres / 1000, 3) + " km" : significant_text(metres, 3) + " m";
}

std::string site_text(const std::string& id, const std::string& name) {
  return id + (name.empty() || name == id ? "" : " '" + name + "'");
}

// The possible duplicate records of one commodity, and the flag each of their sites carries.
struct Duplicates {
  std::vector<DuplicateGroup> groups;
  std::map<std::size_t, std::string> flags;  // by site index
};

// Finds the commodity's groups of possible duplicates among its members; with merge, drops
// every record but the first of each group from the members.
Duplicates find_duplicates(const RunContext& ctx, const SiteConfig& cfg, std::size_t k,
                           const std::vector<Position>& pos, SiteList& sites) {
  std::vector<std::size_t>& members = sites.members[k];
  std::vector<SiteRecord> records;
  for (std::size_t j : members)  // a name that is only the id (no name) is matched by place only
    records.push_back({pos[j].x, pos[j].y, sites.names[j] == sites.ids[j] ? "" : sites.names[j]});
  Duplicates d;
  std::vector<char> dropped(members.size(), 0);
  for (const auto& group :
       duplicate_groups(records, {cfg.duplicate_distance, cfg.duplicate_similarity, cfg.same_place})) {
    DuplicateGroup g;
    const std::size_t first = members[group.front()];
    std::string list;
    for (std::size_t i : group) {
      const std::size_t j = members[i];
      DuplicateRecord r{sites.ids[j], sites.names[j], std::hypot(pos[j].x - pos[first].x, pos[j].y - pos[first].y),
                        name_similarity(sites.names[j], sites.names[first]),
                        i == group.front() || !cfg.merge_duplicates};
      list +=
          (list.empty() ? "" : ", ") + site_text(r.id, r.name) + (j == first ? "" : " at " + distance_text(r.distance));
      if (!r.kept) dropped[i] = 1;
      g.push_back(std::move(r));
    }
    for (std::size_t i : group) {
      const std::size_t j = members[i];
      std::string others;
      for (std::size_t o : group)
        if (o != i) others += (others.empty() ? "" : ", ") + site_text(sites.ids[members[o]], sites.names[members[o]]);
      d.flags[j] = (cfg.merge_duplicates ? "merged with " : "possible duplicate of ") + others;
    }
    ctx.log.warn("sites: " + cfg.commodities[k].name + ": " + std::to_string(group.size()) +
                 " records look like one site: " + list +
                 (cfg.merge_duplicates ? "; scored once, as " + site_text(sites.ids[first], sites.names[first])
                                       : "; check them, or set [sites] merge_duplicates = true to score them once"));
    d.groups.push_back(std::move(g));
  }
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < members.size(); ++i)
    if (!dropped[i]) kept.push_back(members[i]);
  members = std::move(kept);
  return d;
}

// The effective weights of one site: w, or, with criteria left out (missing = "penalty"), w over
// the others renormalised to sum 1.
std::vector<double> site_weights(const std::vector<double>& w, const std::vector<char>& absent) {
  std::vector<double> out = w;
  double present = 0;
  for (std::size_t c = 0; c < w.size(); ++c)
    if (absent[c])
      out[c] = 0;
    else
      present += w[c];
  for (double& x : out) x = present > 0 ? x / present : 0;
  return out;
}

CommodityResult score_commodity(const RunContext& ctx, const SiteConfig& cfg, const Inputs& in, const Measured& m,
                                std::size_t k, const std::vector<Position>& pos, Duplicates duplicates) {
  CommodityResult r;
  r.commodity = cfg.commodities[k].name;
  r.sensitivity = cfg.sensitivity;
  r.top_k = cfg.top_k;
  r.draws = cfg.draws;
  r.concentration = cfg.concentration;
  r.seed = cfg.seed;
  r.duplicates = std::move(duplicates.groups);
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
  t.absent.assign(t.sites * t.criteria, 0);
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
    const SiteExclusions& ex = m.exclusions[j];
    row.reasons = ex.reasons;
    row.penalties = ex.penalties;
    double factor = ex.factor;
    bool unranked = false;
    char* absent = &t.absent[s * t.criteria];
    for (std::size_t c = 0; c < crit.size(); ++c) {
      const Criterion& cr = cfg.criteria[crit[c]];
      const Measurement& me = m.at(j, in.slot(crit[c], static_cast<int>(k)));
      CriterionCell cell;
      cell.raw = me.raw;
      cell.feature = me.feature;
      cell.score = cr.transform(me.raw);
      cell.missing = std::isnan(cell.score);
      if (cell.missing && cr.missing == MissingRule::unranked) {
        unranked = true;
        row.reasons.push_back(cr.id + ": no value" + (me.note.empty() ? "" : " (" + me.note + ")"));
      } else if (!me.note.empty()) {
        row.flags.push_back(cr.id + ": " + me.note);
      }
      if (cell.missing) {
        cell.score = 0;
        if (cr.missing == MissingRule::zero) row.flags.push_back(cr.id + ": no value; scored 0");
        if (cr.missing == MissingRule::penalty) {
          absent[c] = 1;
          factor *= 1 - cr.missing_penalty;
          row.penalties.push_back(cr.id + ": no value; ranked on the other criteria, score x " +
                                  significant_text(1 - cr.missing_penalty, 4));
        }
      }
      t.scores.push_back(cell.score);
      row.cells.push_back(cell);
    }
    const std::vector<double> used = site_weights(w, std::vector<char>(absent, absent + t.criteria));
    for (std::size_t c = 0; c < crit.size(); ++c) row.cells[c].contribution = used[c] * row.cells[c].score;
    auto flag = duplicates.flags.find(j);
    if (flag != duplicates.flags.end()) row.flags.push_back(flag->second);
    row.penalty_factor = factor;
    row.excluded = !ex.reasons.empty();
    row.status = row.excluded ? SiteStatus::excluded : unranked ? SiteStatus::unranked : SiteStatus::ranked;
    t.factor.push_back(factor);
    t.excluded.push_back(row.status != SiteStatus::ranked);
    t.tie_order.push_back(in.sites.tie_order[j]);
  }
  const std::vector<int> ranks = rank_sites(t, w);
  const Uncertainty u = monte_carlo(t, w, cfg.concentration, cfg.draws, cfg.seed, cfg.top_k, ctx.threads);
  const Sensitivity sens = one_at_a_time(t, w, cfg.sensitivity, ctx.threads);
  r.sensitivity_criteria = sens.criteria;
  for (std::size_t s = 0; s < rows.size(); ++s) {
    SiteRow& row = rows[s];
    // An unranked site has no score: a partial sum would read as a low score.
    row.score = row.status == SiteStatus::unranked ? std::numeric_limits<double>::quiet_NaN() : t.total(s, w);
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
  // Output order: ranked sites by rank, then the unranked, then the excluded, in tie-break order.
  std::vector<std::size_t> order(rows.size());
  for (std::size_t s = 0; s < order.size(); ++s) order[s] = s;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (rows[a].status != rows[b].status) return rows[a].status < rows[b].status;
    if (rows[a].status == SiteStatus::ranked) return rows[a].rank < rows[b].rank;
    return t.tie_order[a] < t.tie_order[b];
  });
  for (std::size_t s : order) r.rows.push_back(std::move(rows[s]));
  summarise_sensitivity(r);
  std::size_t excluded = 0, unranked = 0;
  for (const auto& row : r.rows) {
    excluded += row.status == SiteStatus::excluded;
    unranked += row.status == SiteStatus::unranked;
  }
  ctx.log.info("sites: " + r.commodity + ": " + std::to_string(r.rows.size()) + " sites, " + std::to_string(unranked) +
               " unranked (no value), " + std::to_string(excluded) + " excluded" +
               (r.rows.empty() || r.rows.front().rank != 1 ? "" : "; rank 1: " + r.rows.front().name));
  for (const auto& row : r.rows)
    if (row.status == SiteStatus::unranked)
      ctx.log.info("sites: " + r.commodity + ": " + site_text(row.id, row.name) +
                   " is not ranked: " + row.reasons.back());
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

  Inputs in = [&] {
    Timer t(ctx.log, "reading the sites and layers");
    return load_inputs(ctx, cfg);
  }();
  std::string counts;
  for (std::size_t k = 0; k < cfg.commodities.size(); ++k)
    counts += (counts.empty() ? "" : ", ") + cfg.commodities[k].name + " " + std::to_string(in.sites.members[k].size());
  ctx.log.info("sites: " + std::to_string(in.sites.size()) + " candidate sites (" + counts + "), " +
               std::to_string(ctx.threads) + " thread(s)");

  // Duplicates are found on the representative points, before any site is scored.
  const std::vector<Position> pos = positions(ctx, in.sites);
  std::vector<Duplicates> duplicates;
  for (std::size_t k = 0; k < cfg.commodities.size(); ++k)
    duplicates.push_back(find_duplicates(ctx, cfg, k, pos, in.sites));

  RunContext measuring = ctx;
  measuring.progress = scaled_progress(ctx.progress, 0.0, 0.85);
  const Measured m = [&] {
    Timer t(ctx.log, "measuring");
    return measure_sites(measuring, cfg, in);
  }();
  std::vector<CommodityResult> results;
  for (std::size_t k = 0; k < cfg.commodities.size(); ++k) {
    {
      Timer t(ctx.log, "scoring, ranking, Monte-Carlo and sensitivity of " + cfg.commodities[k].name);
      results.push_back(score_commodity(ctx, cfg, in, m, k, pos, std::move(duplicates[k])));
    }
    check_progress(ctx, 0.85 + 0.1 * static_cast<double>(k + 1) / static_cast<double>(cfg.commodities.size()),
                   "ranking " + cfg.commodities[k].name + " sites");
  }
  return results;
}

}  // namespace oremap::sites
