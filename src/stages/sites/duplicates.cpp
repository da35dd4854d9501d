#include "stages/sites/duplicates.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <unordered_map>

namespace oremap::sites {

namespace {

std::string letters_and_digits(const std::string& s) {
  std::string out;
  for (unsigned char c : s)
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
  return out;
}

// Levenshtein distance, one row of the table at a time.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

class UnionFind {
 public:
  explicit UnionFind(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), std::size_t{0}); }
  std::size_t find(std::size_t i) {
    while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
    return i;
  }
  void join(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);  // the root is the group's first record
  }

 private:
  std::vector<std::size_t> parent_;
};

std::uint64_t bin_key(std::int64_t col, std::int64_t row) {
  return (static_cast<std::uint64_t>(col) << 32) ^ static_cast<std::uint64_t>(row & 0xffffffff);
}

}  // namespace

double name_similarity(const std::string& a, const std::string& b) {
  const std::string x = letters_and_digits(a), y = letters_and_digits(b);
  if (x.empty() || y.empty()) return 0;
  return 1.0 - static_cast<double>(edit_distance(x, y)) / static_cast<double>(std::max(x.size(), y.size()));
}

std::vector<std::vector<std::size_t>> duplicate_groups(const std::vector<SiteRecord>& records,
                                                       const DuplicateRules& rules) {
  const double reach = std::max(rules.distance, rules.same_place);
  const double bin = reach > 0 ? reach : 1.0;
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> bins;
  auto col = [&](double x) { return static_cast<std::int64_t>(std::floor(x / bin)); };
  for (std::size_t i = 0; i < records.size(); ++i) bins[bin_key(col(records[i].x), col(records[i].y))].push_back(i);

  UnionFind groups(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    const SiteRecord& a = records[i];
    const std::int64_t c = col(a.x), r = col(a.y);
    for (std::int64_t dc = -1; dc <= 1; ++dc)
      for (std::int64_t dr = -1; dr <= 1; ++dr) {
        auto it = bins.find(bin_key(c + dc, r + dr));
        if (it == bins.end()) continue;
        for (std::size_t j : it->second) {
          if (j <= i) continue;
          const SiteRecord& b = records[j];
          const double d = std::hypot(a.x - b.x, a.y - b.y);
          if (d <= rules.same_place || (d <= rules.distance && name_similarity(a.name, b.name) >= rules.similarity))
            groups.join(i, j);
        }
      }
  }
  std::unordered_map<std::size_t, std::vector<std::size_t>> by_root;
  for (std::size_t i = 0; i < records.size(); ++i) by_root[groups.find(i)].push_back(i);
  std::vector<std::vector<std::size_t>> out;
  for (auto& [root, members] : by_root)
    if (members.size() > 1) out.push_back(std::move(members));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.front() < b.front(); });
  return out;
}

}  // namespace oremap::sites
