#include "algo/weights_of_evidence.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "core/number_text.hpp"

namespace oremap::algo {
namespace {

const std::string kWhere = "weights of evidence: ";

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument(kWhere + what);
}

void add_note(std::string& note, const std::string& text) { note += (note.empty() ? "" : "; ") + text; }

// RFC 4180: quote a field holding a comma, quote or line break; double inner quotes.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void validate_totals(double area_total, double deposits_total) {
  require(std::isfinite(deposits_total) && deposits_total > 0,
          "total deposits must be > 0 (got " + shortest_text(deposits_total) +
              "); place training deposits inside the evidence's known area");
  require(std::isfinite(area_total) && area_total > deposits_total,
          "total area (" + shortest_text(area_total) + " unit cells) must exceed the total deposits (" +
              shortest_text(deposits_total) + "); use a smaller unit cell");
}

}  // namespace

double UnitCell::units(double cells) const {
  require(std::isfinite(cell_area) && cell_area > 0,
          "cell_area must be > 0 m^2 (got " + shortest_text(cell_area) + ")");
  require(std::isfinite(unit_cell_area) && unit_cell_area > 0,
          "unit_cell_area must be > 0 m^2 (got " + shortest_text(unit_cell_area) + ")");
  return cells * cell_area / unit_cell_area;
}

WeightRow binary_weights(const std::string& label, double area_in, double deposits_in, double area_total,
                         double deposits_total) {
  validate_totals(area_total, deposits_total);
  require(area_in >= 0 && area_in <= area_total, "class '" + label + "': area must be in [0, " +
                                                     shortest_text(area_total) + "] unit cells (got " +
                                                     shortest_text(area_in) + ")");
  require(deposits_in >= 0 && deposits_in <= deposits_total, "class '" + label + "': deposits must be in [0, " +
                                                                 shortest_text(deposits_total) + "] (got " +
                                                                 shortest_text(deposits_in) + ")");
  WeightRow w;
  w.label = label;
  w.area_units = area_in;
  w.deposits = deposits_in;
  // The four cells of the 2x2 table, in unit cells (Bonham-Carter 1994, ch. 9).
  const double b_d = deposits_in;
  const double b_nd = area_in - deposits_in;
  const double nb_d = deposits_total - deposits_in;
  const double nb_nd = (area_total - area_in) - nb_d;
  const double non_deposit = area_total - deposits_total;
  if (b_d <= 0) {
    add_note(w.note, "no deposits in class");
  } else if (b_nd <= 0) {
    add_note(w.note, "class area not larger than its deposits (in unit cells)");
  } else {
    w.w_plus = std::log((b_d / deposits_total) / (b_nd / non_deposit));
    w.s_w_plus = std::sqrt(1.0 / b_d + 1.0 / b_nd);
    w.w_plus_defined = true;
  }
  if (nb_d <= 0) {
    add_note(w.note, "all deposits in class");
  } else if (nb_nd <= 0) {
    add_note(w.note, "area outside class not larger than its deposits (in unit cells)");
  } else {
    w.w_minus = std::log((nb_d / deposits_total) / (nb_nd / non_deposit));
    w.s_w_minus = std::sqrt(1.0 / nb_d + 1.0 / nb_nd);
    w.w_minus_defined = true;
  }
  if (w.contrast_defined()) {
    w.contrast = w.w_plus - w.w_minus;
    w.s_contrast = std::sqrt(w.s_w_plus * w.s_w_plus + w.s_w_minus * w.s_w_minus);
    w.stud_contrast = w.contrast / w.s_contrast;
  }
  return w;
}

std::vector<WeightRow> class_weights(const std::vector<EvidenceClass>& classes, const UnitCell& unit) {
  require(!classes.empty(), "an evidence layer needs at least one class");
  double area_total = 0, deposits_total = 0;
  for (const auto& c : classes) {
    area_total += unit.units(static_cast<double>(c.cells));
    deposits_total += static_cast<double>(c.deposits);
  }
  std::vector<WeightRow> rows;
  for (const auto& c : classes)
    rows.push_back(binary_weights(c.label, unit.units(static_cast<double>(c.cells)), static_cast<double>(c.deposits),
                                  area_total, deposits_total));
  return rows;
}

