#pragma once
// Binary logistic regression fitted by iteratively reweighted least squares (Newton-Raphson on
// the log-likelihood), with an intercept. Standard errors are the square roots of the diagonal
// of the inverse Fisher information at the estimate.
//
// Failure modes are errors, not silent numbers: perfect or quasi-complete separation (the
// likelihood has no finite maximum) and a singular information matrix (collinear or constant
// predictors) throw std::invalid_argument with what to do. No ridge penalty is added, so the
// coefficients are the plain maximum-likelihood ones and comparable with R's glm. Separation
// shows once the fitted probabilities have run to 0 or 1; if max_iterations ends the fit first,
// the result comes back with converged = false, which callers must treat as a failed fit.
//
// Rows are read in place and summed in order: memory is O(k^2) beyond the inputs, and the result
// is deterministic.
#include <cstddef>
#include <vector>

namespace oremap::algo {

struct LogisticOptions {
  int max_iterations = 100;
  // Converged when every Newton step |delta_j| <= tolerance * (1 + |beta_j|).
  double tolerance = 1e-10;
};

struct LogisticFit {
  std::vector<double> coefficients;     // [0] intercept, then one per feature
  std::vector<double> standard_errors;  // same order
  int iterations = 0;
  bool converged = false;
  double log_likelihood = 0;       // weighted, at the returned coefficients
  double null_log_likelihood = 0;  // weighted, of the intercept-only model (the labels' mean)

  // Akaike's information criterion, 2 k - 2 log L (k coefficients, the intercept included).
  double aic() const { return 2.0 * static_cast<double>(coefficients.size()) - 2.0 * log_likelihood; }
  // McFadden's pseudo-R^2, 1 - log L / log L0: 0 for no better than the intercept, towards 1.
  double mcfadden_r2() const { return 1.0 - log_likelihood / null_log_likelihood; }

  // Fitted probability for one row of features (coefficients.size() - 1 values).
  double predict(const double* features) const;
  double predict(const std::vector<double>& features) const;  // checks the length
};

// A predictor that makes the information matrix singular: constant over the rows with a
// positive weight (it duplicates the intercept), or a linear combination of other predictors
// (`with`, their indices) and the intercept.
struct RedundantPredictor {
  std::size_t index;
  std::vector<std::size_t> with;  // empty: constant
};

// The predictors to drop for a fit to exist, each named once: constant ones, then, by pivoted QR
// of the centred and scaled predictors, those that are linear combinations of the others
// (relative tolerance 1e-9). Empty when the predictors are independent.
std::vector<RedundantPredictor> redundant_predictors(const std::vector<double>& features, std::size_t n_features,
                                                     const std::vector<double>& weights = {});

// features: row-major, labels.size() rows of n_features values each (n_features may be 0:
// intercept only). labels: 0 or 1. weights: empty (all 1) or one frequency weight >= 0 per row.
LogisticFit fit_logistic(const std::vector<double>& features, std::size_t n_features, const std::vector<double>& labels,
                         const std::vector<double>& weights = {}, const LogisticOptions& options = {});

}  // namespace oremap::algo
