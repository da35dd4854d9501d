// Boosted-trees model (XGBoost): deposit cells (label 1) against a seeded random sample of
// background cells (label 0), drawn as for the logistic model; gradient-boosted trees or a random
// forest; the probability raster and a feature-importance table.
#include <cmath>
#include <memory>
#include <mutex>
#include <sstream>
#include <utility>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/number_text.hpp"
#include "stages/block_engine.hpp"
#include "stages/models/model_steps.hpp"
#include "stages/models/training_sample.hpp"
#include "stages/models/xgboost_booster.hpp"
#include "stages/outputs/output_name.hpp"

namespace oremap::models {

namespace {

// The step's settings, with the defaults that depend on the mode (docs/formulas.md §8).
struct TreeSettings {
  bool forest = false;
  int trees = 0, max_depth = 0;
  double learning_rate = 0, subsample = 0, column_sample = 0;
};

TreeSettings settings(const project::StepSpec& step) {
  TreeSettings s;
  s.forest = step.str("mode") == "random_forest";
  s.trees = static_cast<int>(step.integer("trees"));
  s.max_depth = static_cast<int>(step.integer("max_depth"));
  s.learning_rate = s.forest ? 1.0 : step.num("learning_rate");
  s.subsample = step.has("subsample") ? step.num("subsample") : s.forest ? 0.8 : 1.0;
  s.column_sample = step.has("column_sample") ? step.num("column_sample") : s.forest ? 0.8 : 1.0;
  return s;
}

// XGBoost's parameters. Training runs on one thread whatever --threads says: XGBoost repeats a
// fit bit for bit only on the same number of threads (its histogram sums and row sampling are
// split per thread), and the sample is small. The seed is set again at every round, so a fit does
// not depend on what the process trained before. The trees start from the sample's share of
// deposits (base_score), not from XGBoost's 0.5: from 0.5 the gradients of a few deposits among
// thousands of background cells are swamped by the shift towards that share, and a random
// forest (one round) finds no split worth its cost. From that share every hessian is about the
// share itself, so XGBoost's minimum hessian per leaf (min_child_weight 1) would forbid any leaf
// of fewer than 1 / share cells: 0 here, the depth and lambda = 1 bound the trees instead.
std::vector<std::pair<std::string, std::string>> parameters(const TreeSettings& s, std::int64_t seed,
                                                            double deposit_share) {
  return {{"objective", "binary:logistic"},
          {"base_score", shortest_text(deposit_share)},
          {"min_child_weight", "0"},
          {"tree_method", "hist"},
          {"max_depth", std::to_string(s.max_depth)},
          {"eta", shortest_text(s.learning_rate)},
          {"subsample", shortest_text(s.subsample)},
          {"colsample_bynode", shortest_text(s.column_sample)},
          {"num_parallel_tree", std::to_string(s.forest ? s.trees : 1)},
          {"seed", std::to_string(seed)},
          {"seed_per_iteration", "1"},
          {"nthread", "1"},
          {"verbosity", "0"}};
}

// The fitted trees, shared by the strips that predict with them; XGBoost predicts one strip at a
// time (its C API promises no concurrent use of one booster).
struct Forest {
  explicit Forest(xgb::Booster b) : booster(std::move(b)) {}
  xgb::Booster booster;
  std::mutex busy;
};

// <id>_importance.csv: per input, the total gain of its splits, the mean gain per split, the
// number of splits and its share of the total gain; 0 for an input no tree splits on.
std::string importance_csv(const xgb::Booster& booster, const std::vector<std::string>& inputs,
                           const TrainingSample& sample, std::string& summary) {
  const auto total = booster.feature_scores("total_gain"), mean = booster.feature_scores("gain"),
             splits = booster.feature_scores("weight");
  double sum = 0;
  for (const auto& [j, g] : total) sum += g;
  auto at = [](const std::map<std::size_t, double>& m, std::size_t j) {
    auto it = m.find(j);
    return it == m.end() ? 0.0 : it->second;
  };
  std::ostringstream csv;
  // The sample's size on every row (fit_columns); the settings are in the COG's metadata.
  csv << "input,total_gain,gain,splits,share_of_gain," << fit_columns_header(2) << "\n";
  const std::string sample_columns =
      std::to_string(sample.deposit_cells) + "," + std::to_string(sample.background_cells);
  for (std::size_t j = 0; j < inputs.size(); ++j) {
    const double share = sum > 0 ? at(total, j) / sum : 0;
    // XGBoost's scores are floats: 9 significant digits give each back exactly.
    csv << inputs[j] << "," << significant_text(at(total, j), 9) << "," << significant_text(at(mean, j), 9) << ","
        << significant_text(at(splits, j), 9) << "," << significant_text(share, 9) << "," << sample_columns << "\n";
    summary += (j ? "," : "") + inputs[j] + ":" + significant_text(at(total, j), 9);
  }
  return csv.str();
}

// Fills `result` for one strip: the probability of each cell with data in every input, NaN
// elsewhere. Rows are predicted independently, so the strip's split does not change a value.
void predict_strip(Forest& forest, std::size_t n, const Strip& s, float* result) {
  std::vector<float> rows;
  std::vector<std::size_t> cells;
  for (std::size_t i = 0; i < s.cells(); ++i) {
    bool missing = !s.inside(i);
    for (std::size_t j = 0; j < n && !missing; ++j) missing = std::isnan(s.inputs[j][i]);
    result[i] = NAN;
    if (missing) continue;
    for (std::size_t j = 0; j < n; ++j) rows.push_back(s.inputs[j][i]);
    cells.push_back(i);
  }
  std::vector<float> p(cells.size());
  {
    std::lock_guard<std::mutex> lock(forest.busy);
    forest.booster.predict(rows.data(), cells.size(), n, p.data());
  }
  for (std::size_t k = 0; k < cells.size(); ++k) result[cells[k]] = p[k];
}

}  // namespace

Metadata boosted_trees(RunContext& ctx, const project::StepSpec& step, const Path& out) {
  const auto inputs = step.strs("inputs");
  const TrainingData training = training_data(ctx, step);
  const TrainingSample& sample = training.sample;
  const TreeSettings s = settings(step);
  if (sample.background_cells == 0)
    throw InputError(step.where() +
                     ": no background cell with data in every input lies in the study area; the trees "
                     "need cells without deposits to compare with");

  // The sample's values came from Float32 strips: back to float exactly.
  const std::vector<float> features(sample.features.begin(), sample.features.end()),
      labels(sample.labels.begin(), sample.labels.end()), weights(sample.weights.begin(), sample.weights.end());
  const xgb::DMatrix train = xgb::training_matrix(features, inputs.size(), labels, weights);
  double deposit_weight = 0, total_weight = 0;
  for (std::size_t i = 0; i < sample.labels.size(); ++i) {
    deposit_weight += sample.labels[i] * sample.weights[i];
    total_weight += sample.weights[i];
  }
  const double share = deposit_weight / total_weight;
  auto forest = std::make_shared<Forest>(xgb::Booster(train, parameters(s, step.integer("seed"), share)));
  const int rounds = s.forest ? 1 : s.trees;
  for (int iter = 0; iter < rounds; ++iter) forest->booster.update(iter, train);

  std::string summary;
  const std::string importance = importance_csv(forest->booster, inputs, sample, summary);
  ctx.ranks->on_root([&] {
    write_text_atomically(output_path(ctx.project.output_dir, step.id, "_importance.csv", "models.id"), importance);
  });

  const std::size_t n = inputs.size();
  model_raster(
      ctx, step.id, training.rasters,
      [forest, n](const Strip& strip, float* result) { predict_strip(*forest, n, strip, result); }, out, step.id);
  return {{"mode", s.forest ? "random_forest" : "boosting"},
          {"trees", std::to_string(s.trees)},
          {"max_depth", std::to_string(s.max_depth)},
          {"learning_rate", shortest_text(s.learning_rate)},
          {"subsample", shortest_text(s.subsample)},
          {"column_sample", shortest_text(s.column_sample)},
          {"importance_total_gain", summary},
          {"background_cells", std::to_string(sample.background_cells)},
          {"seed", std::to_string(step.integer("seed"))},
          {"xgboost_version", xgb::version()}};
}

}  // namespace oremap::models
