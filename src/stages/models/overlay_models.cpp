// Knowledge-driven models: weighted overlay and fuzzy overlay of [0,1] evidence.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "algo/fuzzy.hpp"
#include "core/error.hpp"
#include "stages/block_engine.hpp"
#include "stages/models/model_steps.hpp"

namespace oremap::models {

static std::vector<RasterInput> input_paths(const RunContext& ctx, const std::vector<std::string>& ids) {
  std::vector<RasterInput> paths;
  for (const auto& id : ids) paths.push_back(ctx.raster(id));
  return paths;
}

static std::string join(const std::vector<double>& v) {
  std::ostringstream s;
  for (std::size_t i = 0; i < v.size(); ++i) s << (i ? "," : "") << v[i];
  return s.str();
}

Metadata weighted_overlay(RunContext& ctx, const project::StepSpec& step, const Path& out) {
  const auto inputs = step.strs("inputs");
  std::vector<double> w = step.nums("weights");
  if (w.size() != inputs.size())
    throw Error(ExitCode::project, step.where() + ": " + std::to_string(w.size()) + " weights for " +
                                       std::to_string(inputs.size()) + " inputs; give one weight per input");
  const double total = std::accumulate(w.begin(), w.end(), 0.0);
  if (total <= 0) throw Error(ExitCode::project, step.where() + ": the weights sum to 0; give positive weights");
  for (auto& x : w) x /= total;
  std::ostringstream report;
  for (std::size_t i = 0; i < w.size(); ++i) report << (i ? ", " : "") << inputs[i] << " " << w[i];
  ctx.log.info("model " + step.id + ": normalised weights " + report.str());

  const auto constraints = step.strs("constraints");
  const float restricted = step.str("restricted") == "zero" ? 0.0f : NAN;
  std::vector<RasterInput> paths = input_paths(ctx, inputs);
  for (const auto& c : constraints) paths.push_back(ctx.raster(c));
  const std::size_t n = inputs.size();
  const std::size_t n_paths = paths.size();
  model_raster(
      ctx, step.id, paths,
      [w, n, n_paths, restricted](const Strip& s, float* result) {
        // Input by input over runs of cells, so the compiler vectorises the sums; each
        // cell still adds its inputs in declaration order. NaN propagates.
        constexpr std::size_t kRun = 2048;
        double sum[kRun];
        for (std::size_t i0 = 0; i0 < s.cells(); i0 += kRun) {
          const std::size_t m = std::min(kRun, s.cells() - i0);
          std::fill(sum, sum + m, 0.0);
          for (std::size_t k = 0; k < n; ++k) {
            const float* in = s.inputs[k] + i0;
            const double wk = w[k];
            for (std::size_t i = 0; i < m; ++i) sum[i] += wk * in[i];
          }
          for (std::size_t k = n; k < n_paths; ++k)
            for (std::size_t i = 0; i < m; ++i)
              if (s.inputs[k][i0 + i] > 0) sum[i] = restricted;
          for (std::size_t i = 0; i < m; ++i) result[i0 + i] = static_cast<float>(sum[i]);
        }
      },
      out, step.id, inputs);
  return {{"weights_normalised", join(w)}, {"restricted", step.str("restricted")}};
}

Metadata fuzzy_overlay(RunContext& ctx, const project::StepSpec& step, const Path& out) {
  const auto inputs = step.strs("inputs");
  const double gamma = step.num("gamma");
  algo::FuzzyOverlay op = [&] {
    try {
      return algo::FuzzyOverlay::from_name(step.str("operator"), gamma);
    } catch (const std::invalid_argument& e) {
      throw Error(ExitCode::project, step.where() + ": " + e.what());
    }
  }();
  std::vector<RasterInput> paths = input_paths(ctx, inputs);
  const std::size_t n = paths.size();
  model_raster(
      ctx, step.id, paths,
      [op, n](const Strip& s, float* result) {
        std::vector<double> mu(n);
        for (std::size_t i = 0; i < s.cells(); ++i) {
          for (std::size_t k = 0; k < n; ++k) mu[k] = s.inputs[k][i];
          result[i] = static_cast<float>(op(mu));
        }
      },
      out, step.id, inputs);
  Metadata meta{{"operator", step.str("operator")}};
  if (step.str("operator") == "gamma") meta["gamma"] = std::to_string(gamma);
  return meta;
}

}  // namespace oremap::models
