#pragma once
// The HTML sections of the validation report (validation_report.cpp assembles them). Every
// data-derived string is escaped here.
#include <string>
#include <vector>

#include "project/project.hpp"
#include "stages/run_context.hpp"
#include "stages/sites/site_result.hpp"
#include "stages/validation/model_validation.hpp"

namespace oremap::sinks::report {

// One model: its definition, validation figures, ROC and rate-curve charts, cross-validation
// folds, notes, and the side tables it wrote (WofE weights and independence, logistic
// coefficients) read from the output folder.
std::string model_section_html(const RunContext& ctx, const project::StepSpec& step,
                               const validation::ModelValidation& v);

// The summary table of every model, one row each.
std::string summary_table_html(const std::vector<validation::ModelValidation>& validations);

// Per commodity: criteria with declared and normalised weights, and the top `top_n` ranked sites
// with score, rank interval and P(top k).
std::string sites_section_html(const std::vector<sites::CommodityResult>& sites, int top_n);

}  // namespace oremap::sinks::report
