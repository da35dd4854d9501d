#pragma once
// The validation figures as short texts, shared by the HTML report and the terminal summary of
// `oremap validate-model`.
#include <string>

#include "stages/validation/model_validation.hpp"

namespace oremap::sinks::report {

std::string roc_text(const validation::ModelValidation& v);         // "0.912 [0.810, 1.000]"
std::string success_text(const validation::ModelValidation& v);     // "0.905"
std::string prediction_text(const validation::ModelValidation& v);  // "0.880" or "= success"
std::string cv_text(const validation::ModelValidation& v);          // "0.850 ± 0.100 (k = 3)" or "n/a"
std::string test_text(const validation::ModelValidation& v);        // independent test ROC AUC [CI], "–" without one

// Key figures as a plain-text table for the terminal (`oremap validate-model`): per model ROC AUC
// with its 95 % CI, success-rate AUC, prediction-rate AUC and spatial CV mean ± sd, then notes.
std::string model_figures_text(const validation::ValidationResults& results);

}  // namespace oremap::sinks::report
