#pragma once
// Known deposits as grid cells, for training data-driven models and validating any model: a
// point counts in its cell, a line or polygon at a point on its surface.
#include <map>
#include <string>

#include "stages/run_context.hpp"

namespace oremap::models {

struct DepositCells {
  std::map<long long, int> count_by_cell;  // row * cols + col -> deposits in that cell (inside the mask)
  int total = 0;                           // deposits counted
  int outside = 0;                         // deposits off the grid or outside the mask (ignored)
};

// Every deposit of the layer, with no judgement: the validation stage reports an empty set itself.
DepositCells read_deposit_cells(const RunContext& ctx, const std::string& layer_id);

// For training: as read_deposit_cells, with a warning when deposits lie outside and an InputError
// when none lies inside.
DepositCells deposit_cells(const RunContext& ctx, const std::string& layer_id);

}  // namespace oremap::models
