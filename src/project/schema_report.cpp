// Keys of [report]: the validation report (src/stages/report/, docs/validation.md).
#include "project/schema.hpp"
#include "project/schema_builder.hpp"

namespace oremap::project {

using namespace declare;

Section report_section() {
  return table("report")
      .doc(
          "Self-contained HTML validation report (`<output>/report.html`): ROC, success- and prediction-rate "
          "curves, spatial cross-validation, model tables, top sites and provenance. docs/validation.md defines "
          "every figure.")
      .keys({
          text_table("deposits")
              .shown_as("data-driven models: their own `deposits`")
              .doc("Commodity -> point layer of known deposits the models of that commodity are validated against, "
                   "e.g. { copper = \"porphyry_cu\", gold = \"gold_sites\" }. A model of a commodity not listed is "
                   "validated only if it is data-driven (its own `deposits`)."),
          integer("folds").at_least(2).at_most(50).otherwise(5).doc(
              "k of the spatial k-fold cross-validation of data-driven models (fewer when there are fewer "
              "spatial blocks holding deposits)."),
          number("block_size")
              .above(0)
              .otherwise(50000)
              .doc("Side in metres of the square spatial blocks grouping deposits into folds; deposits in one block "
                   "always share a fold, so near neighbours do not leak between training and test."),
          number("holdout").above(0).at_most(0.9).otherwise(0.3).doc(
              "Share of deposit cells held out (seeded random) for the prediction-rate curve; data-driven "
              "models are refitted on the rest."),
          integer("seed").at_least(0).otherwise(42).doc("Random seed of the hold-out split and the fold assignment."),
          integer("top_n").at_least(1).otherwise(10).doc("Sites listed per commodity in the top-sites table."),
      });
}

}  // namespace oremap::project
