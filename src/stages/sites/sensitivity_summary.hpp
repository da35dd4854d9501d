#pragma once
// The figures the one-at-a-time weight sensitivity leads to, summed up from the ranks each
// site got with every criterion's weight lowered and raised (SiteRow::rank_minus, rank_plus).
#include "stages/sites/site_result.hpp"

namespace oremap::sites {

// Sets each row's max_rank_change and result.sensitivity_summary from the rows' ranks, the
// criteria's weights, sensitivity_criteria, sensitivity and top_k.
void summarise_sensitivity(CommodityResult& result);

}  // namespace oremap::sites
