#pragma once
// XGBoost (libxgboost, its C API) as the boosted-trees model uses it: RAII owners of the DMatrix
// and Booster handles, and the few calls made on them. Every return code is checked: a failure
// throws LibraryError with XGBoost's own message (XGBGetLastError).
#include <xgboost/c_api.h>

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace oremap::xgb {

// Throws LibraryError "XGBoost <what> failed: <XGBoost's message>" unless rc is 0.
void check(int rc, const char* what);

// "1.7.4", the library linked at run time.
std::string version();

struct DMatrixFree {
  void operator()(DMatrixHandle h) const { XGDMatrixFree(h); }
};
using DMatrix = std::unique_ptr<void, DMatrixFree>;

struct BoosterFree {
  void operator()(BoosterHandle h) const { XGBoosterFree(h); }
};

// Training rows: `features` row-major with `cols` columns, a label and a weight per row.
DMatrix training_matrix(const std::vector<float>& features, std::size_t cols, const std::vector<float>& labels,
                        const std::vector<float>& weights);

class Booster {
 public:
  // A booster for `train` with these parameters (name, value), in this order.
  Booster(const DMatrix& train, const std::vector<std::pair<std::string, std::string>>& params);

  // One boosting round (iteration `iter`, from 0) on `train`.
  void update(int iter, const DMatrix& train);

  // Probabilities of `rows` complete rows (row-major, `cols` values each, no NaN) into `out`.
  // Not to be called from two threads at once.
  void predict(const float* values, std::size_t rows, std::size_t cols, float* out) const;

  // Importance of each feature that the trees split on, by feature index: `type` is one of
  // XGBoost's importance types ("total_gain", "gain", "weight", ...). Features never used are absent.
  std::map<std::size_t, double> feature_scores(const char* type) const;

 private:
  std::unique_ptr<void, BoosterFree> handle_;
};

}  // namespace oremap::xgb
