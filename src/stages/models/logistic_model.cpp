// Logistic-regression model: deposit cells (label 1) against a seeded random sample of
// background cells (label 0), fitted by IRLS; the probability raster and a coefficients table.
#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "algo/logistic_regression.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/number_text.hpp"
#include "stages/block_engine.hpp"
#include "stages/models/model_steps.hpp"
#include "stages/models/training_deposits.hpp"
#include "stages/outputs/output_name.hpp"

namespace oremap::models {

namespace {

struct Sample {
  std::vector<double> features;  // row-major, one row per sample
  std::vector<double> labels;
  std::vector<double> weights;  // deposits in a cell count as that many observations
};

// Candidate background cells in the order the seeded generator draws them (so any thread count
// gives the same fit, and the first n usable ones are a random sample, not the grid's first rows).
// A longer list starts with the shorter one: the same seed draws the same cells first.
std::vector<long long> background_candidates(const Grid& g, std::size_t count, unsigned long long seed,
                                             const DepositCells& deposits) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<long long> cell(0, g.cell_count() - 1);
  std::set<long long> chosen;
  std::vector<long long> order;
  const std::size_t want = std::min<std::size_t>(count, static_cast<std::size_t>(g.cell_count()));
  for (std::size_t tries = 0; order.size() < want && tries < want * 20; ++tries) {
    long long c = cell(rng);
    if (!deposits.count_by_cell.count(c) && chosen.insert(c).second) order.push_back(c);
  }
  return order;
}

Sample draw_sample(const RunContext& ctx, const std::vector<RasterInput>& paths, const DepositCells& deposits,
                   std::size_t background, std::size_t candidates_wanted, unsigned long long seed) {
  const std::vector<long long> drawn = background_candidates(ctx.grid, candidates_wanted, seed, deposits);
  std::vector<long long> candidates = drawn;
  std::sort(candidates.begin(), candidates.end());
  const std::size_t k = paths.size();
  // Values of every wanted cell, gathered strip by strip: [cell] -> features (empty if any nodata).
  std::vector<std::vector<std::pair<long long, std::vector<double>>>> parts(strip_count(ctx.grid));
  visit_strips(
      ctx, paths,
      [&](const Strip& s) {
        const long long first = static_cast<long long>(s.row0) * s.cols,
                        last = first + static_cast<long long>(s.cells());
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
        for (auto it = deposits.count_by_cell.lower_bound(first);
             it != deposits.count_by_cell.end() && it->first < last; ++it)
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

Metadata logistic_regression(RunContext& ctx, const project::StepSpec& step, const Path& out) {
  const auto inputs = step.strs("inputs");
  std::vector<RasterInput> paths;
  for (const auto& id : inputs) paths.push_back(ctx.raster(id));
  DepositCells deposits = deposit_cells(ctx, step.str("deposits"));
  const auto background = static_cast<std::size_t>(step.num("background"));
  const auto seed = static_cast<unsigned long long>(step.integer("seed"));  // exact: >= 0 by the schema
  // Candidates fall anywhere on the grid; those outside the study area or without data in every
  // input are skipped. Three per wanted cell usually suffice; when the usable part of the grid
  // is small, draw again with as many as its measured share calls for.
  const auto cells = static_cast<std::size_t>(ctx.grid.cell_count());
  std::size_t candidates = std::min(cells, background * 3);
  Sample sample = draw_sample(ctx, paths, deposits, background, candidates, seed);
  auto drawn_background = [&] {
    return static_cast<std::size_t>(std::count(sample.labels.begin(), sample.labels.end(), 0.0));
  };
  // At most 50 candidates per wanted cell, so a nearly empty study area costs bounded memory.
  const std::size_t most = std::min(cells, background * 50);
  for (int attempt = 0; attempt < 3 && drawn_background() < background && candidates < most; ++attempt) {
    const double usable_share = std::max<double>(1, drawn_background()) / candidates;
    candidates = std::min(most, static_cast<std::size_t>(1.5 * background / usable_share) + 1);
    sample = draw_sample(ctx, paths, deposits, background, candidates, seed);
  }
  if (drawn_background() < background)
    ctx.log.warn(step.where() + ": only " + std::to_string(drawn_background()) + " of the " +
                 std::to_string(background) +
                 " background cells asked for lie in the study area with data in every "
                 "input; the fit uses those");
  const auto positives = std::count(sample.labels.begin(), sample.labels.end(), 1.0);
  if (positives == 0)
    throw InputError(step.where() + ": no deposit cell has data in every input; check the inputs' nodata");
  // Name the predictors that make the fit impossible, before the fit says only "singular".
  if (const auto redundant = algo::redundant_predictors(sample.features, inputs.size(), sample.weights);
      !redundant.empty()) {
    std::string what;
    for (const auto& r : redundant) {
      what += what.empty() ? "" : "; ";
      if (r.with.empty()) {
        what += "'" + inputs[r.index] + "' is constant over the sampled cells (it duplicates the intercept)";
        continue;
      }
      std::string partners;
      for (std::size_t j : r.with) partners += (partners.empty() ? "'" : ", '") + inputs[j] + "'";
      what += "'" + inputs[r.index] + "' is a linear combination of " + partners + " (and the intercept)";
    }
    throw InputError(step.where() + ": the logistic fit is impossible: " + what +
                     "; drop the redundant inputs from `inputs`");
  }
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
      << " background cells; log-likelihood " << fit.log_likelihood << "; null log-likelihood "
      << fit.null_log_likelihood << "; AIC " << fit.aic() << "; McFadden pseudo-R2 " << fit.mcfadden_r2()
      << "; iterations " << fit.iterations << "\n";
  write_text_atomically(output_path(ctx.project.output_dir, step.id, "_coefficients.csv", "models.id"), csv.str());

  const std::size_t n = paths.size();
  model_raster(
      ctx, step.id, paths,
      [fit, n](const Strip& s, float* result) {
        std::vector<double> x(n);
        for (std::size_t i = 0; i < s.cells(); ++i) {
          bool missing = false;
          for (std::size_t j = 0; j < n; ++j) missing |= std::isnan(x[j] = s.inputs[j][i]);
          result[i] = missing ? NAN : static_cast<float>(fit.predict(x.data()));
        }
      },
      out, step.id);
  std::ostringstream coef;
  for (std::size_t j = 0; j < fit.coefficients.size(); ++j) coef << (j ? "," : "") << fit.coefficients[j];
  return {{"coefficients", coef.str()},
          {"background_cells", std::to_string(sample.labels.size() - positives)},
          {"log_likelihood", significant_text(fit.log_likelihood, 10)},
          {"null_log_likelihood", significant_text(fit.null_log_likelihood, 10)},
          {"aic", significant_text(fit.aic(), 10)},
          {"mcfadden_r2", significant_text(fit.mcfadden_r2(), 6)},
          {"seed", std::to_string(step.integer("seed"))}};
}

}  // namespace oremap::models
