// Logistic-regression model: deposit cells (label 1) against a seeded random sample of
// background cells (label 0), fitted by IRLS; the probability raster and a coefficients table.
#include <cmath>
#include <sstream>

#include "algo/logistic_regression.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/number_text.hpp"
#include "stages/block_engine.hpp"
#include "stages/models/model_steps.hpp"
#include "stages/models/training_sample.hpp"
#include "stages/outputs/output_name.hpp"

namespace oremap::models {

Metadata logistic_regression(RunContext& ctx, const project::StepSpec& step, const Path& out) {
  const auto inputs = step.strs("inputs");
  const TrainingData training = training_data(ctx, step);
  const std::vector<RasterInput>& paths = training.rasters;
  const TrainingSample& sample = training.sample;
  const auto positives = sample.deposit_cells;
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

  // The sample and the fit's figures: columns repeated on every row (models::fit_columns).
  std::ostringstream whole_fit;
  whole_fit.precision(10);
  whole_fit << positives << "," << sample.background_cells << "," << fit.log_likelihood << ","
            << fit.null_log_likelihood << "," << fit.aic() << "," << fit.mcfadden_r2() << "," << fit.iterations;
  std::ostringstream csv;
  csv.precision(10);
  csv << "term,coefficient,std_error,z," << fit_columns_header(fit_columns().size()) << "\n";
  for (std::size_t j = 0; j < fit.coefficients.size(); ++j) {
    double se = fit.standard_errors[j];
    csv << (j == 0 ? "intercept" : inputs[j - 1]) << "," << fit.coefficients[j] << "," << se << ","
        << (se > 0 ? fit.coefficients[j] / se : NAN) << "," << whole_fit.str() << "\n";
  }
  ctx.ranks->on_root([&] {
    write_text_atomically(output_path(ctx.project.output_dir, step.id, "_coefficients.csv", "models.id"), csv.str());
  });

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
          {"background_cells", std::to_string(sample.background_cells)},
          {"log_likelihood", significant_text(fit.log_likelihood, 10)},
          {"null_log_likelihood", significant_text(fit.null_log_likelihood, 10)},
          {"aic", significant_text(fit.aic(), 10)},
          {"mcfadden_r2", significant_text(fit.mcfadden_r2(), 6)},
          {"seed", std::to_string(step.integer("seed"))}};
}

}  // namespace oremap::models
