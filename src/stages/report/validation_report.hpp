#pragma once
// The validation report: one self-contained HTML file (<output>/report.html; inline CSS and SVG,
// no scripts, no external assets) with, per model, ROC + AUC with a 95 % confidence interval,
// success- and prediction-rate curves and spatial k-fold cross-validation; the model tables
// (WofE weights, logistic coefficients); the site criteria, weights and top sites; and
// provenance (input files with SHA-256, project file, versions, grid). docs/validation.md defines
// every figure. The same figures print in the terminal with model_figures_text.
#include <string>
#include <vector>

#include "stages/report/model_validation.hpp"
#include "stages/report/report_config.hpp"
#include "stages/run_context.hpp"
#include "stages/sites/site_result.hpp"

namespace oremap::report {

// After run_raster_stages (and site scoring, if any): validates every model and writes
// <output>/report.html under a temporary name, renamed when complete. `sites` may be empty.
void write_validation_report(RunContext& ctx, const std::vector<sites::CommodityResult>& sites);

// The same with the validation already computed (validate_models), e.g. to print the figures
// and write the report from one computation.
void write_validation_report(const RunContext& ctx, const std::vector<sites::CommodityResult>& sites,
                             const std::vector<ModelValidation>& validations);

// The report's text (what write_validation_report writes).
std::string validation_report_html(const RunContext& ctx, const std::vector<sites::CommodityResult>& sites,
                                   const std::vector<ModelValidation>& validations, const ReportConfig& config);

// Key figures as a plain-text table for the terminal (`oremap validate-model`): per model ROC AUC
// with its 95 % CI, success-rate AUC, prediction-rate AUC and spatial CV mean ± sd, then notes.
std::string model_figures_text(const std::vector<ModelValidation>& validations, const ReportConfig& config);
// Validates every model first (after run_raster_stages).
std::string model_figures_text(const RunContext& ctx);

}  // namespace oremap::report
