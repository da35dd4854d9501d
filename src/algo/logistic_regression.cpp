#include "algo/logistic_regression.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "core/number_text.hpp"

namespace oremap::algo {
namespace {

const std::string kWhere = "logistic regression: ";
const std::string kSeparation =
    kWhere +
    "perfect or quasi-complete separation: some fitted probabilities reach 0 or 1, so the "
    "coefficients grow without bound; drop or merge the predictor that separates deposits from "
    "non-deposits (or use weights of evidence for it)";
const std::string kSingular =
    kWhere +
    "singular information matrix: predictors are collinear or constant (a constant one duplicates "
    "the intercept); drop the redundant predictors";

struct Problem {
  const double* x;  // row-major n x k
  const double* y;
  const double* w;  // null: all weights 1
  std::size_t n;
  std::size_t k;
  double weight(std::size_t i) const { return w ? w[i] : 1.0; }
};

double linear_predictor(const Problem& p, std::size_t i, const Eigen::VectorXd& beta) {
  double eta = beta[0];
  const double* row = p.x + i * p.k;
  for (std::size_t j = 0; j < p.k; ++j) eta += beta[j + 1] * row[j];
  return eta;
}

// log(1 + e^eta) without overflow for large |eta|.
double log1p_exp(double eta) { return eta > 0 ? eta + std::log1p(std::exp(-eta)) : std::log1p(std::exp(eta)); }

double log_likelihood(const Problem& p, const Eigen::VectorXd& beta) {
  double ll = 0;
  for (std::size_t i = 0; i < p.n; ++i) {
    const double eta = linear_predictor(p, i, beta);
    ll += p.weight(i) * (p.y[i] * eta - log1p_exp(eta));
  }
  return ll;
}

// Score g = sum w (y - mu) x and Fisher information H = sum w mu (1 - mu) x x^T, x = [1, row].
// Returns the largest |eta| over rows with a positive weight.
double score_and_information(const Problem& p, const Eigen::VectorXd& beta, Eigen::VectorXd& g, Eigen::MatrixXd& h) {
  const Eigen::Index m = static_cast<Eigen::Index>(p.k + 1);
  g.setZero(m);
  h.setZero(m, m);
  Eigen::VectorXd xi(m);
  double max_eta = 0;
  for (std::size_t i = 0; i < p.n; ++i) {
    if (p.weight(i) == 0) continue;
    xi[0] = 1.0;
    for (std::size_t j = 0; j < p.k; ++j) xi[static_cast<Eigen::Index>(j) + 1] = p.x[i * p.k + j];
    const double eta = xi.dot(beta);
    max_eta = std::max(max_eta, std::abs(eta));
    const double mu = 1.0 / (1.0 + std::exp(-eta));
    g.noalias() += p.weight(i) * (p.y[i] - mu) * xi;
    const double c = p.weight(i) * mu * (1.0 - mu);
    for (Eigen::Index a = 0; a < m; ++a)
      for (Eigen::Index b = a; b < m; ++b) h(a, b) += c * xi[a] * xi[b];
  }
  h.triangularView<Eigen::StrictlyLower>() = h.transpose();
  return max_eta;
}

// Inverse of the information matrix, or false when it is singular. Works on the matrix scaled
// to unit diagonal so the test measures collinearity, not the units of the predictors. The test
// is on the pivots of the pivoted LDLT: Eigen's solve() silently skips a zero pivot.
bool invert_information(const Eigen::MatrixXd& h, Eigen::MatrixXd& inverse) {
  const Eigen::VectorXd d = h.diagonal();
  if ((d.array() <= 0).any() || !d.allFinite()) return false;
  const Eigen::VectorXd s = d.cwiseSqrt().cwiseInverse();
  const Eigen::MatrixXd scaled = s.asDiagonal() * h * s.asDiagonal();
  const Eigen::LDLT<Eigen::MatrixXd> ldlt(scaled);
  if (ldlt.info() != Eigen::Success) return false;
  const Eigen::VectorXd pivots = ldlt.vectorD();
  if (!(pivots.minCoeff() > 1e-12 * pivots.maxCoeff())) return false;
  const Eigen::MatrixXd identity = Eigen::MatrixXd::Identity(h.rows(), h.cols());
  inverse = s.asDiagonal() * ldlt.solve(identity) * s.asDiagonal();
  return true;
}

void validate(const std::vector<double>& features, std::size_t k, const std::vector<double>& y,
              const std::vector<double>& w, const LogisticOptions& opt) {
  const std::size_t n = y.size();
  if (features.size() != n * k)
    throw std::invalid_argument(kWhere + "features has " + std::to_string(features.size()) +
                                " values, expected rows (" + std::to_string(n) + ") * n_features (" +
                                std::to_string(k) + ") = " + std::to_string(n * k));
  if (!w.empty() && w.size() != n)
    throw std::invalid_argument(kWhere + "weights has " + std::to_string(w.size()) + " values, expected one per row (" +
                                std::to_string(n) + ")");
  if (opt.max_iterations < 1 || !(opt.tolerance > 0))
    throw std::invalid_argument(kWhere + "max_iterations must be >= 1 and tolerance > 0 (got " +
                                std::to_string(opt.max_iterations) + ", " + shortest_text(opt.tolerance) + ")");
  double w_pos = 0, w_neg = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double wi = w.empty() ? 1.0 : w[i];
    if (!(std::isfinite(wi) && wi >= 0))
      throw std::invalid_argument(kWhere + "weights must be finite and >= 0 (got " + shortest_text(wi) + " at row " +
                                  std::to_string(i) + ")");
    if (y[i] != 0.0 && y[i] != 1.0)
      throw std::invalid_argument(kWhere + "labels must be 0 or 1 (got " + shortest_text(y[i]) + " at row " +
                                  std::to_string(i) + ")");
    (y[i] == 1.0 ? w_pos : w_neg) += wi;
  }
  if (w_pos <= 0 || w_neg <= 0)
    throw std::invalid_argument(kWhere + "labels need both 0s and 1s with positive weight (got " +
                                shortest_text(w_pos) + " for 1, " + shortest_text(w_neg) + " for 0)");
  for (std::size_t i = 0; i < features.size(); ++i)
    if (!std::isfinite(features[i]))
      throw std::invalid_argument(kWhere + "features must be finite (got " + shortest_text(features[i]) + " at row " +
                                  std::to_string(i / k) + ", feature " + std::to_string(i % k) +
                                  "); drop or fill nodata cells first");
}

}  // namespace

