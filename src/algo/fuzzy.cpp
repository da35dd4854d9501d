#include "algo/fuzzy.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/number_text.hpp"

namespace oremap::algo {
namespace {

double clamp01(double v) { return std::min(1.0, std::max(0.0, v)); }

void require_finite(const std::string& kind, const std::string& name, double v) {
  if (!std::isfinite(v))
    throw std::invalid_argument(kind + ": " + name + " must be a finite number (got " + shortest_text(v) + ")");
}

void require_positive(const std::string& kind, const std::string& name, double v) {
  require_finite(kind, name, v);
  if (v <= 0) throw std::invalid_argument(kind + ": " + name + " must be > 0 (got " + shortest_text(v) + ")");
}

void require_distinct(const std::string& kind, const std::string& a, double va, const std::string& b, double vb) {
  require_finite(kind, a, va);
  require_finite(kind, b, vb);
  if (va == vb)
    throw std::invalid_argument(kind + ": " + a + " and " + b + " must differ (both " + shortest_text(va) + ")");
}

void validate_ms(const std::string& kind, double mean, double stddev, double a, double b) {
  require_finite(kind, "mean", mean);
  require_finite(kind, "std", stddev);
  if (stddev < 0) throw std::invalid_argument(kind + ": std must be >= 0 (got " + shortest_text(stddev) + ")");
  require_finite(kind, "mean_multiplier", a);
  require_positive(kind, "std_multiplier", b);
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Between the two bounds of the linear and power memberships; t in [0, 1] when x lies between.
double bounded_fraction(double x, double lo, double hi) { return clamp01((x - lo) / (hi - lo)); }

template <class Formula>
void each_cell(const float* in, float* out, std::size_t n, Formula f) {
  for (std::size_t i = 0; i < n; ++i) {
    const double x = in[i];
    out[i] = std::isnan(x) ? NAN : static_cast<float>(f(x));
  }
}

}  // namespace

FuzzyFunction FuzzyFunction::linear(double min, double max) {
  require_distinct("linear", "min", min, "max", max);
  return FuzzyFunction(FuzzyKind::linear, {min, max});
}

FuzzyFunction FuzzyFunction::gaussian(double midpoint, double spread) {
  require_finite("gaussian", "midpoint", midpoint);
  require_positive("gaussian", "spread", spread);
  return FuzzyFunction(FuzzyKind::gaussian, {midpoint, spread});
}

FuzzyFunction FuzzyFunction::large(double midpoint, double spread) {
  require_positive("large", "midpoint", midpoint);
  require_positive("large", "spread", spread);
  return FuzzyFunction(FuzzyKind::large, {midpoint, spread});
}

FuzzyFunction FuzzyFunction::small(double midpoint, double spread) {
  require_positive("small", "midpoint", midpoint);
  require_positive("small", "spread", spread);
  return FuzzyFunction(FuzzyKind::small, {midpoint, spread});
}

FuzzyFunction FuzzyFunction::near(double midpoint, double spread) {
  require_finite("near", "midpoint", midpoint);
  require_positive("near", "spread", spread);
  return FuzzyFunction(FuzzyKind::near, {midpoint, spread});
}

FuzzyFunction FuzzyFunction::mslarge(double mean, double stddev, double a, double b) {
  validate_ms("mslarge", mean, stddev, a, b);
  return FuzzyFunction(FuzzyKind::mslarge, {mean, stddev, a, b});
}

FuzzyFunction FuzzyFunction::mssmall(double mean, double stddev, double a, double b) {
  validate_ms("mssmall", mean, stddev, a, b);
  return FuzzyFunction(FuzzyKind::mssmall, {mean, stddev, a, b});
}

FuzzyFunction FuzzyFunction::power(double low, double high, double exponent) {
  require_distinct("power", "low", low, "high", high);
  require_positive("power", "exponent", exponent);
  return FuzzyFunction(FuzzyKind::power, {low, high, exponent});
}

void FuzzyFunction::operator()(const float* in, float* out, std::size_t n) const {
  const double lo = p_[0], hi = p_[1];
  switch (kind_) {  // the formulas vectorise; the others call the scalar form per cell
    case FuzzyKind::linear:
      return each_cell(in, out, n, [lo, hi](double x) { return bounded_fraction(x, lo, hi); });
    case FuzzyKind::near:
      return each_cell(in, out, n, [lo, hi](double x) { return 1.0 / (1.0 + hi * (x - lo) * (x - lo)); });
    default:
      return each_cell(in, out, n, [this](double x) { return (*this)(x); });
  }
}

double FuzzyFunction::operator()(double x) const {
  if (std::isnan(x)) return x;
  const auto& p = p_;
  switch (kind_) {
    case FuzzyKind::linear:
      return bounded_fraction(x, p[0], p[1]);
    case FuzzyKind::gaussian:
      return std::exp(-p[1] * (x - p[0]) * (x - p[0]));
    case FuzzyKind::large:
      return x <= 0 ? 0.0 : 1.0 / (1.0 + std::pow(x / p[0], -p[1]));
    case FuzzyKind::small:
      return x <= 0 ? 1.0 : 1.0 / (1.0 + std::pow(x / p[0], p[1]));
    case FuzzyKind::near:
      return 1.0 / (1.0 + p[1] * (x - p[0]) * (x - p[0]));
    case FuzzyKind::mslarge:
    case FuzzyKind::mssmall: {
      const double am = p[2] * p[0], bs = p[3] * p[1];
      const bool is_large = kind_ == FuzzyKind::mslarge;
      if (x <= am) return is_large ? 0.0 : 1.0;
      const double ratio = bs / (x - am + bs);  // x > am and bs >= 0: denominator > 0
      return clamp01(is_large ? 1.0 - ratio : ratio);
    }
    case FuzzyKind::power:
      return std::pow(bounded_fraction(x, p[0], p[1]), p[2]);
  }
  return std::numeric_limits<double>::quiet_NaN();  // unreachable: every kind handled above
}

const std::vector<std::string>& fuzzy_kind_names() {
  static const std::vector<std::string> names = {"linear", "gaussian", "large",   "small",
                                                 "near",   "mslarge",  "mssmall", "power"};
  return names;
}

std::string fuzzy_kind_name(FuzzyKind kind) { return fuzzy_kind_names()[static_cast<std::size_t>(kind)]; }

const std::vector<FuzzyParam>& fuzzy_params(FuzzyKind kind) {
  // Defaults are ArcGIS's where they do not depend on the data (its midpoint default is the
  // middle of the data range, which the caller must supply).
  static const std::vector<FuzzyParam> linear = {
      {"min", std::nullopt, "value with membership 0"},
      {"max", std::nullopt, "value with membership 1 (may be below min: decreasing)"}};
  static const std::vector<FuzzyParam> gauss_near = {{"midpoint", std::nullopt, "value with membership 1"},
                                                     {"spread", 0.1, "> 0; larger is narrower"}};
  static const std::vector<FuzzyParam> large_small = {{"midpoint", std::nullopt, "> 0; value with membership 0.5"},
                                                      {"spread", 5.0, "> 0; larger is steeper"}};
  static const std::vector<FuzzyParam> ms = {{"mean", std::nullopt, "mean of the input values"},
                                             {"std", std::nullopt, ">= 0; standard deviation of the input values"},
                                             {"mean_multiplier", 1.0, "a in a*mean"},
                                             {"std_multiplier", 1.0, "> 0; b in b*std"}};
  static const std::vector<FuzzyParam> power = {
      {"low", std::nullopt, "value with membership 0"},
      {"high", std::nullopt, "value with membership 1 (may be below low: decreasing)"},
      {"exponent", std::nullopt, "> 0"}};
  switch (kind) {
    case FuzzyKind::linear:
      return linear;
    case FuzzyKind::gaussian:
    case FuzzyKind::near:
      return gauss_near;
    case FuzzyKind::large:
    case FuzzyKind::small:
      return large_small;
    case FuzzyKind::mslarge:
    case FuzzyKind::mssmall:
      return ms;
    case FuzzyKind::power:
      return power;
  }
  return linear;  // unreachable
}

FuzzyFunction FuzzyFunction::from_name(const std::string& kind_name, const std::map<std::string, double>& params) {
  const auto& names = fuzzy_kind_names();
  const auto it = std::find(names.begin(), names.end(), kind_name);
  if (it == names.end())
    throw std::invalid_argument("fuzzy: unknown function '" + kind_name + "'; use one of " + join(names));
  const auto kind = static_cast<FuzzyKind>(it - names.begin());
  const auto& table = fuzzy_params(kind);
  std::vector<std::string> allowed;
  for (const auto& spec : table) allowed.push_back(spec.name);
  for (const auto& entry : params) {
    if (std::find(allowed.begin(), allowed.end(), entry.first) == allowed.end())
      throw std::invalid_argument(kind_name + ": unknown parameter '" + entry.first + "'; use " + join(allowed));
  }
  std::vector<double> v;
  for (const auto& spec : table) {
    const auto found = params.find(spec.name);
    if (found != params.end())
      v.push_back(found->second);
    else if (spec.default_value)
      v.push_back(*spec.default_value);
    else
      throw std::invalid_argument(kind_name + ": missing parameter '" + spec.name + "' (" + spec.help + ")");
  }
  switch (kind) {
    case FuzzyKind::linear:
      return linear(v[0], v[1]);
    case FuzzyKind::gaussian:
      return gaussian(v[0], v[1]);
    case FuzzyKind::large:
      return large(v[0], v[1]);
    case FuzzyKind::small:
      return small(v[0], v[1]);
    case FuzzyKind::near:
      return near(v[0], v[1]);
    case FuzzyKind::mslarge:
      return mslarge(v[0], v[1], v[2], v[3]);
    case FuzzyKind::mssmall:
      return mssmall(v[0], v[1], v[2], v[3]);
    case FuzzyKind::power:
      return power(v[0], v[1], v[2]);
  }
  throw std::invalid_argument("fuzzy: unhandled function '" + kind_name + "'");
}

FuzzyOverlay::FuzzyOverlay(OverlayKind kind, double gamma) : kind_(kind), gamma_(gamma) {
  if (kind == OverlayKind::gamma && !(gamma >= 0.0 && gamma <= 1.0))
    throw std::invalid_argument("fuzzy overlay gamma: gamma must be in [0, 1] (got " + shortest_text(gamma) + ")");
}

FuzzyOverlay FuzzyOverlay::from_name(const std::string& name, double gamma) {
  static const std::vector<std::string> names = {"and", "or", "product", "sum", "gamma"};
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end())
    throw std::invalid_argument("fuzzy overlay: unknown operator '" + name + "'; use one of " + join(names));
  return FuzzyOverlay(static_cast<OverlayKind>(it - names.begin()), gamma);
}

double FuzzyOverlay::operator()(const double* mu, std::size_t n) const {
  if (n == 0) throw std::invalid_argument("fuzzy overlay: needs at least one input membership");
  double lo = mu[0], hi = mu[0], prod = 1.0, log_not = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(mu[i])) return mu[i];
    lo = std::min(lo, mu[i]);
    hi = std::max(hi, mu[i]);
    prod *= mu[i];
    log_not += std::log1p(-mu[i]);
  }
  // 1 - prod(1 - mu), as -expm1(sum log1p(-mu)) so memberships far below 1e-16 still count.
  const double sum = -std::expm1(log_not);
  switch (kind_) {
    case OverlayKind::minimum:
      return lo;
    case OverlayKind::maximum:
      return hi;
    case OverlayKind::product:
      return prod;
    case OverlayKind::sum:
      return sum;
    // pow(0, 0) == 1, so gamma = 0 is exactly PRODUCT and gamma = 1 exactly SUM.
    case OverlayKind::gamma:
      return std::pow(sum, gamma_) * std::pow(prod, 1.0 - gamma_);
  }
  return std::numeric_limits<double>::quiet_NaN();  // unreachable
}

}  // namespace oremap::algo
