#pragma once
// Known deposits as grid cells, for training data-driven models and validating any model.
#include <map>
#include <string>

#include "stages/run_context.hpp"

namespace oremap::models {

struct DepositCells {
  std::map<long long, int> count_by_cell;  // row * cols + col -> deposits in that cell (inside the mask)
  int total = 0;                           // deposits counted
  int outside = 0;                         // deposits off the grid or outside the mask (ignored)
};

DepositCells deposit_cells(const RunContext& ctx, const std::string& layer_id);

}  // namespace oremap::models