LogisticFit fit_logistic(const std::vector<double>& features, std::size_t n_features, const std::vector<double>& labels,
                         const std::vector<double>& weights, const LogisticOptions& options) {
  validate(features, n_features, labels, weights, options);
  const Problem p{features.data(), labels.data(), weights.empty() ? nullptr : weights.data(), labels.size(),
                  n_features};
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n_features + 1));
  Eigen::VectorXd g;
  Eigen::MatrixXd h, h_inv;
  LogisticFit fit;
  double ll = log_likelihood(p, beta);
  for (int it = 1; it <= options.max_iterations && !fit.converged; ++it) {
    score_and_information(p, beta, g, h);
    // At beta = 0 every weight is 1/4, so a singular matrix there comes from the predictors;
    // later it comes from weights collapsing to 0 as fitted probabilities reach 0 or 1.
    if (!invert_information(h, h_inv)) throw std::invalid_argument(it == 1 ? kSingular : kSeparation);
    Eigen::VectorXd step = h_inv * g;
    Eigen::VectorXd next = beta + step;
    double next_ll = log_likelihood(p, next);
    // Step halving keeps the likelihood from decreasing when a full Newton step overshoots.
    for (int halvings = 0; next_ll < ll - 1e-12 * (1 + std::abs(ll)) && halvings < 40; ++halvings) {
      step *= 0.5;
      next = beta + step;
      next_ll = log_likelihood(p, next);
    }
    // A step halved 40 times without raising the likelihood is not convergence, however small.
    const bool improved = next_ll >= ll - 1e-12 * (1 + std::abs(ll));
    beta = next;
    ll = next_ll;
    fit.iterations = it;
    fit.converged = improved && (step.array().abs() <= options.tolerance * (1.0 + beta.array().abs())).all();
  }
  const double max_eta = score_and_information(p, beta, g, h);
  // |eta| > 30 means a fitted probability within 1e-13 of 0 or 1: no finite maximum exists.
  if ((!fit.converged && max_eta > 30) || !invert_information(h, h_inv)) throw std::invalid_argument(kSeparation);
  fit.log_likelihood = ll;
  double positive = 0, total = 0;
  for (std::size_t i = 0; i < p.n; ++i) {
    positive += p.weight(i) * p.y[i];
    total += p.weight(i);
  }
  const double mean = positive / total;  // in (0, 1): validate() wants both labels weighted
  fit.null_log_likelihood = positive * std::log(mean) + (total - positive) * std::log1p(-mean);
  fit.coefficients.assign(beta.data(), beta.data() + beta.size());
  for (Eigen::Index j = 0; j < beta.size(); ++j) fit.standard_errors.push_back(std::sqrt(h_inv(j, j)));
  return fit;
}

