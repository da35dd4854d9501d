#pragma once
// The validation report: one self-contained HTML file (<output>/report.html; inline CSS and SVG,
// no scripts, no external assets) with, per model, ROC + AUC with a 95 % confidence interval,
// success- and prediction-rate curves and spatial k-fold cross-validation; the model tables
// (WofE weights, logistic coefficients); the site criteria, weights and top sites; and
// provenance (input files with SHA-256, project file, versions, grid). docs/validation.md defines
// every figure; the validation stage (src/stages/validation/) computes them. The same figures
// print in the terminal with model_figures_text (figures_text.hpp).
#include <string>
#include <vector>

#include "stages/run_context.hpp"
#include "stages/sites/site_result.hpp"
#include "stages/validation/model_validation.hpp"

namespace oremap::sinks::report {

// Writes <output>/report.html under a temporary name, renamed when complete, from the validation
// computed by validation::run_validation. `sites` may be empty.
void write_validation_report(const RunContext& ctx, const std::vector<sites::CommodityResult>& sites,
                             const validation::ValidationResults& results);

// The report's text (what write_validation_report writes).
std::string validation_report_html(const RunContext& ctx, const std::vector<sites::CommodityResult>& sites,
                                   const validation::ValidationResults& results);

}  // namespace oremap::sinks::report
