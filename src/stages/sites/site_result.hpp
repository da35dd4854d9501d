#pragma once
// The scored, ranked site table of each commodity, with every figure the site sinks write.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace oremap::sites {

// One criterion as used for a commodity.
struct CriterionColumn {
  std::string id;
  std::string kind;       // distance, region, count, zonal
  std::string unit;       // of the raw value
  std::string transform;  // "bounds [0, 50000], lower is better"
  double declared_weight = 0;
  double weight = 0;  // normalised over the commodity's criteria (sum 1)
};

struct CriterionCell {
  double raw = 0;           // NaN: no value
  std::string feature;      // nearest feature, region(s), cells used
  double score = 0;         // transform(raw) in [0, 1]; 0 when raw is missing
  double contribution = 0;  // weight * score (the weight renormalised when a `penalty` criterion is missing)
  bool missing = false;     // raw is missing; the criterion's `missing` rule decided the rest
};

// Where a site stands: ranked; listed without a rank because a criterion has no value
// (`missing = "unranked"`); or excluded by a hard exclusion.
enum class SiteStatus { ranked, unranked, excluded };
inline const char* status_name(SiteStatus s) {
  return s == SiteStatus::ranked ? "ranked" : s == SiteStatus::unranked ? "unranked" : "excluded";
}

// A candidate record that looks like another one of the same commodity (a similar name
// nearby, or the same place), reported in sites_<c>_duplicates.csv and merged on request.
struct DuplicateRecord {
  std::string id, name;
  double distance = 0;    // metres to the group's first record
  double similarity = 1;  // of its name to the first record's, in [0, 1]
  bool kept = true;       // false: merged into the first record and not scored
};
using DuplicateGroup = std::vector<DuplicateRecord>;  // the first record is the one kept on merging

struct SiteRow {
  std::string id;
  std::string name;
  std::string wkb;      // geometry in the grid CRS
  double x = 0, y = 0;  // representative point in the grid CRS (the point, or a point on the polygon)
  double lon = 0, lat = 0;
  std::vector<CriterionCell> cells;  // one per CriterionColumn
  double score = 0;                  // penalty_factor * sum of contributions
  double penalty_factor = 1;
  int rank = 0;  // 1 = best; 0 = not ranked (status unranked or excluded)
  SiteStatus status = SiteStatus::ranked;
  bool excluded = false;               // status == excluded
  std::vector<std::string> reasons;    // why the site is not ranked: hard exclusions, then missing values
  std::vector<std::string> penalties;  // soft penalties applied
  std::vector<std::string> flags;      // notes: default values used, boundaries, nodata
  double rank_mean = 0;                // Monte-Carlo (NaN when excluded or no draws)
  int rank_p05 = 0, rank_p95 = 0;
  double p_top = 0;
  std::vector<int> rank_minus, rank_plus;  // per sensitivity criterion
  int max_rank_change = 0;                 // largest |rank_minus - rank|, |rank_plus - rank|; 0 when excluded
};

// How the ranks moved when one criterion's weight was lowered or raised by the sensitivity
// fraction (counted over the ranked sites).
struct SensitivityRow {
  std::size_t criterion = 0;  // index into criteria
  int direction = 0;          // -1 lowered, +1 raised
  double new_weight = 0;      // the criterion's normalised weight after the change
  int sites_changed = 0;
  int max_rank_change = 0;
  double mean_abs_rank_change = 0;  // 0 when no site is ranked
  bool top_k_unchanged = true;      // the top k stayed the same set
  std::string rank1_id;             // the new rank-1 site ("" when none)
};

struct CommodityResult {
  std::string commodity;
  std::vector<CriterionColumn> criteria;
  std::vector<SiteRow> rows;                        // by rank; then unranked, then excluded, in tie-break order
  std::vector<DuplicateGroup> duplicates;           // possible duplicate records of this commodity
  std::vector<std::size_t> sensitivity_criteria;    // indices into criteria, perturbed one at a time
  std::vector<SensitivityRow> sensitivity_summary;  // per sensitivity criterion: lowered, then raised
  double sensitivity = 0.2;                         // fraction
  int top_k = 5;
  int draws = 0;
  double concentration = 0;
  std::uint64_t seed = 0;
};

}  // namespace oremap::sites
