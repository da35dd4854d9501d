#pragma once
// Weights of evidence after Bonham-Carter (1994), "Geographic Information Systems for
// Geoscientists", ch. 9: weights per evidence class, cumulative generalisation of ordered
// classes, posterior probability and its variance, and conditional-independence checks.
// docs/formulas.md gives every formula with its source.
//
// Conventions:
// - areas are counted in unit cells: area = cells * cell_area / unit_cell_area;
// - the totals of one evidence layer are the sums over its classes, i.e. the area where that
//   evidence is known; cells with missing evidence are left out of its weights;
// - a degenerate class (no deposits in it, all deposits in it, or no deposit-free area on one
//   side) gets the affected weight flagged undefined, stored as 0 with a 0 variance, and a note
//   naming the reason; it then adds nothing to the posterior. Contrast is defined only when both
//   weights are;
// - a cell whose evidence is missing in a layer gets weight 0 for that layer (Agterberg &
//   Bonham-Carter convention).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace oremap::algo {

// Converts grid cells to unit cells, the area unit the WofE formulas count in.
struct UnitCell {
  double cell_area = 0;              // m^2 of one grid cell
  double unit_cell_area = 0;         // m^2 of one unit cell (e.g. 1e6 for 1 km^2)
  double units(double cells) const;  // throws if either area is not > 0
};

// One class of an evidence layer, as counted on the grid.
struct EvidenceClass {
  std::string label;
  std::uint64_t cells = 0;     // grid cells of the class with known evidence
  std::uint64_t deposits = 0;  // training deposits in the class
  // Label of the cumulative split that ends at this class, in value terms ("d <= 500");
  // empty: "<= label" (ascending) or ">= label" (descending).
  std::string split_label = {};
};

// Weights of one binary pattern B (a class, or a cumulative group of classes) against the rest.
struct WeightRow {
  std::string label;
  double area_units = 0;              // area of B in unit cells
  double deposits = 0;                // deposits in B
  double w_plus = 0, s_w_plus = 0;    // W+ and its standard deviation
  double w_minus = 0, s_w_minus = 0;  // W- and its standard deviation
  double contrast = 0, s_contrast = 0, stud_contrast = 0;
  bool w_plus_defined = false;
  bool w_minus_defined = false;
  std::string note;  // why a weight is undefined; empty when both are defined
  // False for a cumulative split that says nothing new: it takes every class (no area outside
  // it), no area at all, or the same cells as the split before it (an empty class added). Such a
  // split is never the threshold, and the weights table leaves it out; a constant layer keeps its
  // one (whole) split, so the table still names it.
  bool reported = true;

  bool contrast_defined() const { return w_plus_defined && w_minus_defined; }
};

// Weights of pattern B: area_in and deposits_in inside B, area_total and deposits_total over the
// layer's known area (areas in unit cells). Throws std::invalid_argument on impossible counts.
WeightRow binary_weights(const std::string& label, double area_in, double deposits_in, double area_total,
                         double deposits_total);

// Categorical evidence: each class against all the other classes of the layer.
std::vector<WeightRow> class_weights(const std::vector<EvidenceClass>& classes, const UnitCell& unit);

// Cumulative generalisation of ordered classes. ascending: split k is B = classes[0..k]
// ("<= label_k"), for evidence that favours low values such as distance to a fault;
// descending: split k is B = classes[k..n-1] (">= label_k"), e.g. for geochemical values.
enum class Cumulation { ascending, descending };

struct Generalisation {
  Cumulation direction = Cumulation::ascending;
  double min_stud_contrast = 1.96;
  std::vector<WeightRow> rows;           // split k at index k, in class order
  std::optional<std::size_t> threshold;  // split with the largest studentized contrast among
                                         // those >= min_stud_contrast; empty if none qualifies
};

Generalisation cumulative_weights(const std::vector<EvidenceClass>& ordered_classes, const UnitCell& unit,
                                  Cumulation direction, double min_stud_contrast = 1.96);

