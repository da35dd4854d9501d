#include "stages/models/training_sample.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>

#include "core/error.hpp"
#include "stages/block_engine.hpp"

namespace oremap::models {

namespace {

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

TrainingSample draw_sample(const RunContext& ctx, const std::vector<RasterInput>& paths, const DepositCells& deposits,
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
  share_strip_parts(
      ctx, parts, "training sample",
      [](ByteWriter& w, const std::vector<std::pair<long long, std::vector<double>>>& part) {
        w.put(static_cast<std::uint64_t>(part.size()));
        for (const auto& [cell, x] : part) w.put(cell).put(x);
      },
      [](ByteReader& r, std::vector<std::pair<long long, std::vector<double>>>& part) {
        std::uint64_t n = 0;
        r.get(n);
        part.resize(n);
        for (auto& [cell, x] : part) {
          r.get(cell);
          r.get(x);
        }
      });
  std::map<long long, const std::vector<double>*> usable;
  for (const auto& part : parts)
    for (const auto& [cell, x] : part) usable[cell] = &x;
  TrainingSample out;
  auto add = [&](const std::vector<double>& x, double label, double weight) {
    out.features.insert(out.features.end(), x.begin(), x.end());
    out.labels.push_back(label);
    out.weights.push_back(weight);
  };
  for (const auto& [cell, n] : deposits.count_by_cell)
    if (auto it = usable.find(cell); it != usable.end()) {
      add(*it->second, 1.0, n);
      ++out.deposit_cells;
    }
  for (long long cell : drawn) {
    if (out.background_cells == background) break;
    if (auto it = usable.find(cell); it != usable.end() && !deposits.count_by_cell.count(cell)) {
      add(*it->second, 0.0, 1.0);
      ++out.background_cells;
    }
  }
  return out;
}

}  // namespace

TrainingData training_data(const RunContext& ctx, const project::StepSpec& step) {
  std::vector<RasterInput> inputs;
  for (const auto& id : step.strs("inputs")) inputs.push_back(ctx.raster(id));
  const DepositCells deposits = deposit_cells(ctx, step.str("deposits"));
  const auto background = static_cast<std::size_t>(step.num("background"));
  const auto seed = static_cast<unsigned long long>(step.integer("seed"));  // exact: >= 0 by the schema
  // Candidates fall anywhere on the grid; those outside the study area or without data in every
  // input are skipped. Three per wanted cell usually suffice; when the usable part of the grid
  // is small, draw again with as many as its measured share calls for.
  const auto cells = static_cast<std::size_t>(ctx.grid.cell_count());
  std::size_t candidates = std::min(cells, background * 3);
  TrainingSample sample = draw_sample(ctx, inputs, deposits, background, candidates, seed);
  // At most 50 candidates per wanted cell, so a nearly empty study area costs bounded memory.
  const std::size_t most = std::min(cells, background * 50);
  for (int attempt = 0; attempt < 3 && sample.background_cells < background && candidates < most; ++attempt) {
    const double usable_share = std::max<double>(1, sample.background_cells) / candidates;
    candidates = std::min(most, static_cast<std::size_t>(1.5 * background / usable_share) + 1);
    sample = draw_sample(ctx, inputs, deposits, background, candidates, seed);
  }
  if (sample.background_cells < background)
    ctx.log.warn(step.where() + ": only " + std::to_string(sample.background_cells) + " of the " +
                 std::to_string(background) +
                 " background cells asked for lie in the study area with data in every "
                 "input; the fit uses those");
  if (sample.deposit_cells == 0)
    throw InputError(step.where() + ": no deposit cell has data in every input; check the inputs' nodata");
  return {std::move(inputs), std::move(sample)};
}

}  // namespace oremap::models
