#pragma once
// Validation of every model of a run against known deposits: ROC with a Hanley & McNeil
// confidence interval, success rate, prediction rate on held-out deposits and, for data-driven
// models, spatial-block k-fold cross-validation. Data-driven models (wofe, logistic,
// boosted_trees: models::trained_on_deposits) are refitted for the held-out and cross-validation
// runs exactly as `oremap run` fits them, on a copy of the project whose deposit layer holds only
// the training split of the model's own `deposits`; those runs happen in <work_dir>/report-* and
// leave nothing in the output folder. An independent test layer ([report] test_deposits) is only
// ever scored, on the model as run; known barren sites ([report] negatives) give a site-level
// ROC. docs/validation.md has the details.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stages/run_context.hpp"
#include "stages/validation/model_score_table.hpp"
#include "stages/validation/report_config.hpp"

namespace oremap::validation {

struct FoldResult {
  int fold = 0;                     // 1-based, as shown
  std::uint64_t test_deposits = 0;  // held-out deposits of the fold
  std::uint64_t training_deposits = 0;
  double auc = 0;  // NaN when the fold could not be scored (see note)
  std::string note;
};

struct CrossValidation {
  bool ran = false;
  int folds = 0;           // k used
  std::size_t blocks = 0;  // spatial blocks holding deposits
  double block_size = 0;   // m
  std::vector<FoldResult> results;
  int scored = 0;           // folds with an AUC
  double mean = 0, sd = 0;  // over scored folds; sd is the sample sd (n - 1), NaN below 2 folds
  std::string note;         // why it did not run, when it did not
};

// The model as run, scored on deposits no model was fitted on.
struct IndependentTest {
  std::string layer;
  std::uint64_t deposits = 0, deposit_cells = 0, deposits_outside = 0, nodata_deposits = 0;
  std::optional<RocCurve> roc;    // test deposits against cells holding no known deposit
  std::optional<RateCurve> rate;  // prediction rate of the test deposits over every scored cell
};

// Deposit sites against known barren sites, each scored by the model at its cell.
struct SiteRoc {
  std::string positives_layer, negatives_layer;
  std::uint64_t positives = 0, negatives = 0;  // sites scored
  std::uint64_t nodata_sites = 0;              // in nodata cells (left out)
  std::uint64_t outside = 0;                   // negative sites outside the study area (left out)
  std::optional<RocCurve> roc;                 // negatives = barren sites, not cells
};

struct ModelValidation {
  std::string id, kind, commodity;
  bool data_driven = false;
  std::string deposits_layer;  // deposits of the fit figures: data-driven, its own `deposits` ("" = none)
  std::string training_layer;  // data-driven: the model's own `deposits`
  bool per_cell = false;       // deposits counted once per cell ([report] count)
  std::uint64_t deposits = 0, deposit_cells = 0, deposits_outside = 0;
  std::string skipped;  // non-empty: not validated, and why

  std::uint64_t scored_cells = 0, nodata_cells = 0, nodata_deposits = 0;
  std::optional<RocCurve> roc;
  std::optional<RateCurve> success;
  // Prediction rate: on the same raster for knowledge-driven models (nothing is trained, so it
  // equals the success rate); on a refit without the held-out deposits for data-driven ones.
  bool prediction_is_success = false;
  std::optional<RateCurve> prediction;
  std::optional<RocCurve> prediction_roc;  // held-out deposits vs deposit-free cells
  std::uint64_t holdout_deposits = 0, holdout_training_deposits = 0;
  CrossValidation cv;
  std::optional<IndependentTest> test;  // [report] test_deposits of the commodity
  std::optional<SiteRoc> sites;         // [report] negatives of the commodity
  std::vector<std::string> notes;       // what could not be computed, and why
  std::string refit_log;                // log lines of the refits
};

// Validates every model in ctx.project.models; needs the model rasters (and, for refits, the
// evidence rasters) in ctx.rasters, i.e. after run_raster_stages. Throws ProjectError for bad
// [report] values, Cancelled when the progress callback stops; other problems become notes.
std::vector<ModelValidation> validate_models(const RunContext& ctx, const ReportConfig& config);

// What the report sink and `oremap validate-model` show: the [report] settings and every model's
// validation, in the order of ctx.project.models.
struct ValidationResults {
  ReportConfig config;
  std::vector<ModelValidation> models;
};

// Reads [report] and validates every model (as validate_models).
ValidationResults run_validation(const RunContext& ctx);

}  // namespace oremap::validation
