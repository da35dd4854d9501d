#pragma once
// Scores, ranks, Monte-Carlo rank uncertainty and one-at-a-time weight sensitivity of the sites
// of one commodity. Pure arithmetic on a table of criterion scores: no GEOS, no GDAL.
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace oremap::sites {

// Portable random numbers: std::mt19937_64 (its output sequence is fixed by the C++ standard)
// with uniform, normal and gamma transforms written here, because the std distributions differ
// between standard libraries. Stream `stream` of seed `seed` is seeded through std::seed_seq
// (also fixed by the standard), so draw d gets the same numbers whichever thread makes it.
class Random {
 public:
  Random(std::uint64_t seed, std::uint64_t stream);
  double uniform();            // in (0, 1)
  double normal();             // N(0, 1), Marsaglia's polar method
  double gamma(double shape);  // Gamma(shape, 1), Marsaglia & Tsang (2000); shape > 0
  // Dirichlet(alpha): independent Gamma(alpha_i) draws over their sum. alpha_i = 0 gives 0.
  std::vector<double> dirichlet(const std::vector<double>& alpha);

 private:
  std::mt19937_64 gen_;
  bool has_spare_ = false;
  double spare_ = 0;
};

// The criterion scores of one commodity's sites.
struct ScoreTable {
  std::size_t sites = 0;
  std::size_t criteria = 0;
  std::vector<double> scores;          // sites x criteria, row-major, each in [0, 1]
  std::vector<double> factor;          // per site: soft-penalty multiplier (1 = none)
  std::vector<char> excluded;          // per site: 1 = not ranked (excluded, or unranked for a missing value)
  std::vector<std::size_t> tie_order;  // per site: its place when scores tie (0 = first)
  std::vector<char> absent;            // sites x criteria: 1 = left out of the site's score; empty = none

  // factor * sum_i weights_i * scores_i, the sum over the criteria the site has, their weights
  // divided by their sum when some are absent (0 when every weighted criterion is absent).
  double total(std::size_t site, const std::vector<double>& weights) const;
};

// Weights divided by their sum (which must be > 0).
std::vector<double> normalise(std::vector<double> weights);

// Ranks 1..k of the non-excluded sites by total score, highest first; excluded sites get 0.
// Scores are compared rounded to 1e-12 so that sums differing only in their last bits tie;
// ties go to the lower tie_order.
std::vector<int> rank_sites(const ScoreTable& table, const std::vector<double>& weights);

struct Uncertainty {
  std::vector<double> mean_rank;  // per site (NaN when excluded)
  std::vector<int> p05, p95;      // nearest-rank 5th and 95th percentiles of the rank (0 when excluded)
  std::vector<double> p_top;      // share of draws with rank <= top_k
};

// Ranks under `draws` weight vectors drawn from Dirichlet(concentration * w), w = normalise(weights).
// Deterministic for a seed, whatever the thread count. Throws InputError if the ranks of every
// draw would not fit in 2 GiB.
Uncertainty monte_carlo(const ScoreTable& table, const std::vector<double>& weights, double concentration, int draws,
                        std::uint64_t seed, int top_k, int threads);

// One-at-a-time sensitivity: for each criterion with a weight > 0, the ranks when its weight
// is multiplied by (1 - change) and by (1 + change), the others unchanged, then renormalised.
struct Sensitivity {
  std::vector<std::size_t> criteria;    // the criteria perturbed
  std::vector<std::vector<int>> minus;  // [k][site]: ranks with criteria[k] lowered
  std::vector<std::vector<int>> plus;   // [k][site]: ranks with criteria[k] raised
};
Sensitivity one_at_a_time(const ScoreTable& table, const std::vector<double>& weights, double change, int threads);

}  // namespace oremap::sites
