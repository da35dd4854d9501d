// The site-ranking sections of the validation report: criteria and weights, and the top sites.
#include <cmath>

#include "stages/sinks/report/html.hpp"
#include "stages/sinks/report/report_sections.hpp"

namespace oremap::sinks::report {

namespace {

std::string criteria_table(const sites::CommodityResult& c) {
  Table t{{"criterion", "kind", "transform", "unit", "declared weight", "normalised weight"},
          {},
          {false, false, false, false, true, true},
          "Criteria and weights",
          "compact"};
  for (const auto& k : c.criteria)
    t.rows.push_back({k.id, k.kind, k.transform, k.unit, fixed(k.declared_weight, 3), fixed(k.weight, 3)});
  return render(t);
}

std::string interval(const sites::SiteRow& r, int draws) {
  if (draws <= 0 || r.rank_p05 <= 0) return "\u2013";
  return std::to_string(r.rank_p05) + "\u2013" + std::to_string(r.rank_p95);
}

std::string top_sites_table(const sites::CommodityResult& c, int top_n) {
  Table t{{"rank", "site", "id", "score", "mean rank", "5\u201395 % rank interval",
           "P(rank \u2264 " + std::to_string(c.top_k) + ")"},
          {},
          {true, false, false, true, true, true, true},
          "Top " + std::to_string(top_n) + " sites",
          "compact"};
  int shown = 0;
  for (const auto& r : c.rows) {
    if (r.excluded || r.rank <= 0 || shown >= top_n) continue;
    ++shown;
    const bool mc = c.draws > 0 && std::isfinite(r.rank_mean);
    t.rows.push_back({std::to_string(r.rank), r.name, r.id, fixed(r.score, 3), mc ? fixed(r.rank_mean, 1) : "\u2013",
                      interval(r, c.draws), mc ? fixed(r.p_top, 2) : "\u2013"});
  }
  return render(t);
}

// Sites listed without a rank because a criterion has no value, with the reason.
std::string not_ranked_table(const sites::CommodityResult& c) {
  Table t{{"site", "id", "why it is not ranked"}, {}, {false, false, false}, "Not ranked: missing data", "compact"};
  for (const auto& r : c.rows) {
    if (r.status != sites::SiteStatus::unranked) continue;
    std::string why;
    for (const auto& reason : r.reasons) why += (why.empty() ? "" : "; ") + reason;
    t.rows.push_back({r.name, r.id, why});
  }
  return t.rows.empty() ? "" : render(t);
}

std::string duplicates_table(const sites::CommodityResult& c) {
  Table t{{"group", "site", "id", "distance to the first", "name similarity", "scored"},
          {},
          {true, false, false, true, true, false},
          "Possible duplicate records",
          "compact"};
  for (std::size_t g = 0; g < c.duplicates.size(); ++g)
    for (const auto& d : c.duplicates[g])
      t.rows.push_back({std::to_string(g + 1), d.name, d.id, fixed(d.distance / 1000, 2) + " km",
                        fixed(d.similarity, 2), d.kept ? "yes" : "merged into the first"});
  return t.rows.empty() ? "" : render(t);
}

}  // namespace

std::string sites_section_html(const std::vector<sites::CommodityResult>& results, int top_n) {
  if (results.empty()) return "<p class=\"note\">No site scoring in this run ([sites] not declared).</p>\n";
  std::string out;
  for (const auto& c : results) {
    std::size_t ranked = 0, unranked = 0, excluded = 0;
    for (const auto& r : c.rows)
      (r.status == sites::SiteStatus::ranked     ? ranked
       : r.status == sites::SiteStatus::unranked ? unranked
                                                 : excluded) += 1;
    out += "<section class=\"sites\" id=\"sites-" + escape(c.commodity) + "\">\n<h3>" + escape(c.commodity) +
           "</h3>\n<p>" + std::to_string(ranked) + " sites ranked, " + std::to_string(unranked) +
           " not ranked for missing data, " + std::to_string(excluded) + " excluded. Rank intervals from " +
           std::to_string(c.draws) + " Monte-Carlo draws of the weights (Dirichlet, concentration " +
           escape(fixed(c.concentration, 1)) + ", seed " + std::to_string(c.seed) + ").</p>\n";
    out += criteria_table(c) + top_sites_table(c, top_n) + not_ranked_table(c) + duplicates_table(c) + "</section>\n";
  }
  return out;
}

}  // namespace oremap::sinks::report
