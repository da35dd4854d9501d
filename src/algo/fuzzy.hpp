#pragma once
// Fuzzy membership functions and fuzzy overlay operators, defined as in ArcGIS Spatial Analyst
// ("Fuzzy Membership" / "Fuzzy Overlay"), with QGIS's power membership, so that maps made here
// match maps made there. docs/formulas.md lists each formula with its source.
//
// Conventions (all memberships are clamped to [0, 1]):
// - NaN input gives NaN output (nodata passes through untouched);
// - large/small need midpoint > 0; inputs x <= 0 take the limit at 0+ (large 0, small 1),
//   because ArcGIS does not accept negative inputs for them and (x/m)^s is undefined there;
// - mssmall is 1 for x <= a*m (ArcGIS's raster function does this; its help page's "0" is a typo).
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace oremap::algo {

enum class FuzzyKind { linear, gaussian, large, small, near, mslarge, mssmall, power };

// One parameter of a membership function, declared once so the project schema, its help and its
// defaults come from this table.
struct FuzzyParam {
  std::string name;
  std::optional<double> default_value;  // empty: the parameter is required
  std::string help;
};

class FuzzyFunction {
 public:
  // ArcGIS Linear: 0 at min, 1 at max, straight in between; min > max makes it decreasing.
  static FuzzyFunction linear(double min, double max);
  // ArcGIS Gaussian: exp(-spread * (x - midpoint)^2); spread > 0.
  static FuzzyFunction gaussian(double midpoint, double spread);
  // ArcGIS Large: 1 / (1 + (x / midpoint)^-spread); midpoint > 0, spread > 0.
  static FuzzyFunction large(double midpoint, double spread);
  // ArcGIS Small: 1 / (1 + (x / midpoint)^spread); midpoint > 0, spread > 0.
  static FuzzyFunction small(double midpoint, double spread);
  // ArcGIS Near: 1 / (1 + spread * (x - midpoint)^2); spread > 0.
  static FuzzyFunction near(double midpoint, double spread);
  // ArcGIS MSLarge: 1 - b*s / (x - a*m + b*s) for x > a*m, else 0. m, s are the mean and standard
  // deviation of the input values (computed by the caller); a, b their multipliers.
  static FuzzyFunction mslarge(double mean, double stddev, double mean_multiplier = 1.0, double std_multiplier = 1.0);
  // ArcGIS MSSmall: b*s / (x - a*m + b*s) for x > a*m, else 1.
  static FuzzyFunction mssmall(double mean, double stddev, double mean_multiplier = 1.0, double std_multiplier = 1.0);
  // QGIS power: ((x - low) / (high - low))^exponent between the bounds, 0 at low, 1 at high;
  // low > high makes it decreasing. exponent > 0.
  static FuzzyFunction power(double low, double high, double exponent);

  // Builds a function from its name (as in the project file) and named parameters; missing
  // parameters take their default, unknown names or missing required ones throw.
  static FuzzyFunction from_name(const std::string& kind, const std::map<std::string, double>& params);

  double operator()(double x) const;
  // out[i] = (*this)(in[i]) for n cells (NaN stays NaN): one dispatch per run of cells, so the
  // compiler vectorises the formula. Same values as the scalar call.
  void operator()(const float* in, float* out, std::size_t n) const;

  FuzzyKind kind() const { return kind_; }
  // The parameters in declaration order (see fuzzy_params()), e.g. {midpoint, spread}.
  const std::vector<double>& params() const { return p_; }

 private:
  FuzzyFunction(FuzzyKind kind, std::vector<double> p) : kind_(kind), p_(std::move(p)) {}
  FuzzyKind kind_;
  std::vector<double> p_;
};

// "linear", "gaussian", ... in enum order.
const std::vector<std::string>& fuzzy_kind_names();
std::string fuzzy_kind_name(FuzzyKind kind);
// Parameter table of a kind, in the order FuzzyFunction::params() uses.
const std::vector<FuzzyParam>& fuzzy_params(FuzzyKind kind);

// Fuzzy overlay: combines the memberships of one cell across any number of layers.
enum class OverlayKind {
  minimum,  // AND
  maximum,  // OR
  product,  // PRODUCT: prod(mu)
  sum,      // SUM: 1 - prod(1 - mu)
  gamma     // GAMMA: SUM^gamma * PRODUCT^(1 - gamma)
};

class FuzzyOverlay {
 public:
  // gamma is used only by OverlayKind::gamma and must lie in [0, 1].
  explicit FuzzyOverlay(OverlayKind kind, double gamma = 0.9);
  // Names as in the project file: "and", "or", "product", "sum", "gamma".
  static FuzzyOverlay from_name(const std::string& name, double gamma = 0.9);

  // Inputs are memberships in [0, 1]; n >= 1. Any NaN input gives NaN (nodata).
  double operator()(const double* mu, std::size_t n) const;
  double operator()(const std::vector<double>& mu) const { return (*this)(mu.data(), mu.size()); }

  OverlayKind kind() const { return kind_; }
  double gamma() const { return gamma_; }

 private:
  OverlayKind kind_;
  double gamma_;
};

}  // namespace oremap::algo
