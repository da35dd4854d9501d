#pragma once
// Candidate records that look like one site listed twice: sources merged into one layer often
// repeat an occurrence under the same or a slightly different name, a few hundred metres or a
// few kilometres apart (the demo lists Khanneshin three times). Pure geometry on points and
// text on names: no GEOS, no GDAL.
#include <cstddef>
#include <string>
#include <vector>

namespace oremap::sites {

// 1 - (edit distance / longer length) of the two names after keeping only letters and digits,
// lower-cased ("Loe-Shilman" and "loe shilman" are 1). 0 when either is empty after that.
double name_similarity(const std::string& a, const std::string& b);

struct DuplicateRules {
  double distance = 0;    // m: similar names this close look like one site
  double similarity = 1;  // name_similarity at or above which two names are similar
  double same_place = 0;  // m: records this close look like one site whatever their names
};

// One record of the site list: its representative point, and its name ("" = unnamed, matched
// by place only).
struct SiteRecord {
  double x = 0, y = 0;
  std::string name;
};

// Groups of records that look like one site: the connected components of the pairs that satisfy
// the rules, each group in list order (its first record is the one kept on merging), groups
// ordered by their first record. Records alone are not listed. Bins the points on a grid of the
// larger distance, so the cost grows with the records, not their square.
std::vector<std::vector<std::size_t>> duplicate_groups(const std::vector<SiteRecord>& records,
                                                       const DuplicateRules& rules);

}  // namespace oremap::sites
