// Keys of [report]: the validation report (src/stages/report/, docs/validation.md).
#include "project/schema.hpp"

namespace oremap::project {

Section report_section() {
  return {"report",
          false,
          false,
          "Self-contained HTML validation report (`<output>/report.html`): ROC, success- and prediction-rate "
          "curves, spatial cross-validation, model tables, top sites and provenance. docs/validation.md defines "
          "every figure.",
          {
              {"deposits",
               Type::string_table,
               false,
               "Commodity -> point layer of known deposits the models of that commodity are validated against, "
               "e.g. { copper = \"porphyry_cu\", gold = \"gold_sites\" }. A model of a commodity not listed "
               "is validated only if it is data-driven (its own `deposits`).",
               {},
               {},
               {},
               false,
               Ref::none,
               "data-driven models: their own `deposits`"},
              {"folds",
               Type::integer,
               false,
               "k of the spatial k-fold cross-validation of data-driven models (fewer when there are fewer "
               "spatial blocks holding deposits).",
               {},
               2.0,
               50.0,
               false,
               Ref::none,
               "5"},
              {"block_size",
               Type::number,
               false,
               "Side in metres of the square spatial blocks grouping deposits into folds; deposits in one "
               "block always share a fold, so near neighbours do not leak between training and test.",
               {},
               0.0,
               {},
               true,
               Ref::none,
               "50000"},
              {"holdout",
               Type::number,
               false,
               "Share of deposit cells held out (seeded random) for the prediction-rate curve; data-driven "
               "models are refitted on the rest.",
               {},
               0.0,
               0.9,
               true,
               Ref::none,
               "0.3"},
              {"seed",
               Type::integer,
               false,
               "Random seed of the hold-out split and the fold assignment.",
               {},
               0.0,
               {},
               false,
               Ref::none,
               "42"},
              {"top_n",
               Type::integer,
               false,
               "Sites listed per commodity in the top-sites table.",
               {},
               1.0,
               {},
               false,
               Ref::none,
               "10"},
          },
          {},
          {}};
}

}  // namespace oremap::project
