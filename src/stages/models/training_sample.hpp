#pragma once
// The training rows of the models fitted to deposits against background (logistic regression,
// boosted trees): every deposit cell with data in every input (label 1, weighted by its number of
// deposits) and `background` cells drawn at random with `seed` (label 0). docs/formulas.md §5.
#include <cstddef>
#include <vector>

#include "project/project.hpp"
#include "stages/models/training_deposits.hpp"
#include "stages/raster_input.hpp"
#include "stages/run_context.hpp"

namespace oremap::models {

struct TrainingSample {
  std::vector<double> features;  // row-major, one row per sample, one column per input
  std::vector<double> labels;    // 1 deposit cell, 0 background cell
  std::vector<double> weights;   // deposits in a cell count as that many observations
  std::size_t deposit_cells = 0, background_cells = 0;
};

// A model step's input rasters (its `inputs`, in order) and its sample: the cells of its
// `deposits` and `background` cells drawn with `seed`. Background draws outside the study area, on
// a deposit or on nodata in any input are skipped; when the study area holds fewer usable cells
// than asked, all are used and a warning says so. The same for any thread count. Throws
// InputError naming the step when no deposit cell has data in every input.
struct TrainingData {
  std::vector<RasterInput> rasters;
  TrainingSample sample;
};
TrainingData training_data(const RunContext& ctx, const project::StepSpec& step);

}  // namespace oremap::models