Generalisation cumulative_weights(const std::vector<EvidenceClass>& classes, const UnitCell& unit, Cumulation direction,
                                  double min_stud_contrast) {
  require(!classes.empty(), "an evidence layer needs at least one class");
  require(!std::isnan(min_stud_contrast), "min_stud_contrast must be a number (got nan)");
  Generalisation g;
  g.direction = direction;
  g.min_stud_contrast = min_stud_contrast;
  double area_total = 0, deposits_total = 0;
  for (const auto& c : classes) {
    area_total += unit.units(static_cast<double>(c.cells));
    deposits_total += static_cast<double>(c.deposits);
  }
  const std::size_t n = classes.size();
  g.rows.resize(n);
  std::uint64_t cells_total = 0, cells_in = 0;  // exact, to tell an empty or a whole split
  for (const auto& c : classes) cells_total += c.cells;
  // Accumulate from the favourable end so each split reuses the previous sums.
  double area = 0, deposits = 0;
  std::optional<std::size_t> whole;  // the first split that takes every cell
  for (std::size_t step = 0; step < n; ++step) {
    const std::size_t k = direction == Cumulation::ascending ? step : n - 1 - step;
    cells_in += classes[k].cells;
    area += unit.units(static_cast<double>(classes[k].cells));
    deposits += static_cast<double>(classes[k].deposits);
    const std::string label = !classes[k].split_label.empty()
                                  ? classes[k].split_label
                                  : (direction == Cumulation::ascending ? "<= " : ">= ") + classes[k].label;
    g.rows[k] = binary_weights(label, std::min(area, area_total), deposits, area_total, deposits_total);
    g.rows[k].reported = cells_in > 0 && cells_in < cells_total && (step == 0 || classes[k].cells > 0);
    if (!whole && cells_in == cells_total && cells_total > 0) whole = k;
  }
  // Evidence with every cell in one class (constant) has only the whole split: it is reported,
  // its undefined weights flagged, so the table still names the layer.
  if (std::none_of(g.rows.begin(), g.rows.end(), [](const WeightRow& r) { return r.reported; }) && whole)
    g.rows[*whole].reported = true;
  for (std::size_t k = 0; k < n; ++k) {
    const WeightRow& r = g.rows[k];
    if (!r.reported || !r.contrast_defined() || r.stud_contrast < min_stud_contrast) continue;
    if (!g.threshold || r.stud_contrast > g.rows[*g.threshold].stud_contrast) g.threshold = k;
  }
  return g;
}

LayerWeights categorical_layer(const std::string& name, const std::vector<WeightRow>& rows) {
  LayerWeights layer{name, {}, {}};
  for (const auto& r : rows) {
    layer.weight.push_back(r.w_plus_defined ? r.w_plus : 0.0);
    layer.variance.push_back(r.w_plus_defined ? r.s_w_plus * r.s_w_plus : 0.0);
  }
  return layer;
}

LayerWeights binary_layer(const std::string& name, const Generalisation& g, std::size_t split) {
  require(split < g.rows.size(), "layer '" + name + "': split " + std::to_string(split) + " out of range (" +
                                     std::to_string(g.rows.size()) + " splits)");
  const WeightRow& r = g.rows[split];
  const double w_in = r.w_plus_defined ? r.w_plus : 0.0;
  const double v_in = r.w_plus_defined ? r.s_w_plus * r.s_w_plus : 0.0;
  const double w_out = r.w_minus_defined ? r.w_minus : 0.0;
  const double v_out = r.w_minus_defined ? r.s_w_minus * r.s_w_minus : 0.0;
  LayerWeights layer{name, {}, {}};
  for (std::size_t k = 0; k < g.rows.size(); ++k) {
    const bool inside = g.direction == Cumulation::ascending ? k <= split : k >= split;
    layer.weight.push_back(inside ? w_in : w_out);
    layer.variance.push_back(inside ? v_in : v_out);
  }
  return layer;
}

PosteriorModel::PosteriorModel(double study_area_units, double study_deposits) : deposits_(study_deposits) {
  validate_totals(study_area_units, study_deposits);
  prior_ = study_deposits / study_area_units;
}

double PosteriorModel::prior_logit() const { return std::log(prior_ / (1.0 - prior_)); }

void PosteriorModel::add_layer(LayerWeights layer) {
  require(layer.weight.size() == layer.variance.size(),
          "layer '" + layer.name + "': " + std::to_string(layer.weight.size()) + " weights but " +
              std::to_string(layer.variance.size()) + " variances");
  layers_.push_back(std::move(layer));
}

