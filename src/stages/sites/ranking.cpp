#include "stages/sites/ranking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/error.hpp"
#include "core/parallel_for.hpp"

namespace oremap::sites {

Random::Random(std::uint64_t seed, std::uint64_t stream) {
  std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                    static_cast<std::uint32_t>(stream), static_cast<std::uint32_t>(stream >> 32)};
  gen_.seed(seq);
}

double Random::uniform() {
  // 53 random bits, offset by half a step: never exactly 0 or 1.
  return (static_cast<double>(gen_() >> 11) + 0.5) * 0x1.0p-53;
}

double Random::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u = 0, v = 0, s = 0;
  do {
    u = 2.0 * uniform() - 1.0;
    v = 2.0 * uniform() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double f = std::sqrt(-2.0 * std::log(s) / s);
  spare_ = v * f;
  has_spare_ = true;
  return u * f;
}

double Random::gamma(double shape) {
  if (shape < 1.0) {
    // Gamma(a) = Gamma(a + 1) * U^(1/a) (Marsaglia & Tsang 2000, section 6).
    const double g = gamma(shape + 1.0);
    return g * std::pow(uniform(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x = 0, v = 0;
    do {
      x = normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = uniform();
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
  }
}

std::vector<double> Random::dirichlet(const std::vector<double>& alpha) {
  std::vector<double> g(alpha.size(), 0.0);
  double sum = 0;
  for (std::size_t i = 0; i < alpha.size(); ++i) {
    if (alpha[i] > 0) g[i] = gamma(alpha[i]);
    sum += g[i];
  }
  if (!(sum > 0)) return normalise(alpha);  // every draw underflowed (tiny concentration)
  for (double& x : g) x /= sum;
  return g;
}

double ScoreTable::total(std::size_t site, const std::vector<double>& weights) const {
  const double* s = &scores[site * criteria];
  double sum = 0;
  if (absent.empty() ||
      std::none_of(&absent[site * criteria], &absent[site * criteria] + criteria, [](char a) { return a != 0; })) {
    for (std::size_t i = 0; i < criteria; ++i) sum += weights[i] * s[i];
    return factor[site] * sum;
  }
  // Renormalised per call: Monte-Carlo and sensitivity change the weights.
  const char* a = &absent[site * criteria];
  double present = 0;
  for (std::size_t i = 0; i < criteria; ++i)
    if (!a[i]) {
      sum += weights[i] * s[i];
      present += weights[i];
    }
  return present > 0 ? factor[site] * sum / present : 0.0;
}

std::vector<double> normalise(std::vector<double> weights) {
  double sum = 0;
  for (double w : weights) sum += w;
  if (!(sum > 0)) return weights;  // all zero: every site scores 0 and ties
  for (double& w : weights) w /= sum;
  return weights;
}

namespace {

struct Key {
  std::int64_t score;  // total rounded to 1e-12
  std::size_t tie;
  std::uint32_t site;
};

// Ranks into `out` (size table.sites); `keys` is scratch space.
void rank_into(const ScoreTable& t, const std::vector<double>& weights, std::vector<Key>& keys, int* out) {
  keys.clear();
  for (std::size_t j = 0; j < t.sites; ++j) {
    out[j] = 0;
    if (!t.excluded[j])
      keys.push_back({std::llround(t.total(j, weights) * 1e12), t.tie_order[j], static_cast<std::uint32_t>(j)});
  }
  std::sort(keys.begin(), keys.end(),
            [](const Key& a, const Key& b) { return a.score != b.score ? a.score > b.score : a.tie < b.tie; });
  for (std::size_t r = 0; r < keys.size(); ++r) out[keys[r].site] = static_cast<int>(r + 1);
}

}  // namespace

std::vector<int> rank_sites(const ScoreTable& table, const std::vector<double>& weights) {
  std::vector<int> ranks(table.sites, 0);
  std::vector<Key> keys;
  rank_into(table, weights, keys, ranks.data());
  return ranks;
}

Uncertainty monte_carlo(const ScoreTable& table, const std::vector<double>& weights, double concentration, int draws,
                        std::uint64_t seed, int top_k, int threads) {
  const std::size_t n = table.sites;
  Uncertainty u;
  u.mean_rank.assign(n, std::numeric_limits<double>::quiet_NaN());
  u.p05.assign(n, 0);
  u.p95.assign(n, 0);
  u.p_top.assign(n, std::numeric_limits<double>::quiet_NaN());
  if (draws <= 0 || n == 0) return u;
  const std::size_t N = static_cast<std::size_t>(draws);
  if (N * n > (std::size_t{1} << 29))
    throw InputError("sites: " + std::to_string(N) + " Monte-Carlo draws x " + std::to_string(n) +
                     " sites need more than 2 GiB for the ranks; lower [sites] draws");
  std::vector<double> alpha = normalise(weights);
  for (double& a : alpha) a *= concentration;
  std::vector<int> ranks(N * n);
  parallel_for(N, threads, 4, [&](std::size_t begin, std::size_t end) {
    std::vector<Key> keys;
    for (std::size_t d = begin; d < end; ++d) {
      Random rng(seed, d);
      rank_into(table, rng.dirichlet(alpha), keys, &ranks[d * n]);
    }
  });
  parallel_for(n, threads, 256, [&](std::size_t begin, std::size_t end) {
    std::vector<int> r(N);
    for (std::size_t j = begin; j < end; ++j) {
      if (table.excluded[j]) continue;
      double sum = 0;
      std::size_t top = 0;
      for (std::size_t d = 0; d < N; ++d) {
        r[d] = ranks[d * n + j];
        sum += r[d];
        if (r[d] <= top_k) ++top;
      }
      std::sort(r.begin(), r.end());
      // Nearest-rank percentile: the ceil(p N)-th smallest.
      auto at = [&](double p) { return r[static_cast<std::size_t>(std::max(1.0, std::ceil(p * N))) - 1]; };
      u.mean_rank[j] = sum / static_cast<double>(N);
      u.p05[j] = at(0.05);
      u.p95[j] = at(0.95);
      u.p_top[j] = static_cast<double>(top) / static_cast<double>(N);
    }
  });
  return u;
}

Sensitivity one_at_a_time(const ScoreTable& table, const std::vector<double>& weights, double change, int threads) {
  Sensitivity s;
  for (std::size_t i = 0; i < weights.size(); ++i)
    if (weights[i] > 0) s.criteria.push_back(i);
  s.minus.assign(s.criteria.size(), {});
  s.plus.assign(s.criteria.size(), {});
  parallel_for(2 * s.criteria.size(), threads, 1, [&](std::size_t begin, std::size_t end) {
    for (std::size_t task = begin; task < end; ++task) {
      const std::size_t k = task / 2;
      std::vector<double> w = weights;
      w[s.criteria[k]] *= task % 2 ? 1.0 + change : 1.0 - change;
      (task % 2 ? s.plus : s.minus)[k] = rank_sites(table, normalise(w));
    }
  });
  return s;
}

}  // namespace oremap::sites
