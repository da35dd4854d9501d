#include "stages/sinks/report/validation_data.hpp"

#include "core/atomic_file.hpp"
#include "core/number_text.hpp"
#include "core/secrets.hpp"

namespace oremap::sinks::report {

using nlohmann::json;
using validation::ModelValidation;

namespace {

// NaN (a figure that could not be computed) is JSON null.
json number(double x) { return std::isnan(x) ? json(nullptr) : json(x); }

json roc_json(const std::optional<validation::RocCurve>& r) {
  if (!r) return nullptr;
  return {{"auc", number(r->auc)},           {"se", number(r->se)},       {"ci95_low", number(r->ci_low)},
          {"ci95_high", number(r->ci_high)}, {"positives", r->positives}, {"negatives", r->negatives}};
}

json rate_json(const std::optional<validation::RateCurve>& r) {
  if (!r) return nullptr;
  return {{"auc", number(r->auc)},
          {"deposits", r->deposits},
          {"cells", r->cells},
          {"captured_top_10_percent", number(r->captured(0.1))},
          {"captured_top_20_percent", number(r->captured(0.2))}};
}

json layers_json(const std::map<std::string, std::string>& m) {
  json out = json::object();
  for (const auto& [commodity, layer] : m) out[commodity] = layer;
  return out;
}

json model_json(const ModelValidation& v) {
  json m = {{"id", v.id},
            {"kind", v.kind},
            {"commodity", v.commodity},
            {"data_driven", v.data_driven},
            {"skipped", v.skipped.empty() ? json(nullptr) : json(redact_secrets(v.skipped))}};
  if (!v.deposits_layer.empty())
    m["fit"] = {{"label", v.data_driven ? "fit (training deposits)" : "known deposits (nothing fitted)"},
                {"layer", v.deposits_layer},
                {"deposits", v.deposits},
                {"deposit_cells", v.deposit_cells},
                {"deposits_outside", v.deposits_outside},
                {"nodata_deposits", v.nodata_deposits},
                {"roc", roc_json(v.roc)},
                {"success_rate", rate_json(v.success)}};
  m["scored_cells"] = v.scored_cells;
  m["nodata_cells"] = v.nodata_cells;
  if (v.data_driven)
    m["internal_holdout"] = {{"held_out_deposits", v.holdout_deposits},
                             {"training_deposits", v.holdout_training_deposits},
                             {"roc", roc_json(v.prediction_roc)},
                             {"prediction_rate", rate_json(v.prediction)}};
  json folds = json::array();
  for (const auto& f : v.cv.results)
    folds.push_back({{"fold", f.fold},
                     {"held_out_deposits", f.test_deposits},
                     {"training_deposits", f.training_deposits},
                     {"auc", number(f.auc)},
                     {"note", f.note}});
  m["spatial_cv"] = {{"ran", v.cv.ran},
                     {"folds", v.cv.folds},
                     {"blocks", v.cv.blocks},
                     {"block_size_m", v.cv.block_size},
                     {"scored_folds", v.cv.scored},
                     {"mean_auc", v.cv.ran ? number(v.cv.mean) : json(nullptr)},
                     {"sd_auc", v.cv.ran ? number(v.cv.sd) : json(nullptr)},
                     {"note", v.cv.note},
                     {"results", folds}};
  if (v.test)
    m["independent_test"] = {{"layer", v.test->layer},
                             {"deposits", v.test->deposits},
                             {"deposit_cells", v.test->deposit_cells},
                             {"deposits_outside", v.test->deposits_outside},
                             {"nodata_deposits", v.test->nodata_deposits},
                             {"roc", roc_json(v.test->roc)},
                             {"prediction_rate", rate_json(v.test->rate)}};
  if (v.sites)
    m["site_roc"] = {{"positives_layer", v.sites->positives_layer},
                     {"negatives_layer", v.sites->negatives_layer},
                     {"positive_sites", v.sites->positives},
                     {"negative_sites", v.sites->negatives},
                     {"nodata_sites", v.sites->nodata_sites},
                     {"negatives_outside", v.sites->outside},
                     {"roc", roc_json(v.sites->roc)}};
  json notes = json::array();
  for (const auto& n : v.notes) notes.push_back(redact_secrets(n));
  m["notes"] = notes;
  return m;
}

}  // namespace

json validation_json(const validation::ValidationResults& results) {
  const validation::ReportConfig& c = results.config;
  json models = json::array();
  for (const auto& v : results.models) models.push_back(model_json(v));
  return {{"settings",
           {{"folds", c.folds},
            {"block_size_m", c.block_size},
            {"holdout", c.holdout},
            {"seed", c.seed},
            {"count", c.per_cell ? "cells" : "deposits"},
            {"deposits", layers_json(c.deposits)},
            {"test_deposits", layers_json(c.test_deposits)},
            {"negatives", layers_json(c.negatives)}}},
          {"curves", "validation_curves.csv"},
          {"models", models}};
}

std::string validation_curves_csv(const validation::ValidationResults& results) {
  std::string out = "model,curve,point,x,y,threshold\n";
  auto add = [&](const ModelValidation& v, const std::string& curve, const std::vector<validation::Point>* points) {
    if (!points) return;
    for (std::size_t i = 0; i < points->size(); ++i) {
      const validation::Point& p = (*points)[i];
      out += v.id + "," + curve + "," + std::to_string(i) + "," + shortest_text(p.x) + "," + shortest_text(p.y) + "," +
             (std::isnan(p.threshold) ? "" : shortest_text(p.threshold)) + "\n";
    }
  };
  for (const auto& v : results.models) {
    add(v, "roc_fit", v.roc ? &v.roc->points : nullptr);
    add(v, "roc_holdout", v.prediction_roc ? &v.prediction_roc->points : nullptr);
    add(v, "roc_test", v.test && v.test->roc ? &v.test->roc->points : nullptr);
    add(v, "roc_sites", v.sites && v.sites->roc ? &v.sites->roc->points : nullptr);
    add(v, "success_fit", v.success ? &v.success->points : nullptr);
    add(v, "prediction_holdout", v.prediction ? &v.prediction->points : nullptr);
    add(v, "prediction_test", v.test && v.test->rate ? &v.test->rate->points : nullptr);
  }
  return out;
}

void write_validation_data(const RunContext& ctx, const validation::ValidationResults& results) {
  const auto dir = ctx.project.output_dir;
  write_text_atomically(dir / "validation.json", validation_json(results).dump(2) + "\n");
  write_text_atomically(dir / "validation_curves.csv", validation_curves_csv(results));
  ctx.log.info("wrote " + (dir / "validation.json").string() + " and validation_curves.csv");
}

}  // namespace oremap::sinks::report
