#include "stages/models/xgboost_booster.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace oremap::xgb {

void check(int rc, const char* what) {
  if (rc == 0) return;
  std::string message = XGBGetLastError();
  message = message.substr(0, message.find("\nStack trace:"));  // the library's own frames say nothing here
  throw LibraryError(std::string("XGBoost ") + what + " failed: " + message);
}

std::string version() {
  int major = 0, minor = 0, patch = 0;
  XGBoostVersion(&major, &minor, &patch);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

DMatrix training_matrix(const std::vector<float>& features, std::size_t cols, const std::vector<float>& labels,
                        const std::vector<float>& weights) {
  DMatrixHandle h = nullptr;
  check(XGDMatrixCreateFromMat(features.data(), labels.size(), cols, NAN, &h), "DMatrix creation");
  DMatrix m(h);
  check(XGDMatrixSetFloatInfo(h, "label", labels.data(), labels.size()), "setting the labels");
  check(XGDMatrixSetFloatInfo(h, "weight", weights.data(), weights.size()), "setting the weights");
  return m;
}

Booster::Booster(const DMatrix& train, const std::vector<std::pair<std::string, std::string>>& params) {
  const DMatrixHandle matrices[] = {train.get()};
  BoosterHandle h = nullptr;
  check(XGBoosterCreate(matrices, 1, &h), "booster creation");
  handle_.reset(h);
  for (const auto& [name, value] : params)
    check(XGBoosterSetParam(h, name.c_str(), value.c_str()), ("parameter " + name + " = " + value).c_str());
}

void Booster::update(int iter, const DMatrix& train) {
  check(XGBoosterUpdateOneIter(handle_.get(), iter, train.get()), "training");
}

void Booster::predict(const float* values, std::size_t rows, std::size_t cols, float* out) const {
  if (rows == 0) return;
  // The array interface (version 3): the data's address, shape and type (little-endian float32).
  const nlohmann::json array = {{"data", {reinterpret_cast<std::uintptr_t>(values), true}},
                                {"shape", {rows, cols}},
                                {"typestr", "<f4"},
                                {"version", 3}};
  // Normal prediction (type 0) with every tree; rows hold no missing value, and NaN is one no
  // input can equal; no prediction cache (cache_id 0).
  const char* config = R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0,)"
                       R"( "strict_shape": false, "missing": NaN, "cache_id": 0})";
  const bst_ulong* shape = nullptr;
  bst_ulong dim = 0;
  const float* result = nullptr;
  check(XGBoosterPredictFromDense(handle_.get(), array.dump().c_str(), config, nullptr, &shape, &dim, &result),
        "prediction");
  bst_ulong n = 1;
  for (bst_ulong d = 0; d < dim; ++d) n *= shape[d];
  if (n != rows)
    throw LibraryError("XGBoost prediction gave " + std::to_string(n) + " values for " + std::to_string(rows) +
                       " rows");
  std::copy(result, result + rows, out);
}

std::map<std::size_t, double> Booster::feature_scores(const char* type) const {
  const std::string config = nlohmann::json{{"importance_type", type}}.dump();
  bst_ulong n_features = 0, dim = 0;
  const char** names = nullptr;
  const bst_ulong* shape = nullptr;
  const float* scores = nullptr;
  check(XGBoosterFeatureScore(handle_.get(), config.c_str(), &n_features, &names, &dim, &shape, &scores),
        "feature importance");
  std::map<std::size_t, double> out;
  for (bst_ulong i = 0; i < n_features; ++i) {
    // Features without names are called f0, f1, ... by their column.
    const std::string name = names[i];
    const char* last = name.data() + name.size();
    std::size_t index = 0;
    const bool named_f = name.size() >= 2 && name[0] == 'f';
    if (!named_f || std::from_chars(name.data() + 1, last, index).ptr != last)
      throw LibraryError("XGBoost feature importance named an unexpected feature '" + name + "'");
    out[index] = scores[i];
  }
  return out;
}

}  // namespace oremap::xgb