// Per-class weight and variance of one layer, as the posterior uses them.
struct LayerWeights {
  std::string name;
  std::vector<double> weight;    // by class index
  std::vector<double> variance;  // s^2 of that weight
};

// Categorical layer: class i carries W+ of class i (undefined weights count as 0).
LayerWeights categorical_layer(const std::string& name, const std::vector<WeightRow>& rows);
// Binary layer from one split of a generalisation: classes inside B carry W+, the rest W-.
LayerWeights binary_layer(const std::string& name, const Generalisation& generalisation, std::size_t split);

struct PosteriorValue {
  double probability = 0;
  double logit = 0;
  double variance = 0;  // P^2 * (1/N(D) + sum of s^2(W_j)), Bonham-Carter (1994) ch. 9
  double stddev = 0;
};

// Prior from the study area, then posterior logit = prior logit + sum of the cell's weights.
class PosteriorModel {
 public:
  // area_units, deposits over the whole study area; need deposits > 0 and area > deposits.
  PosteriorModel(double study_area_units, double study_deposits);
  void add_layer(LayerWeights layer);  // weight and variance must have the same length

  double prior_probability() const { return prior_; }
  double prior_logit() const;
  std::size_t layer_count() const { return layers_.size(); }

  // codes[j] is the cell's class index in layer j; a negative code means missing (weight 0).
  PosteriorValue evaluate(const int* codes) const;

 private:
  double deposits_;
  double prior_;
  std::vector<LayerWeights> layers_;
};

// Pairwise conditional independence of two binary patterns, tested on the deposits only with a
// 2x2 chi-square (1 degree of freedom, no continuity correction), after Bonham-Carter (1994),
// ch. 9.
struct PairwiseIndependence {
  double observed[2][2] = {};  // deposits by [in B1 ? 0 : 1][in B2 ? 0 : 1]
  double expected[2][2] = {};  // row total * column total / N(D)
  double chi_square = 0;
  double p_value = 1;  // upper tail of chi-square with 1 degree of freedom
  bool defined = false;
  std::string note;
};

PairwiseIndependence pairwise_independence(double both, double only_first, double only_second, double neither);

// Overall check: observed deposits / deposits predicted by the model (the sum over cells of
// posterior probability * cell area in unit cells). Below 0.85 suggests conditional dependence.
struct OverallIndependence {
  double observed = 0;
  double predicted = 0;
  double ratio = 0;
  std::string note;
};

OverallIndependence overall_independence(double observed_deposits, double predicted_deposits);

// Agterberg & Cheng (2002), "Conditional independence test for weights-of-evidence modeling",
// Natural Resources Research 11(4), as ArcSDM runs it: T = sum over unique conditions k of
// A_k P_k (A in unit cells), s^2(T) = sum A_k^2 s^2(P_k), z = (T - n) / s(T) for n observed
// deposits. Conditional independence makes T - n ~ N(0, s^2(T)); the one-sided p-value is the
// upper tail P(Z >= z), since violations make the model predict too many deposits.
struct AgterbergChengTest {
  double observed = 0;     // n
  double predicted = 0;    // T
  double s_predicted = 0;  // s(T)
  double z = 0;
  double p_value = 0;        // one-sided, upper tail
  bool rejected_95 = false;  // conditional independence rejected at 95 % (p < 0.05)
  bool rejected_99 = false;  // and at 99 % (p < 0.01)
};

AgterbergChengTest agterberg_cheng(double observed_deposits, double predicted_deposits, double predicted_variance);

// The weights table as CSV (header: class, area_cells, deposits, w_plus, s_w_plus, w_minus,
// s_w_minus, contrast, s_contrast, stud_contrast, note), reported rows only. area_cells is the
// area in unit cells.
// Undefined values are left empty, never written as 0; the note says why.
std::string weights_csv(const std::vector<WeightRow>& rows);

}  // namespace oremap::algo
