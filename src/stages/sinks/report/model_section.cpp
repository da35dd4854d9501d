// The per-model sections and the summary table of the validation report.
#include <cmath>
#include <numeric>

#include "stages/models/model_steps.hpp"
#include "stages/outputs/output_name.hpp"
#include "stages/sinks/report/csv_table.hpp"
#include "stages/sinks/report/figures_text.hpp"
#include "stages/sinks/report/html.hpp"
#include "stages/sinks/report/provenance.hpp"
#include "stages/sinks/report/report_sections.hpp"
#include "stages/sinks/report/svg_chart.hpp"

namespace oremap::sinks::report {

using validation::ModelValidation;
using validation::Point;

namespace {

const char* kBlue = "#0072b2";
const char* kOrange = "#d55e00";
const char* kGreen = "#009e73";

std::string join(const std::vector<std::string>& v, const std::string& sep = ", ") {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

std::vector<std::pair<double, double>> xy(const std::vector<Point>& pts) {
  std::vector<std::pair<double, double>> out;
  for (const auto& p : pts) out.push_back({p.x, p.y});
  return out;
}

// What the model is, in the words of its parameters.
std::string definition(const project::StepSpec& step) {
  const auto inputs = step.strs("inputs");
  std::string s = "Inputs: " + join(inputs) + ".";
  if (step.kind == "weighted") {
    std::vector<double> w = step.nums("weights");
    const double total = std::accumulate(w.begin(), w.end(), 0.0);
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < w.size() && i < inputs.size(); ++i)
      parts.push_back(inputs[i] + " " + fixed(total > 0 ? w[i] / total : NAN, 3));
    s += " Normalised weights: " + join(parts) + ".";
    if (step.has("constraints"))
      s += " Constraints: " + join(step.strs("constraints")) + " (restricted cells become " + step.str("restricted") +
           ").";
  } else if (step.kind == "fuzzy") {
    s += " Operator: " + step.str("operator");
    if (step.str("operator") == "gamma") s += " (gamma " + fixed(step.num("gamma"), 2) + ")";
    s += ".";
  } else if (step.kind == "wofe") {
    auto types = step.strs("types");
    s += " Training deposits: " + step.str("deposits") +
         ". Evidence types: " + (types.empty() ? std::string("all binary") : join(types)) +
         "; classes: " + (step.has("classing") ? join(step.strs("classing")) : std::string("quantile")) + " (" +
         std::to_string(static_cast<int>(step.num("classes"))) + " quantiles); minimum studentized contrast " +
         fixed(step.num("min_confidence"), 2) + "; unit cell " + fixed(step.num("unit_cell_km2"), 2) + " km\u00b2.";
  } else if (step.kind == "logistic") {
    s += " Training deposits: " + step.str("deposits") + "; " +
         std::to_string(static_cast<long long>(step.num("background"))) + " background cells sampled with seed " +
         std::to_string(step.integer("seed")) + ".";
  } else if (step.kind == "boosted_trees") {
    const bool forest = step.str("mode") == "random_forest";
    s += " Training deposits: " + step.str("deposits") + "; " +
         std::to_string(static_cast<long long>(step.num("background"))) + " background cells sampled with seed " +
         std::to_string(step.integer("seed")) + ". " + (forest ? "Random forest of " : "Gradient boosting, ") +
         std::to_string(step.integer("trees")) + (forest ? " trees" : " rounds") + " of depth at most " +
         std::to_string(step.integer("max_depth")) + " (XGBoost).";
  }
  return s;
}

// What the fit figures are: a data-driven model's own training deposits, or the known deposits
// a knowledge-driven model (fitted to nothing) is checked against.
std::string fit_label(const ModelValidation& v) { return v.data_driven ? "fit" : "known deposits"; }

std::string charts(const ModelValidation& v) {
  std::string out = "<div class=\"figures\">\n";
  std::vector<Series> roc;
  if (v.roc) roc.push_back({fit_label(v) + " (AUC " + fixed(v.roc->auc, 3) + ")", kBlue, xy(v.roc->points), false});
  if (v.prediction_roc)
    roc.push_back({"internal hold-out (AUC " + fixed(v.prediction_roc->auc, 3) + ")", kOrange,
                   xy(v.prediction_roc->points), true});
  if (v.test && v.test->roc)
    roc.push_back({"independent test (AUC " + fixed(v.test->roc->auc, 3) + ")", kGreen, xy(v.test->roc->points), true});
  if (!roc.empty())
    out += line_chart_svg({"ROC: " + v.id, "false-positive rate (deposit-free cells)", "true-positive rate (deposits)",
                           true, false, "roc-" + v.id},
                          roc) +
           "\n";
  std::vector<Series> rate;
  if (v.success)
    rate.push_back({"success rate, " + fit_label(v) + " (AUC " + fixed(v.success->auc, 3) + ")", kBlue,
                    xy(v.success->points), false});
  if (v.prediction)
    rate.push_back({"prediction rate, internal hold-out (AUC " + fixed(v.prediction->auc, 3) + ")", kOrange,
                    xy(v.prediction->points), true});
  if (v.test && v.test->rate)
    rate.push_back({"prediction rate, independent test (AUC " + fixed(v.test->rate->auc, 3) + ")", kGreen,
                    xy(v.test->rate->points), true});
  if (!rate.empty())
    out += line_chart_svg({"Success and prediction rate: " + v.id, "share of study area (highest score first)",
                           "share of deposits captured", true, true, "rate-" + v.id},
                          rate) +
           "\n";
  if (v.sites && v.sites->roc)
    out += line_chart_svg({"Site-level ROC: " + v.id, "false-positive rate (barren sites)",
                           "true-positive rate (deposit sites)", true, false, "site-roc-" + v.id},
                          {{"deposit vs barren sites (AUC " + fixed(v.sites->roc->auc, 3) + ")", kBlue,
                            xy(v.sites->roc->points), false}}) +
           "\n";
  return out + "</div>\n";
}

std::string figures_table(const ModelValidation& v) {
  Table t{{"figure", "value", "detail"}, {}, {false, true, false}, "", "figure-table"};
  const std::string counted = v.per_cell ? " (each deposit cell counts once)" : "";
  if (!v.deposits_layer.empty()) {
    std::string deposits = std::to_string(v.deposits) + " deposits in " + std::to_string(v.deposit_cells) +
                           " cells of layer " + v.deposits_layer + counted;
    if (v.deposits_outside)
      deposits += "; " + std::to_string(v.deposits_outside) + " outside the study area (left out)";
    if (v.nodata_deposits) deposits += "; " + std::to_string(v.nodata_deposits) + " in nodata cells (left out)";
    t.rows.push_back(
        {v.data_driven ? "training deposits (fit)" : "validation deposits", std::to_string(v.deposits), deposits});
  }
  t.rows.push_back({"scored cells", std::to_string(v.scored_cells),
                    std::to_string(v.nodata_cells) + " nodata cells inside the study area are not area"});
  if (v.roc)
    t.rows.push_back({"ROC AUC, " + fit_label(v), roc_text(v),
                      "95 % CI (Hanley & McNeil 1982), SE " + fixed(v.roc->se, 3) + "; " +
                          std::to_string(static_cast<long long>(v.roc->positives)) + " positives, " +
                          std::to_string(static_cast<long long>(v.roc->negatives)) + " negative cells"});
  if (v.success)
    t.rows.push_back({"success-rate AUC, " + fit_label(v), success_text(v),
                      "deposits captured in the top 10 % of the area: " + fixed(100 * v.success->captured(0.1), 1) +
                          " %, top 20 %: " + fixed(100 * v.success->captured(0.2), 1) + " %"});
  if (v.prediction_is_success) {
    t.rows.push_back({"prediction-rate AUC", prediction_text(v),
                      "knowledge-driven: no deposit was used to build the model, so prediction = success"});
  } else if (v.prediction) {
    std::string d = std::to_string(v.holdout_deposits) + " held-out training deposits, model refitted on the other " +
                    std::to_string(v.holdout_training_deposits) +
                    "; top 10 %: " + fixed(100 * v.prediction->captured(0.1), 1) +
                    " %, top 20 %: " + fixed(100 * v.prediction->captured(0.2), 1) + " %";
    if (v.prediction_roc) d += "; held-out ROC AUC " + fixed(v.prediction_roc->auc, 3);
    t.rows.push_back({"prediction-rate AUC, internal hold-out", prediction_text(v), d});
  }
  if (v.cv.ran)
    t.rows.push_back({"spatial CV AUC", cv_text(v),
                      std::to_string(v.cv.folds) + " folds over " + std::to_string(v.cv.blocks) + " blocks of " +
                          fixed(v.cv.block_size / 1000, 1) + " km; " + std::to_string(v.cv.scored) + " folds scored"});
  else if (!v.cv.note.empty())
    t.rows.push_back({"spatial CV AUC", "n/a", v.cv.note});
  if (v.test) {
    std::string d = std::to_string(v.test->deposits) + " deposits in " + std::to_string(v.test->deposit_cells) +
                    " cells of layer " + v.test->layer + counted + ", never fitted: the model as run is scored";
    if (v.test->deposits_outside)
      d += "; " + std::to_string(v.test->deposits_outside) + " outside the study area (left out)";
    if (v.test->nodata_deposits) d += "; " + std::to_string(v.test->nodata_deposits) + " in nodata cells (left out)";
    t.rows.push_back({"independent test deposits", std::to_string(v.test->deposits), d});
    if (v.test->roc)
      t.rows.push_back({"ROC AUC, independent test", test_text(v),
                        "95 % CI, SE " + fixed(v.test->roc->se, 3) + "; negatives: cells holding no known deposit (" +
                            std::to_string(static_cast<long long>(v.test->roc->negatives)) + ")"});
    if (v.test->rate)
      t.rows.push_back({"prediction-rate AUC, independent test", fixed(v.test->rate->auc, 3),
                        "top 10 %: " + fixed(100 * v.test->rate->captured(0.1), 1) +
                            " %, top 20 %: " + fixed(100 * v.test->rate->captured(0.2), 1) + " %"});
  }
  if (v.sites) {
    std::string d = std::to_string(v.sites->positives) + " deposit sites (" + v.sites->positives_layer + ") against " +
                    std::to_string(v.sites->negatives) + " barren sites (" + v.sites->negatives_layer + ")";
    if (v.sites->nodata_sites) d += "; " + std::to_string(v.sites->nodata_sites) + " sites in nodata cells (left out)";
    if (v.sites->outside) d += "; " + std::to_string(v.sites->outside) + " barren sites outside the study area";
    t.rows.push_back({"site-level ROC AUC",
                      v.sites->roc ? fixed(v.sites->roc->auc, 3) + " [" + fixed(v.sites->roc->ci_low, 3) + ", " +
                                         fixed(v.sites->roc->ci_high, 3) + "]"
                                   : "n/a",
                      d});
  }
  return render(t);
}

std::string folds_table(const ModelValidation& v) {
  if (!v.cv.ran) return "";
  Table t{{"fold", "held-out deposits", "training deposits", "AUC", "note"},
          {},
          {true, true, true, true, false},
          "Spatial cross-validation folds",
          "compact"};
  for (const auto& r : v.cv.results)
    t.rows.push_back({std::to_string(r.fold), std::to_string(r.test_deposits), std::to_string(r.training_deposits),
                      fixed(r.auc, 3), r.note});
  return render(t);
}

std::string side_table(const std::filesystem::path& file, const std::string& caption) {
  auto csv = read_csv_table(file);
  if (!csv) return "";
  fold_columns(*csv, models::fit_columns());
  csv->table.caption = caption + " (" + file.filename().string() + ")";
  csv->table.css_class = "compact";
  std::string out = render(csv->table);
  for (const auto& n : csv->notes) out += "<p class=\"note\">" + escape(n) + "</p>\n";
  return out;
}

}  // namespace

std::string summary_table_html(const std::vector<ModelValidation>& validations) {
  Table t{{"model", "commodity", "kind", "deposits", "ROC AUC [95 % CI]", "success AUC", "prediction AUC",
           "spatial CV AUC", "independent test AUC"},
          {},
          {false, false, false, true, true, true, true, true, true},
          "",
          "summary"};
  for (const auto& v : validations) {
    if (!v.skipped.empty()) {
      t.rows.push_back({v.id, v.commodity, v.kind, "\u2013", "not validated", "", "", "", ""});
      continue;
    }
    t.rows.push_back({v.id, v.commodity, v.kind,
                      v.deposits_layer.empty() ? "\u2013" : std::to_string(v.deposits) + " (" + v.deposits_layer + ")",
                      roc_text(v), success_text(v), prediction_text(v), cv_text(v), test_text(v)});
  }
  return render(t);
}

std::string model_section_html(const RunContext& ctx, const project::StepSpec& step, const ModelValidation& v) {
  std::string out = "<section class=\"model\" id=\"model-" + escape(v.id) + "\">\n<h3>" + escape(v.id) +
                    " <span class=\"tag\">" + escape(v.kind + " \u00b7 " + v.commodity) + "</span></h3>\n";
  if (step.has("description")) out += "<p>" + escape(step.str("description")) + "</p>\n";
  out += "<p class=\"note\">" + escape(definition(step)) + "</p>\n";
  if (!v.skipped.empty()) {
    out += "<p class=\"warn\">Not validated: " + escape(redact_secrets(v.skipped)) + ".</p>\n";
  } else {
    out += figures_table(v) + charts(v) + folds_table(v);
  }
  if (!v.notes.empty()) {
    out += "<ul class=\"warn\">\n";
    for (const auto& n : v.notes) out += "<li>" + escape(redact_secrets(n)) + "</li>\n";
    out += "</ul>\n";
  }
  const auto dir = ctx.project.output_dir;
  if (step.kind == "wofe") {
    out += side_table(output_path(dir, step.id, "_weights.csv", "models.id"), "Weights of evidence");
    out +=
        side_table(output_path(dir, step.id, "_independence.csv", "models.id"), "Conditional independence, pairwise");
    out += side_table(output_path(dir, step.id, "_ci_test.csv", "models.id"),
                      "Conditional independence, Agterberg-Cheng test");
  } else if (step.kind == "logistic") {
    out += side_table(output_path(dir, step.id, "_coefficients.csv", "models.id"), "Logistic-regression coefficients");
  } else if (step.kind == "boosted_trees") {
    out += side_table(output_path(dir, step.id, "_importance.csv", "models.id"), "Feature importance (gain)");
  }
  if (!v.refit_log.empty())
    out += "<details><summary>Log of the validation refits</summary>\n<pre>" + escape(redact_secrets(v.refit_log)) +
           "</pre></details>\n";
  return out + "</section>\n";
}

}  // namespace oremap::sinks::report
