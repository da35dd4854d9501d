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
              .doc("Commodity -> point layer of known deposits the knowledge-driven models of that commodity are "
                   "validated against, e.g. { copper = \"porphyry_cu\", gold = \"gold_sites\" }. Data-driven models "
                   "are always validated against their own `deposits` (fit, internal hold-out, spatial CV); a "
                   "different layer named here is scored for them as an independent test, never fitted."),
          text_table("test_deposits")
              .shown_as("none")
              .doc("Commodity -> layer of deposits kept aside as an independent test set, e.g. { copper = "
                   "\"cu_test\" }. Every model of the commodity is scored on it (ROC and prediction rate, labelled "
                   "\"independent test\"); no model is ever fitted on it, and it may not be a model's `deposits`."),
          text_table("negatives")
              .shown_as("none")
              .doc("Commodity -> point layer of known barren (negative) sites, e.g. { copper = \"dry_holes\" }: "
                   "adds a site-level ROC, deposit sites (the test deposits if given, else the validation deposits) "
                   "against these sites, besides the cell-level ROC."),
          text("count")
              .one_of({"deposits", "cells"})
              .otherwise("deposits")
              .doc("How a cell holding k validation deposits counts in the ROC and the rate curves: `deposits` k "
                   "times (k positives, k deposits captured), `cells` once (each deposit cell one positive)."),
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
