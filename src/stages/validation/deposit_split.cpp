#include "stages/validation/deposit_split.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

#include "stages/models/training_deposits.hpp"

namespace oremap::validation {

namespace {

// Fisher-Yates with the raw 64-bit output of mt19937_64 (std::shuffle and the standard
// distributions are implementation-defined, so would differ between standard libraries).
template <class T>
void seeded_shuffle(std::vector<T>& v, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  for (std::size_t i = v.size(); i > 1; --i) {
    const std::size_t j = static_cast<std::size_t>(rng() % i);
    std::swap(v[i - 1], v[j]);
  }
}

}  // namespace

std::map<long long, std::uint32_t> DepositSet::subset(const std::vector<bool>& take) const {
  std::map<long long, std::uint32_t> out;
  for (std::size_t i = 0; i < cells.size(); ++i)
    if (take[i]) out[cells[i]] = per_cell ? 1 : counts[i];
  return out;
}

std::map<long long, std::uint32_t> DepositSet::all() const { return subset(std::vector<bool>(cells.size(), true)); }

DepositSet read_deposits(const RunContext& ctx, const std::string& layer_id, bool per_cell) {
  const models::DepositCells found = models::read_deposit_cells(ctx, layer_id);
  const Grid& g = ctx.grid;
  DepositSet out;
  out.layer = layer_id;
  out.per_cell = per_cell;
  out.total = static_cast<std::uint64_t>(found.total);
  out.outside = static_cast<std::uint64_t>(found.outside);
  for (const auto& [cell, n] : found.count_by_cell) {
    const int row = static_cast<int>(cell / g.cols), col = static_cast<int>(cell % g.cols);
    out.cells.push_back(cell);
    out.counts.push_back(static_cast<std::uint32_t>(n));
    out.centres.push_back({g.cell_centre_x(col), g.cell_centre_y(row)});
  }
  return out;
}

FoldAssignment assign_block_folds(const std::vector<std::array<double, 2>>& points, double block_size, int k,
                                  std::uint64_t seed) {
  if (!(block_size > 0) || k < 1) throw std::invalid_argument("spatial folds need block_size > 0 and k >= 1");
  using Block = std::pair<long long, long long>;
  std::vector<Block> block_of;
  for (const auto& p : points)
    block_of.push_back(
        {static_cast<long long>(std::floor(p[0] / block_size)), static_cast<long long>(std::floor(p[1] / block_size))});
  std::vector<Block> blocks = block_of;
  std::sort(blocks.begin(), blocks.end());
  blocks.erase(std::unique(blocks.begin(), blocks.end()), blocks.end());
  seeded_shuffle(blocks, seed);
  FoldAssignment a;
  a.blocks = blocks.size();
  a.folds = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(k), blocks.size()));
  std::map<Block, int> fold_of_block;
  for (std::size_t i = 0; i < blocks.size(); ++i)
    fold_of_block[blocks[i]] = static_cast<int>(i % static_cast<std::size_t>(a.folds));
  for (const Block& b : block_of) a.fold.push_back(fold_of_block.at(b));
  return a;
}

std::vector<bool> holdout_split(std::size_t n, double fraction, std::uint64_t seed) {
  if (n < 2)
    throw std::invalid_argument("a hold-out split needs at least 2 deposit cells (got " + std::to_string(n) + ")");
  if (!(fraction > 0 && fraction < 1)) throw std::invalid_argument("the hold-out fraction must be in (0, 1)");
  const auto want = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(n)));
  const std::size_t held = std::clamp<std::size_t>(want, 1, n - 1);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  seeded_shuffle(order, seed);
  std::vector<bool> out(n, false);
  for (std::size_t i = 0; i < held; ++i) out[order[i]] = true;
  return out;
}

}  // namespace oremap::validation