PosteriorValue PosteriorModel::evaluate(const int* codes) const {
  double logit = prior_logit();
  double var_sum = 1.0 / deposits_;
  for (std::size_t j = 0; j < layers_.size(); ++j) {
    const int code = codes[j];
    if (code < 0) continue;  // missing evidence: weight 0
    const LayerWeights& layer = layers_[j];
    if (static_cast<std::size_t>(code) >= layer.weight.size())  // per cell: no message unless it fails
      require(false, "layer '" + layer.name + "': class code " + std::to_string(code) + " out of range (" +
                         std::to_string(layer.weight.size()) + " classes)");
    logit += layer.weight[code];
    var_sum += layer.variance[code];
  }
  PosteriorValue v;
  v.logit = logit;
  v.probability = 1.0 / (1.0 + std::exp(-logit));
  v.variance = v.probability * v.probability * var_sum;
  v.stddev = std::sqrt(v.variance);
  return v;
}

PairwiseIndependence pairwise_independence(double both, double only_first, double only_second, double neither) {
  PairwiseIndependence t;
  const double obs[2][2] = {{both, only_first}, {only_second, neither}};
  double total = 0;
  for (const auto& row : obs)
    for (double v : row) {
      require(v >= 0 && std::isfinite(v), "deposit counts must be >= 0 (got " + shortest_text(v) + ")");
      total += v;
    }
  require(total > 0, "the independence test needs at least one deposit");
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      t.observed[i][j] = obs[i][j];
      t.expected[i][j] = (obs[i][0] + obs[i][1]) * (obs[0][j] + obs[1][j]) / total;
    }
  for (const auto& row : t.expected)
    for (double e : row)
      if (e <= 0) {
        t.note = "a pattern holds all or none of the deposits; test undefined";
        return t;
      }
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      const double d = t.observed[i][j] - t.expected[i][j];
      t.chi_square += d * d / t.expected[i][j];
    }
  t.p_value = std::erfc(std::sqrt(t.chi_square / 2.0));  // chi-square(1) upper tail
  t.defined = true;
  return t;
}

OverallIndependence overall_independence(double observed_deposits, double predicted_deposits) {
  require(observed_deposits > 0, "observed deposits must be > 0 (got " + shortest_text(observed_deposits) + ")");
  require(predicted_deposits > 0, "predicted deposits must be > 0 (got " + shortest_text(predicted_deposits) + ")");
  OverallIndependence o{observed_deposits, predicted_deposits, observed_deposits / predicted_deposits, ""};
  if (o.ratio < 0.85) o.note = "ratio below 0.85: conditional independence is likely violated";
  return o;
}

AgterbergChengTest agterberg_cheng(double observed_deposits, double predicted_deposits, double predicted_variance) {
  require(observed_deposits > 0, "observed deposits must be > 0 (got " + shortest_text(observed_deposits) + ")");
  require(predicted_deposits > 0, "predicted deposits must be > 0 (got " + shortest_text(predicted_deposits) + ")");
  require(predicted_variance > 0,
          "the variance of the predicted deposits must be > 0 (got " + shortest_text(predicted_variance) + ")");
  AgterbergChengTest t;
  t.observed = observed_deposits;
  t.predicted = predicted_deposits;
  t.s_predicted = std::sqrt(predicted_variance);
  t.z = (predicted_deposits - observed_deposits) / t.s_predicted;
  t.p_value = 0.5 * std::erfc(t.z / std::sqrt(2.0));
  t.rejected_95 = t.p_value < 0.05;
  t.rejected_99 = t.p_value < 0.01;
  return t;
}

std::string weights_csv(const std::vector<WeightRow>& rows) {
  std::string out =
      "class,area_cells,deposits,w_plus,s_w_plus,w_minus,s_w_minus,contrast,s_contrast,"
      "stud_contrast,note\n";
  // Ten significant digits: enough for any report, stable across platforms.
  auto csv_num = [](double v) { return significant_text(v, 10); };
  for (const auto& r : rows) {
    if (!r.reported) continue;
    auto opt = [&](bool defined, double v) { return defined ? csv_num(v) : std::string(); };
    out += csv_field(r.label) + "," + csv_num(r.area_units) + "," + csv_num(r.deposits) + "," +
           opt(r.w_plus_defined, r.w_plus) + "," + opt(r.w_plus_defined, r.s_w_plus) + "," +
           opt(r.w_minus_defined, r.w_minus) + "," + opt(r.w_minus_defined, r.s_w_minus) + "," +
           opt(r.contrast_defined(), r.contrast) + "," + opt(r.contrast_defined(), r.s_contrast) + "," +
           opt(r.contrast_defined(), r.stud_contrast) + "," + csv_field(r.note) + "\n";
  }
  return out;
}

}  // namespace oremap::algo
