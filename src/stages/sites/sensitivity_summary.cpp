#include "stages/sites/sensitivity_summary.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "stages/sites/ranking.hpp"

namespace oremap::sites {

namespace {

SensitivityRow summary_row(const CommodityResult& result, std::size_t k, int sign) {
  SensitivityRow out;
  out.criterion = result.sensitivity_criteria[k];
  out.direction = sign;
  std::vector<double> w;
  for (const auto& c : result.criteria) w.push_back(c.weight);
  w[out.criterion] *= 1.0 + sign * result.sensitivity;
  out.new_weight = normalise(w)[out.criterion];
  int ranked = 0;
  double sum = 0;
  std::set<std::string> top_before, top_after;
  for (const SiteRow& r : result.rows) {
    if (!r.rank) continue;
    const int moved = (sign < 0 ? r.rank_minus[k] : r.rank_plus[k]);
    ++ranked;
    out.sites_changed += moved != r.rank;
    out.max_rank_change = std::max(out.max_rank_change, std::abs(moved - r.rank));
    sum += std::abs(moved - r.rank);
    if (r.rank <= result.top_k) top_before.insert(r.id);
    if (moved <= result.top_k) top_after.insert(r.id);
    if (moved == 1) out.rank1_id = r.id;
  }
  out.mean_abs_rank_change = ranked ? sum / ranked : 0.0;
  out.top_k_unchanged = top_before == top_after;
  return out;
}

}  // namespace

void summarise_sensitivity(CommodityResult& result) {
  for (SiteRow& r : result.rows) {
    r.max_rank_change = 0;
    if (!r.rank) continue;
    for (std::size_t k = 0; k < r.rank_minus.size(); ++k)
      r.max_rank_change =
          std::max({r.max_rank_change, std::abs(r.rank_minus[k] - r.rank), std::abs(r.rank_plus[k] - r.rank)});
  }
  result.sensitivity_summary.clear();
  for (std::size_t k = 0; k < result.sensitivity_criteria.size(); ++k)
    for (int sign : {-1, 1}) result.sensitivity_summary.push_back(summary_row(result, k, sign));
}

}  // namespace oremap::sites
