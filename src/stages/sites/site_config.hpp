#pragma once
// The typed content of [sites], [[criteria]] and [[exclusions]], checked for the rules the
// schema cannot express (one transform per criterion, weights that sum to more than 0, ...).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "algo/fuzzy.hpp"
#include "core/error.hpp"
#include "project/project.hpp"

namespace oremap::sites {

// Raw criterion value -> score in [0,1]: linear between bounds, or a fuzzy membership.
class Transform {
 public:
  static Transform bounds(double a, double b, bool higher_is_better);
  static Transform fuzzy(algo::FuzzyFunction f, std::string name);

  // NaN (no raw value) stays NaN; the caller decides what a missing value scores.
  double operator()(double raw) const;
  std::string describe() const;  // "linear bounds [0, 50000], lower is better"

 private:
  Transform() = default;
  bool use_bounds_ = true;
  double a_ = 0, b_ = 1;
  bool higher_ = true;
  std::optional<algo::FuzzyFunction> fuzzy_;
  std::string name_;
};

enum class CriterionKind { distance, region, count, zonal };
// What a site without a raw value for a criterion becomes: listed without a rank, scored 0
// on the criterion, or ranked on its other criteria with its score multiplied by 1 - penalty.
enum class MissingRule { unranked, zero, penalty };
enum class RegionStatistic { mean, min, max };
enum class ZonalStatistic { mean, max, min, percentile, coverage, std, std_sample, sum, count };

struct Criterion {
  std::string id;
  CriterionKind kind = CriterionKind::distance;
  std::string kind_name;  // as in the project file
  double weight = 0;      // declared (not normalised)
  Transform transform = Transform::bounds(0, 1, true);
  std::string unit;                      // of the raw value, e.g. "m"
  std::vector<std::string> commodities;  // empty: every commodity
  std::string layer;                     // distance, region, count
  std::string name_field;                // distance: names the nearest feature
  bool geodesic = false;                 // distance
  std::string field;                     // region: attribute; count: summed attribute ("" = count)
  RegionStatistic region_statistic = RegionStatistic::mean;
  double default_value = 0;  // region: raw value in no region
  double radius = 0;         // count
  std::string raster;        // zonal: raster id or "prospectivity"
  ZonalStatistic zonal_statistic = ZonalStatistic::mean;
  double percentile = 90;
  bool all_touched = false;
  MissingRule missing = MissingRule::unranked;
  double missing_penalty = 0.5;  // MissingRule::penalty
  project::Location at;
  project::KeyPositions keys;

  bool applies_to(const std::string& commodity) const;
};

struct Exclusion {
  std::string id;
  std::string layer;
  std::string name_field;         // names the feature in the reason
  double distance = 0;            // metres; 0 = inside (intersects)
  std::optional<double> penalty;  // soft: score *= 1 - penalty
  project::Location at;
  project::KeyPositions keys;
};

struct Commodity {
  std::string name;    // copper, gold, ree
  std::string filter;  // OGR SQL selecting its sites; "" = every site
};

// Defaults of absent keys are declared in project/schema_sites.cpp.
struct SiteConfig {
  std::string layer;
  std::string id_field;  // "" = the feature id
  std::string name_field;
  bool name_declared = false;
  std::vector<Commodity> commodities;
  // [sites] model: commodity -> the model its sites are scored against (absent: the commodity's
  // first [[models]] entry). Checked: a known model of that commodity, for a scored commodity.
  std::vector<std::pair<std::string, std::string>> models;
  double point_radius = 0;
  int draws = 0;
  double concentration = 0;
  std::uint64_t seed = 0;
  int top_k = 0;
  double sensitivity = 0;
  double duplicate_distance = 0;    // m: records with similar names this close are reported
  double duplicate_similarity = 0;  // name similarity in [0, 1] that counts as "similar"
  double same_place = 0;            // m: records this close are reported whatever their names
  bool merge_duplicates = false;    // score each group of duplicates once, as its first record
  std::vector<Criterion> criteria;
  std::vector<Exclusion> exclusions;
  project::Location at;
  project::KeyPositions keys;
};

// The commodities a project may score (the same names [[models]] use).
const std::vector<std::string>& commodity_names();

// The model each commodity's sites are scored against: [sites] model where it names one, else the
// commodity's first [[models]] entry. Commodities without a model are absent. Does not check
// [sites] model (read_site_config does): an entry that is not a model of its commodity is ignored.
std::map<std::string, std::string> scoring_models(const project::Project& project);

// Reads and checks the site-scoring tables. Problems are appended to `problems` (each with the
// project file, line and column); the returned config is meaningful only when none were added.
SiteConfig read_site_config(const project::Project& project, std::vector<Diagnostic>& problems);

}  // namespace oremap::sites
