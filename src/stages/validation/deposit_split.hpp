#pragma once
// The known deposits a model is validated against, as grid cells, and the two ways they are
// split: a seeded random hold-out of deposit cells (prediction rate) and spatial-block folds
// (k-fold cross-validation after Roberts et al. 2017, so neighbouring deposits never sit on
// both sides of a split).
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "stages/run_context.hpp"

namespace oremap::validation {

// Deposit cells of one layer, in cell order. A cell holding two deposits is one unit of every
// split: both deposits are on the same side.
struct DepositSet {
  std::string layer;
  std::vector<long long> cells;                // row * cols + col, ascending, inside the grid and mask
  std::vector<std::uint32_t> counts;           // deposits per cell
  std::vector<std::array<double, 2>> centres;  // cell centres in the grid CRS (metres)
  std::uint64_t total = 0;                     // deposits in those cells
  std::uint64_t outside = 0;                   // off the grid or outside the mask (not validated)
  bool per_cell = false;                       // scored once per cell ([report] count = "cells")

  // Cell -> deposits it counts as when scored (1 with per_cell): take[i] for cells[i]. Refits
  // train on `counts`, as the model does, whatever per_cell says.
  std::map<long long, std::uint32_t> subset(const std::vector<bool>& take) const;
  std::map<long long, std::uint32_t> all() const;
};

// Reads the layer with models::read_deposit_cells, the reader training uses: a point counts in
// its cell, a line or polygon at a point on its surface.
DepositSet read_deposits(const RunContext& ctx, const std::string& layer_id, bool per_cell = false);

// Fold of each point: the square block (floor(x / block_size), floor(y / block_size)) holding
// it gets the fold, so points of one block always share it. Distinct blocks are sorted, put in a
// seeded random order (Fisher-Yates with std::mt19937_64, identical on every platform) and dealt
// to folds in turn. With fewer blocks than k, k drops to the number of blocks.
struct FoldAssignment {
  std::vector<int> fold;  // per point, in [0, folds)
  int folds = 0;          // k used (0 when there are no points)
  std::size_t blocks = 0;
};
FoldAssignment assign_block_folds(const std::vector<std::array<double, 2>>& points, double block_size, int k,
                                  std::uint64_t seed);

// Which of n units are held out: round(fraction * n), at least 1 and at most n - 1, chosen by a
// seeded Fisher-Yates shuffle. Needs n >= 2 (std::invalid_argument otherwise).
std::vector<bool> holdout_split(std::size_t n, double fraction, std::uint64_t seed);

}  // namespace oremap::validation
