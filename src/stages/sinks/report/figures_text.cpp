#include "stages/sinks/report/figures_text.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

#include "stages/sinks/report/html.hpp"

namespace oremap::sinks::report {

using validation::ModelValidation;

std::string roc_text(const ModelValidation& v) {
  if (!v.roc) return "n/a";
  return fixed(v.roc->auc, 3) + " [" + fixed(v.roc->ci_low, 3) + ", " + fixed(v.roc->ci_high, 3) + "]";
}

std::string success_text(const ModelValidation& v) { return v.success ? fixed(v.success->auc, 3) : "n/a"; }

std::string prediction_text(const ModelValidation& v) {
  if (v.prediction_is_success) return v.success ? "= success" : "n/a";
  return v.prediction ? fixed(v.prediction->auc, 3) : "n/a";
}

std::string test_text(const ModelValidation& v) {
  if (!v.test) return "\u2013";
  if (!v.test->roc) return "n/a";
  return fixed(v.test->roc->auc, 3) + " [" + fixed(v.test->roc->ci_low, 3) + ", " + fixed(v.test->roc->ci_high, 3) +
         "]";
}

std::string cv_text(const ModelValidation& v) {
  if (!v.cv.ran || v.cv.scored == 0) return "n/a";
  return fixed(v.cv.mean, 3) + " \u00b1 " + (std::isnan(v.cv.sd) ? std::string("n/a") : fixed(v.cv.sd, 3)) +
         " (k = " + std::to_string(v.cv.folds) + ")";
}

std::string model_figures_text(const validation::ValidationResults& results) {
  const std::vector<ModelValidation>& validations = results.models;
  const validation::ReportConfig& config = results.config;
  std::vector<std::vector<std::string>> rows = {{"model", "commodity", "kind", "deposits", "ROC AUC [95% CI]",
                                                 "success AUC", "prediction AUC", "spatial CV AUC (mean +/- sd)",
                                                 "independent test AUC"}};
  for (const auto& v : validations) {
    if (!v.skipped.empty()) {
      rows.push_back({v.id, v.commodity, v.kind, "-", "not validated", "", "", "", ""});
      continue;
    }
    std::string cv = cv_text(v);  // ASCII only, so byte widths align the columns
    const std::string pm = "\u00b1";
    if (auto at = cv.find(pm); at != std::string::npos) cv.replace(at, pm.size(), "+/-");
    std::string test = v.test ? test_text(v) : "-";
    rows.push_back({v.id, v.commodity, v.kind, v.deposits_layer.empty() ? "-" : std::to_string(v.deposits), roc_text(v),
                    success_text(v), prediction_text(v), cv, test});
  }
  std::vector<std::size_t> width(rows.front().size(), 0);
  for (const auto& r : rows)
    for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
  std::ostringstream out;
  out << "Model validation (95% CI: Hanley & McNeil 1982; spatial CV: " << config.folds << " folds over blocks of "
      << fixed(config.block_size / 1000, 1) << " km; hold-out " << fixed(100 * config.holdout, 0) << "%; seed "
      << config.seed << ")\n";
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t c = 0; c < r.size(); ++c)
      line += r[c] + (c + 1 < r.size() ? std::string(width[c] - r[c].size() + 2, ' ') : "");
    out << line << "\n";
  }
  bool header = false;
  for (const auto& v : validations) {
    std::vector<std::string> notes = v.notes;
    if (!v.skipped.empty()) notes.insert(notes.begin(), "not validated: " + v.skipped);
    if (!v.cv.ran && !v.cv.note.empty() && v.data_driven) notes.push_back("spatial CV: " + v.cv.note);
    for (const auto& n : notes) {
      if (!header) out << "notes:\n";
      header = true;
      out << "  " << v.id << ": " << n << "\n";
    }
  }
  return out.str();
}

}  // namespace oremap::sinks::report
