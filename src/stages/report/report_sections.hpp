#pragma once
// The HTML sections of the validation report (validation_report.cpp assembles them). Every
// data-derived string is escaped here.
#include <string>
#include <vector>

#include "project/project.hpp"
#include "stages/report/model_validation.hpp"
#include "stages/run_context.hpp"
#include "stages/sites/site_result.hpp"

namespace oremap::report {

// One model: its definition, validation figures, ROC and rate-curve charts, cross-validation
// folds, notes, and the side tables it wrote (WofE weights and independence, logistic
// coefficients) read from the output folder.
std::string model_section_html(const RunContext& ctx, const project::StepSpec& step, const ModelValidation& v);

// The summary table of every model, one row each.
std::string summary_table_html(const std::vector<ModelValidation>& validations);

// Per commodity: criteria with declared and normalised weights, and the top `top_n` ranked sites
// with score, rank interval and P(top k).
std::string sites_section_html(const std::vector<sites::CommodityResult>& sites, int top_n);

// Short figure texts shared by the HTML and the terminal summary.
std::string roc_text(const ModelValidation& v);         // "0.912 [0.810, 1.000]"
std::string success_text(const ModelValidation& v);     // "0.905"
std::string prediction_text(const ModelValidation& v);  // "0.880" or "= success"
std::string cv_text(const ModelValidation& v);          // "0.850 ± 0.100 (k = 3)" or "n/a"

}  // namespace oremap::report
