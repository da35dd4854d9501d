#pragma once
// Every figure of the validation as data, at full precision (the report and the terminal round to
// 3 decimals): validation.json (settings, per model every AUC, interval, count and note) and
// validation_curves.csv (every point of every curve with its score threshold).
// `oremap validate-model --json` prints the same JSON. docs/validation.md lists the fields.
#include <nlohmann/json.hpp>
#include <string>

#include "stages/run_context.hpp"
#include "stages/validation/model_validation.hpp"

namespace oremap::sinks::report {

nlohmann::json validation_json(const validation::ValidationResults& results);

// model,curve,point,x,y,threshold: one row per curve point. curve is roc_fit, roc_holdout,
// roc_test, roc_sites, success_fit, prediction_holdout or prediction_test; threshold is the
// lowest score the point includes (empty for the origin).
std::string validation_curves_csv(const validation::ValidationResults& results);

// Writes <output>/validation.json and <output>/validation_curves.csv (each to a temporary name,
// renamed when complete).
void write_validation_data(const RunContext& ctx, const validation::ValidationResults& results);

}  // namespace oremap::sinks::report