std::vector<RedundantPredictor> redundant_predictors(const std::vector<double>& features, std::size_t n_features,
                                                     const std::vector<double>& weights) {
  std::vector<RedundantPredictor> out;
  if (n_features == 0) return out;
  const std::size_t rows = features.size() / n_features;
  std::vector<std::size_t> used;  // rows with a positive weight
  for (std::size_t i = 0; i < rows; ++i)
    if (weights.empty() || weights[i] > 0) used.push_back(i);
  std::vector<std::size_t> varying;
  for (std::size_t j = 0; j < n_features; ++j) {
    bool constant = true;
    for (std::size_t i : used)
      constant = constant && features[i * n_features + j] == features[used[0] * n_features + j];
    if (constant)
      out.push_back({j, {}});
    else
      varying.push_back(j);
  }
  if (varying.size() < 2 || used.empty()) return out;
  // Centred (the intercept taken out) and scaled to unit length, so the tolerance is relative.
  Eigen::MatrixXd x(static_cast<Eigen::Index>(used.size()), static_cast<Eigen::Index>(varying.size()));
  for (std::size_t a = 0; a < varying.size(); ++a) {
    for (std::size_t r = 0; r < used.size(); ++r)
      x(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(a)) = features[used[r] * n_features + varying[a]];
    auto column = x.col(static_cast<Eigen::Index>(a));
    column.array() -= column.mean();
    column /= column.norm();
  }
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(x);
  qr.setThreshold(1e-9);
  const Eigen::Index rank = qr.rank();
  const auto& order = qr.colsPermutation().indices();
  if (rank == x.cols()) return out;
  // Each dependent column by least squares on the independent ones: its partners are those
  // with a coefficient that matters.
  Eigen::MatrixXd independent(x.rows(), rank);
  for (Eigen::Index a = 0; a < rank; ++a) independent.col(a) = x.col(order[a]);
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> basis(independent);
  for (Eigen::Index a = rank; a < x.cols(); ++a) {
    const Eigen::VectorXd c = basis.solve(x.col(order[a]));
    RedundantPredictor r{varying[static_cast<std::size_t>(order[a])], {}};
    for (Eigen::Index b = 0; b < rank; ++b)
      if (std::abs(c[b]) > 1e-6) r.with.push_back(varying[static_cast<std::size_t>(order[b])]);
    std::sort(r.with.begin(), r.with.end());
    out.push_back(r);
  }
  return out;
}

double LogisticFit::predict(const double* features) const {
  double eta = coefficients.at(0);
  for (std::size_t j = 1; j < coefficients.size(); ++j) eta += coefficients[j] * features[j - 1];
  return 1.0 / (1.0 + std::exp(-eta));
}

double LogisticFit::predict(const std::vector<double>& features) const {
  if (features.size() + 1 != coefficients.size())
    throw std::invalid_argument(kWhere + "predict needs " + std::to_string(coefficients.size() - 1) +
                                " features (got " + std::to_string(features.size()) + ")");
  return predict(features.data());
}

}  // namespace oremap::algo
