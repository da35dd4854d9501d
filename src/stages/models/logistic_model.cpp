// Logistic-regression model: deposit cells (label 1) against a seeded random sample of
// background cells (label 0), fitted by IRLS; the probability raster and a coefficients table.
#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "algo/logistic_regression.hpp"
#include "core/error.hpp"
#include "stages/block_engine.hpp"
#include "stages/models/model_steps.hpp"
#include "stages/models/training_deposits.hpp"
#include "stages/sinks/atomic_file.hpp"

namespace oremap::models {

namespace {

struct Sample {
  std::vector<double> features;  // row-major, one row per sample
  std::vector<double> labels;
  std::vector<double> weights;   // deposits in a cell count as that many observations
};

// Candidate background cells in the order the seeded generator draws them (so any thread count
// gives the same fit, and the first n usable ones are a random sample, not the grid's first rows).
std::vector<long long> background_candidates(const Grid& g, std::size_t n, unsigned long long seed,
                                             const DepositCells& deposits) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<long long> cell(0, g.cell_count() - 1);
  std::set<long long> chosen;
  std::vector<long long> order;
  const std::size_t want = std::min<std::size_t>(n * 3, static_cast<std::size_t>(g.cell_count()));
  for (std::size_t tries = 0; order.size() < want && tries < want * 20; ++tries) {
    long long c = cell(rng);
    if (!deposits.count_by_cell.count(c) && chosen.insert(c).second) order.push_back(c);
  }
  return order;
}

Sample draw_sample(const RunContext& ctx, const std::vector<Path>& paths, const DepositCells& deposits,
                   std::size_t background, unsigned long long seed) {
  const std::vector<long long> drawn = background_candidates(ctx.grid, background, seed, deposits);
  std::vector<long long> candidates = drawn;
  std::sort(candidates.begin(), candidates.end());
  const std::size_t k = paths.size();
  // Values of every wanted cell, gathered strip by strip: [cell] -> features (empty if any nodata).
  std::vector<std::vector<std::pair<long long, std::vector<double>>>> parts(strip_count(ctx.grid));
  visit_strips(
      ctx, paths,
      [&](const Strip& s) {
        const long long first = static_cast<long long>(s.row0) * s.cols, last = first + static_cast<long long>(s.cells());
        auto take = [&](long long c) {
          std::size_t i = static_cast<std::size_t>(c - first);
          if (!s.inside(i)) return;
          std::vector<double> x(k);
          for (std::size_t j = 0; j < k; ++j) {
            x[j] = s.inputs[j][i];
            if (std::isnan(x[j])) return;
          }
          parts[s.index].emplace_back(c, std::move(x));
        };
        for (auto it = std::lower_bound(candidates.begin(), candidates.end(), first);
             it != candidates.end() && *it < last; ++it)
          take(*it);
        for (auto it = deposits.count_by_cell.lower_bound(first); it != deposits.count_by_cell.end() && it->first < last;
             ++it)
          take(it->first);
      },
      "sampling training cells");
  std::map<long long, const std::vector<double>*> usable;
  for (const auto& part : parts)
    for (const auto& [cell, x] : part) usable[cell] = &x;
  Sample out;
  auto add = [&](const std::vector<double>& x, double label, double weight) {
    out.features.insert(out.features.end(), x.begin(), x.end());
    out.labels.push_back(label);
    out.weights.push_back(weight);
  };
  for (const auto& [cell, n] : deposits.count_by_cell)
    if (auto it = usable.find(cell); it != usable.end()) add(*it->second, 1.0, n);
  std::size_t n_background = 0;
  for (long long cell : drawn) {
    if (n_background == background) break;
    if (auto it = usable.find(cell); it != usable.end() && !deposits.count_by_cell.count(cell)) {
      add(*it->second, 0.0, 1.0);
      ++n_background;
    }
  }
  return out;
}

}  // namespace

Metadata logistic_regression(const RunContext& ctx, const project::StepSpec& step, const Path& out) {
  const auto inputs = step.strs("inputs");
  std::vector<Path> paths;
  for (const auto& id : inputs) paths.push_back(ctx.raster(id));
  DepositCells deposits = deposit_cells(ctx, step.str("deposits"));
  const auto background = static_cast<std::size_t>(step.num("background", 5000));
  Sample sample = draw_sample(ctx, paths, deposits, background, static_cast<unsigned long long>(step.num("seed", 42)));
  const auto positives = std::count(sample.labels.begin(), sample.labels.end(), 1.0);
  if (positives == 0)
    throw InputError(step.where() + ": no deposit cell has data in every input; check the inputs' nodata");
  algo::LogisticFit fit;
  try {
    fit = algo::fit_logistic(sample.features, inputs.size(), sample.labels, sample.weights);
  } catch (const std::exception& e) {
    throw InputError(step.where() + ": the logistic fit failed: " + e.what());
  }
  if (!fit.converged)
    throw InputError(step.where() + ": the logistic fit did not converge in " + std::to_string(fit.iterations) +
                     " iterations (quasi-separation?); use fewer or smoother inputs, or more background cells");

  std::ostringstream csv;
  csv.precision(10);
  csv << "term,coefficient,std_error,z\n";
  for (std::size_t j = 0; j < fit.coefficients.size(); ++j) {
    double se = fit.standard_errors[j];
    csv << (j == 0 ? "intercept" : inputs[j - 1]) << "," << fit.coefficients[j] << "," << se << ","
        << (se > 0 ? fit.coefficients[j] / se : NAN) << "\n";
  }
  csv << "# samples: " << positives << " deposit cells, " << sample.labels.size() - positives
      << " background cells; log-likelihood " << fit.log_likelihood << "; iterations " << fit.iterations << "\n";
  sinks::write_text_atomically(ctx.project.output_dir / (step.id + "_coefficients.csv"), csv.str());

  map_strips(ctx, paths, out,
             [&](const Strip& s, float* result) {
               std::vector<double> x(paths.size());
               for (std::size_t i = 0; i < s.cells(); ++i) {
                 bool missing = false;
                 for (std::size_t j = 0; j < paths.size(); ++j) missing |= std::isnan(x[j] = s.inputs[j][i]);
                 result[i] = missing ? NAN : static_cast<float>(fit.predict(x.data()));
               }
             },
             step.id);
  std::ostringstream coef;
  for (std::size_t j = 0; j < fit.coefficients.size(); ++j) coef << (j ? "," : "") << fit.coefficients[j];
  return {{"coefficients", coef.str()}, {"background_cells", std::to_string(sample.labels.size() - positives)},
          {"seed", std::to_string(static_cast<long long>(step.num("seed", 42)))}};
}

}  // namespace oremap::models
