// Weights-of-evidence model (Bonham-Carter 1994): count cells and deposits per evidence
// class, compute weights (generalising ordered evidence to the best binary split), then map
// the posterior probability and its standard deviation. Tables go to the output folder.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "algo/weights_of_evidence.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/number_text.hpp"
#include "stages/block_engine.hpp"
#include "stages/models/model_steps.hpp"
#include "stages/models/training_deposits.hpp"
#include "stages/outputs/output_name.hpp"
#include "stages/raster_stats.hpp"

namespace oremap::models {

namespace {

// How one evidence raster's values become class codes (-1 = missing evidence).
struct Coding {
  std::string id, type;
  std::vector<double> edges;       // ordered: class k holds values <= edges[k] (last class: the rest)
  std::vector<double> categories;  // categorical: sorted distinct values

  int classes() const {
    if (type == "binary") return 2;
    if (type == "categorical") return static_cast<int>(categories.size());
    return static_cast<int>(edges.size()) + 1;
  }
  int code(float v) const {
    if (std::isnan(v)) return -1;
    if (type == "binary") return v > 0 ? 0 : 1;
    if (type == "categorical") {
      auto it = std::lower_bound(categories.begin(), categories.end(), static_cast<double>(v));
      return it != categories.end() && *it == v ? static_cast<int>(it - categories.begin()) : -1;
    }
    return static_cast<int>(std::lower_bound(edges.begin(), edges.end(), static_cast<double>(v)) - edges.begin());
  }
  std::string label(int k) const {
    std::ostringstream s;
    if (type == "binary") return k == 0 ? id + " > 0" : id + " <= 0";
    if (type == "categorical") {
      s << id << " = " << categories[k];
      return s.str();
    }
    // Ordered classes show their value range; the generalisation prefixes "<=" or ">=".
    s << id << " ";
    if (k == 0)
      s << "[min, " << edges[0] << "]";
    else if (k < static_cast<int>(edges.size()))
      s << "(" << edges[k - 1] << ", " << edges[k] << "]";
    else
      s << "(" << edges.back() << ", max]";
    return s.str();
  }
  // What the cumulative split ending at class k selects, in value terms: ascending splits
  // take values up to the class's upper edge, descending ones values above its lower edge.
  std::string split_label(int k) const {
    std::ostringstream s;
    s << id;
    if (type == "binary")
      s << (k == 0 ? " > 0" : ": any value");
    else if (type == "descending")
      k == 0 ? s << ": any value" : s << " > " << edges[k - 1];
    else if (type == "ascending")
      k == classes() - 1 ? s << ": any value" : s << " <= " << edges[k];
    else
      return "";
    return s.str();
  }
};

// How an ascending/descending input's class edges are chosen: `classes` quantiles, every
// distinct value, or the user's explicit `breaks`.
struct Classing {
  std::string method = "quantile";  // quantile | unique | breaks
  int quantiles = 10;
  std::vector<double> breaks;  // method "breaks": the edges, as given
};

// Distinct data values of `id` inside the study area (at most 256), cached in ctx.statistics.
std::vector<double> distinct_evidence_values(const RunContext& ctx, const std::string& id, const std::string& why) {
  const std::string key = "distinct values/" + id;
  if (auto known = ctx.statistics->find(key); known != ctx.statistics->end()) return known->second;
  std::optional<std::vector<float>> values = distinct_values(ctx, ctx.raster(id), 256);
  if (!values) throw InputError("evidence '" + id + "' has more than 256 distinct values; " + why);
  if (values->empty()) throw InputError("evidence '" + id + "' has no data cells inside the study area");
  std::vector<double> out(values->begin(), values->end());
  (*ctx.statistics)[key] = out;
  return out;
}

Coding make_coding(const RunContext& ctx, const std::string& id, const std::string& type, const Classing& classing) {
  Coding c{id, type, {}, {}};
  if (type == "binary") return c;
  if (type == "categorical") {
    c.categories = distinct_evidence_values(ctx, id, "categorical evidence needs classes (reclassify it first)");
    return c;
  }
  if (classing.method == "unique") {
    // Every distinct value closes a class: class k holds the values <= the k-th value, so the
    // cumulative splits fall between each pair of neighbouring values (ArcSDM, EIS Toolkit).
    c.edges = distinct_evidence_values(
        ctx, id, "unique-value classes need a discrete raster; use classing \"quantile\" or explicit breaks");
    c.edges.pop_back();  // the last class holds the rest
    return c;
  }
  if (classing.method == "breaks") {
    // Compared as the raster's float32 values are: a break written 0.1 holds a cell of 0.1.
    for (double b : classing.breaks) c.edges.push_back(static_cast<float>(b));
    return c;
  }
  const std::string key = "class edges/" + std::to_string(classing.quantiles) + "/" + id;
  if (auto known = ctx.statistics->find(key); known != ctx.statistics->end()) {
    c.edges = known->second;
    return c;
  }
  // Quantile edges: the values at ranks n k / classes of the ascending order, k = 1 .. classes - 1.
  const int n_classes = classing.quantiles;
  const std::vector<float> edges = values_at_ranks(ctx, ctx.raster(id), [&](long long n) {
    std::vector<long long> ranks;
    for (int k = 1; k < n_classes; ++k) ranks.push_back(n * k / n_classes);
    return ranks;
  });
  if (edges.empty() && n_classes > 1) throw InputError("evidence '" + id + "' has no data cells inside the study area");
  for (float e : edges)
    if (c.edges.empty() || e > c.edges.back()) c.edges.push_back(e);
  (*ctx.statistics)[key] = c.edges;
  return c;
}

// Per input, how its classes are made, from `classing`, `breaks` and `classes`; a project error
// names the step and the input when they disagree.
std::vector<Classing> read_classing(const project::StepSpec& step, const std::vector<std::string>& inputs,
                                    const std::vector<std::string>& types) {
  std::vector<std::string> methods = step.strs("classing");
  if (methods.empty()) methods.assign(inputs.size(), "quantile");
  const std::vector<std::vector<double>> breaks = step.rows("breaks");
  auto fail = [&](const std::string& what) { throw Error(ExitCode::project, step.where() + ": " + what); };
  if (methods.size() != inputs.size())
    fail(std::to_string(methods.size()) + " classing entries for " + std::to_string(inputs.size()) +
         " inputs; give one per input");
  if (!breaks.empty() && breaks.size() != inputs.size())
    fail(std::to_string(breaks.size()) + " breaks rows for " + std::to_string(inputs.size()) +
         " inputs; give one row per input ([] for an input without breaks)");
  std::vector<Classing> out(inputs.size());
  for (std::size_t j = 0; j < inputs.size(); ++j) {
    out[j].method = methods[j];
    out[j].quantiles = static_cast<int>(step.num("classes"));
    const bool ordered = types[j] == "ascending" || types[j] == "descending";
    if (methods[j] != "quantile" && !ordered)
      fail("classing \"" + methods[j] + "\" of input '" + inputs[j] +
           "' needs type ascending or descending (binary and categorical evidence has its classes already)");
    const std::vector<double> row = breaks.empty() ? std::vector<double>{} : breaks[j];
    if (methods[j] != "breaks") {
      if (!row.empty())
        fail("input '" + inputs[j] + "' has breaks but classing \"" + methods[j] +
             "\"; set its classing to \"breaks\" or its row to []");
      continue;
    }
    if (row.empty()) fail("input '" + inputs[j] + "' has classing \"breaks\" but no breaks; list its class edges");
    for (std::size_t k = 1; k < row.size(); ++k)
      if (!(static_cast<float>(row[k]) > static_cast<float>(row[k - 1])))
        fail("the breaks of input '" + inputs[j] + "' must increase strictly (as float32 values): " +
             shortest_text(row[k - 1]) + " then " + shortest_text(row[k]));
    out[j].breaks = row;
  }
  return out;
}

struct Counts {
  std::vector<std::vector<std::uint64_t>> cells, deposits;      // [layer][class]
  std::uint64_t study_cells = 0;                                // cells inside the mask where some evidence has data
  std::uint64_t study_deposits = 0;                             // training deposits in them
  std::vector<std::pair<int, std::vector<int>>> deposit_codes;  // deposits in a cell, codes per layer
  // Unique conditions (ArcSDM's term: one combination of class codes, missing included) and
  // their cells, keyed by the codes in mixed radix (code + 1 per layer); empty when the key
  // would not fit 64 bits.
  std::unordered_map<std::uint64_t, std::uint64_t> conditions;
};

// Strides of the unique-condition key (code + 1 per layer, 0 = missing); empty if the key
// would overflow 64 bits.
std::vector<std::uint64_t> condition_strides(const std::vector<Coding>& codings) {
  std::vector<std::uint64_t> strides;
  std::uint64_t stride = 1;
  for (const auto& c : codings) {
    strides.push_back(stride);
    const auto radix = static_cast<std::uint64_t>(c.classes()) + 1;
    if (stride > std::numeric_limits<std::uint64_t>::max() / radix) return {};
    stride *= radix;
  }
  return strides;
}

Counts count_classes(const RunContext& ctx, const std::vector<Coding>& codings, const std::vector<RasterInput>& paths,
                     const DepositCells& deposits) {
  std::vector<Counts> parts(strip_count(ctx.grid));
  const std::vector<std::uint64_t> strides = condition_strides(codings);
  visit_strips(
      ctx, paths,
      [&](const Strip& s) {
        Counts& c = parts[s.index];
        c.cells.assign(codings.size(), {});
        c.deposits.assign(codings.size(), {});
        for (std::size_t j = 0; j < codings.size(); ++j) {
          c.cells[j].assign(codings[j].classes(), 0);
          c.deposits[j].assign(codings[j].classes(), 0);
        }
        const long long base = static_cast<long long>(s.row0) * s.cols;
        std::vector<int> codes(codings.size());
        // Neighbouring cells mostly share a condition: count runs, then add each run once.
        std::uint64_t run_key = 0, run = 0;
        for (std::size_t i = 0; i < s.cells(); ++i) {
          if (!s.inside(i)) continue;
          // The study area is the cells where some evidence has data: a cell without any (the
          // grid's border beyond the data, gaps every layer shares) says nothing and is not area.
          bool has_data = false;
          for (std::size_t j = 0; j < codings.size(); ++j)
            has_data |= (codes[j] = codings[j].code(s.inputs[j][i])) >= 0;
          if (!has_data) continue;
          ++c.study_cells;
          auto d = deposits.count_by_cell.find(base + static_cast<long long>(i));
          if (d != deposits.count_by_cell.end()) c.study_deposits += static_cast<std::uint64_t>(d->second);
          std::uint64_t key = 0;
          for (std::size_t j = 0; j < codings.size(); ++j) {
            if (!strides.empty()) key += static_cast<std::uint64_t>(codes[j] + 1) * strides[j];
            if (codes[j] < 0) continue;
            ++c.cells[j][codes[j]];
            if (d != deposits.count_by_cell.end()) c.deposits[j][codes[j]] += d->second;
          }
          if (!strides.empty()) {
            if (run > 0 && key != run_key) {
              c.conditions[run_key] += run;
              run = 0;
            }
            run_key = key;
            ++run;
          }
          if (d != deposits.count_by_cell.end()) c.deposit_codes.emplace_back(d->second, codes);
        }
        if (run > 0) c.conditions[run_key] += run;
      },
      "counting evidence classes");
  share_strip_parts(
      ctx, parts, "WofE: class counts per strip",
      [](ByteWriter& w, const Counts& c) {
        w.put(c.cells).put(c.deposits).put(c.study_cells).put(c.study_deposits);
        w.put(static_cast<std::uint64_t>(c.deposit_codes.size()));
        for (const auto& [n, codes] : c.deposit_codes) w.put(n).put(codes);
        std::vector<std::uint64_t> keys, cells;
        for (const auto& [key, n] : c.conditions) {
          keys.push_back(key);
          cells.push_back(n);
        }
        w.put(keys).put(cells);
      },
      [](ByteReader& r, Counts& c) {
        r.get(c.cells);
        r.get(c.deposits);
        r.get(c.study_cells);
        r.get(c.study_deposits);
        std::uint64_t n = 0;
        r.get(n);
        c.deposit_codes.resize(n);
        for (auto& [count, codes] : c.deposit_codes) {
          r.get(count);
          r.get(codes);
        }
        std::vector<std::uint64_t> keys, cells;
        r.get(keys);
        r.get(cells);
        for (std::size_t i = 0; i < keys.size(); ++i) c.conditions[keys[i]] = cells[i];
      });
  Counts total = parts.front();
  for (std::size_t p = 1; p < parts.size(); ++p) {
    for (std::size_t j = 0; j < codings.size(); ++j)
      for (int k = 0; k < codings[j].classes(); ++k) {
        total.cells[j][k] += parts[p].cells[j][k];
        total.deposits[j][k] += parts[p].deposits[j][k];
      }
    total.study_cells += parts[p].study_cells;
    total.study_deposits += parts[p].study_deposits;
    total.deposit_codes.insert(total.deposit_codes.end(), parts[p].deposit_codes.begin(), parts[p].deposit_codes.end());
    for (const auto& [key, cells] : parts[p].conditions) total.conditions[key] += cells;
  }
  return total;
}

// Agterberg & Cheng's test over the unique conditions: T and s^2(T) from each condition's area
// and posterior; nullopt when the conditions were not counted or s(T) is 0.
std::optional<algo::AgterbergChengTest> agterberg_cheng_test(const std::vector<Coding>& codings,
                                                             const algo::PosteriorModel& posterior,
                                                             const Counts& counts, double unit_per_cell,
                                                             double observed) {
  const std::vector<std::uint64_t> strides = condition_strides(codings);
  if (strides.empty() || counts.conditions.empty()) return std::nullopt;
  double t = 0, variance = 0;
  std::vector<int> codes(codings.size());
  // Summed in key order, so the figures do not depend on the hash table's.
  const std::map<std::uint64_t, std::uint64_t> sorted(counts.conditions.begin(), counts.conditions.end());
  for (const auto& [key, cells] : sorted) {
    std::uint64_t rest = key;
    for (std::size_t j = codings.size(); j-- > 0;) {
      codes[j] = static_cast<int>(rest / strides[j]) - 1;
      rest %= strides[j];
    }
    const algo::PosteriorValue p = posterior.evaluate(codes.data());
    const double area = static_cast<double>(cells) * unit_per_cell;
    t += area * p.probability;
    variance += area * area * p.variance;
  }
  if (!(t > 0) || !(variance > 0)) return std::nullopt;
  return algo::agterberg_cheng(observed, t, variance);
}

// The test as a one-row CSV, each figure in its own column.
std::string agterberg_cheng_csv(const algo::AgterbergChengTest& t, std::size_t conditions) {
  auto num = [](double v) { return significant_text(v, 10); };
  auto verdict = [](bool rejected) { return rejected ? "rejected" : "not rejected"; };
  return "observed_deposits_n,predicted_deposits_T,ratio_n_over_T,s_T,z,p_value_one_sided,"
         "conditional_independence_95,conditional_independence_99,unique_conditions\n" +
         num(t.observed) + "," + num(t.predicted) + "," + num(t.observed / t.predicted) + "," + num(t.s_predicted) +
         "," + num(t.z) + "," + num(t.p_value) + "," + verdict(t.rejected_95) + "," + verdict(t.rejected_99) + "," +
         std::to_string(conditions) + "\n";
}

// One layer's weights, and which classes form its binary pattern (for independence tests).
struct LayerResult {
  algo::LayerWeights weights;
  std::vector<algo::WeightRow> rows;
  std::vector<bool> in_pattern;  // empty for categorical layers
  bool used = true;
};

LayerResult layer_weights(const Coding& c, const std::vector<algo::EvidenceClass>& classes, const algo::UnitCell& unit,
                          double min_confidence, const Log& log) {
  LayerResult r;
  if (c.type == "categorical") {
    r.rows = algo::class_weights(classes, unit);
    r.weights = algo::categorical_layer(c.id, r.rows);
    return r;
  }
  // Binary evidence is the ordered pair (present, absent) with its one split.
  auto direction = c.type == "descending" ? algo::Cumulation::descending : algo::Cumulation::ascending;
  algo::Generalisation gen =
      algo::cumulative_weights(classes, unit, direction, c.type == "binary" ? 0 : min_confidence);
  r.rows = gen.rows;
  std::size_t split = 0;
  if (c.type != "binary") {
    if (!gen.threshold) {
      std::ostringstream min;
      min << min_confidence;
      log.warn("wofe: evidence '" + c.id + "' has no class split with studentized contrast >= " + min.str() +
               "; it is left out of the posterior (see the weights table)");
      r.used = false;
      return r;
    }
    split = *gen.threshold;
    std::ostringstream stud;
    stud.precision(3);
    stud << gen.rows[split].stud_contrast;
    log.info("wofe: evidence '" + c.id + "' generalised at " + gen.rows[split].label + " (studentized C " + stud.str() +
             ")");
  }
  r.weights = algo::binary_layer(c.id, gen, split);
  r.in_pattern.assign(classes.size(), false);
  for (std::size_t k = 0; k < classes.size(); ++k)
    r.in_pattern[k] = direction == algo::Cumulation::ascending ? k <= split : k >= split;
  return r;
}

std::string independence_csv(const std::vector<Coding>& codings, const std::vector<LayerResult>& layers,
                             const Counts& counts) {
  std::ostringstream csv;
  csv << "first,second,chi_square,p_value,note\n";
  for (std::size_t a = 0; a < layers.size(); ++a)
    for (std::size_t b = a + 1; b < layers.size(); ++b) {
      if (layers[a].in_pattern.empty() || layers[b].in_pattern.empty() || !layers[a].used || !layers[b].used) continue;
      double t[2][2] = {};
      for (const auto& [n, codes] : counts.deposit_codes) {
        if (codes[a] < 0 || codes[b] < 0) continue;
        t[layers[a].in_pattern[codes[a]] ? 0 : 1][layers[b].in_pattern[codes[b]] ? 0 : 1] += n;
      }
      auto r = algo::pairwise_independence(t[0][0], t[0][1], t[1][0], t[1][1]);
      csv << codings[a].id << "," << codings[b].id << ",";
      if (r.defined)
        csv << r.chi_square << "," << r.p_value;
      else
        csv << ",";
      csv << "," << r.note << "\n";
    }
  return csv.str();
}

// Evidence whose every data cell falls in one class (a constant raster, a binary layer that is
// all present or all absent, a threshold outside the data's range) cannot tell deposit cells
// from the others: its weights are 0 or undefined and it adds nothing to the posterior. The run
// goes on, but says so, naming the model and the evidence.
void warn_constant_evidence(const RunContext& ctx, const project::StepSpec& step, const std::vector<Coding>& codings,
                            const Counts& counts) {
  for (std::size_t j = 0; j < codings.size(); ++j) {
    int occupied = -1, classes = 0;
    std::uint64_t cells = 0;
    for (int k = 0; k < codings[j].classes(); ++k)
      if (counts.cells[j][k] > 0) {
        ++classes;
        occupied = k;
        cells += counts.cells[j][k];
      }
    if (classes != 1) continue;
    ctx.log.warn(step.where() + ": evidence '" + codings[j].id + "' is constant over the study area (all " +
                 std::to_string(cells) + " cells with data are in class " + codings[j].label(occupied) +
                 "), so it cannot separate deposits from barren cells and adds nothing to the posterior; check "
                 "that evidence (its threshold, classes or nodata), or remove it from inputs");
  }
}

}  // namespace

Metadata weights_of_evidence(RunContext& ctx, const project::StepSpec& step, const Path& out) {
  const auto inputs = step.strs("inputs");
  std::vector<std::string> types = step.strs("types");
  if (types.empty()) types.assign(inputs.size(), "binary");
  if (types.size() != inputs.size())
    throw Error(ExitCode::project, step.where() + ": " + std::to_string(types.size()) + " types for " +
                                       std::to_string(inputs.size()) + " inputs; give one type per input");
  const std::vector<Classing> classing = read_classing(step, inputs, types);
  const double min_conf = step.num("min_confidence");
  const algo::UnitCell unit{ctx.grid.cell_area(), step.num("unit_cell_km2") * 1e6};

  DepositCells deposits = deposit_cells(ctx, step.str("deposits"));
  std::vector<Coding> codings;
  std::vector<RasterInput> paths;
  for (std::size_t j = 0; j < inputs.size(); ++j) {
    codings.push_back(make_coding(ctx, inputs[j], types[j], classing[j]));
    paths.push_back(ctx.raster(inputs[j]));
  }
  Counts counts = count_classes(ctx, codings, paths, deposits);
  warn_constant_evidence(ctx, step, codings, counts);

  std::vector<LayerResult> layers;
  const auto training = static_cast<int>(counts.study_deposits);
  if (training < deposits.total)
    ctx.log.warn(step.where() + ": " + std::to_string(deposits.total - training) + " of the " +
                 std::to_string(deposits.total) +
                 " training deposits lie in cells where no evidence has data, outside the study area; they are "
                 "left out");
  if (training == 0)
    throw InputError(step.where() + ": no training deposit lies in a cell where the evidence has data");
  algo::PosteriorModel posterior(unit.units(static_cast<double>(counts.study_cells)), training);
  std::ostringstream table;
  table << "layer,type," << algo::weights_csv({}).substr(0, algo::weights_csv({}).find('\n')) << "\n";
  for (std::size_t j = 0; j < codings.size(); ++j) {
    std::vector<algo::EvidenceClass> classes;
    for (int k = 0; k < codings[j].classes(); ++k)
      classes.push_back({codings[j].label(k), counts.cells[j][k], counts.deposits[j][k], codings[j].split_label(k)});
    layers.push_back(layer_weights(codings[j], classes, unit, min_conf, ctx.log));
    if (layers.back().used)
      posterior.add_layer(layers.back().weights);
    else
      posterior.add_layer(
          {codings[j].id, std::vector<double>(classes.size(), 0.0), std::vector<double>(classes.size(), 0.0)});
    std::string rows = algo::weights_csv(layers.back().rows);
    std::istringstream lines(rows.substr(rows.find('\n') + 1));
    for (std::string line; std::getline(lines, line);) table << codings[j].id << "," << types[j] << "," << line << "\n";
  }

  // The posterior is a function of the cells' class codes; the map and the standard deviation
  // own copies of the codings and weights (a refit's map is computed after this returns). A cell
  // where no evidence has data is outside the study area: nodata.
  const auto evaluate = [codings, posterior](const Strip& s, std::size_t i, std::vector<int>& codes) {
    bool has_data = false;
    for (std::size_t j = 0; j < codings.size(); ++j) has_data |= (codes[j] = codings[j].code(s.inputs[j][i])) >= 0;
    return has_data ? posterior.evaluate(codes.data()) : algo::PosteriorValue{NAN, NAN, NAN, NAN};
  };
  const std::size_t n = codings.size();
  std::vector<double> predicted(strip_count(ctx.grid), 0.0);  // expected deposits per strip
  const double unit_per_cell = unit.units(1);
  std::vector<double>* predicted_out = ctx.scoring_only ? nullptr : &predicted;
  model_raster(
      ctx, step.id, paths,
      [evaluate, n, unit_per_cell, predicted_out](const Strip& s, float* result) {
        std::vector<int> codes(n);
        double sum = 0;
        for (std::size_t i = 0; i < s.cells(); ++i) {
          if (!s.inside(i)) continue;
          double p = evaluate(s, i, codes).probability;
          result[i] = static_cast<float>(p);
          if (!std::isnan(p)) sum += p * unit_per_cell;
        }
        if (predicted_out) (*predicted_out)[s.index] = sum;
      },
      out, step.id + ": posterior");
  if (ctx.scoring_only) {  // the refit's map is not computed yet: no expected-deposit total
    ctx.log.info("wofe " + step.id + ": prior " + std::to_string(posterior.prior_probability()) + ", " +
                 std::to_string(training) + " training deposits");
    return {};
  }
  Path std_out = ctx.work_dir / (step.id + "_std.tif");
  map_strips(
      ctx, paths, std_out,
      [&](const Strip& s, float* result) {
        std::vector<int> codes(n);
        for (std::size_t i = 0; i < s.cells(); ++i) result[i] = static_cast<float>(evaluate(s, i, codes).stddev);
      },
      step.id + ": posterior std");
  ctx.rasters[step.id + "_std"] = std_out;

  share_strip_parts(
      ctx, predicted, "WofE: predicted deposits per strip", [](ByteWriter& w, double p) { w.put(p); },
      [](ByteReader& r, double& p) { r.get(p); });
  double predicted_total = 0;
  for (double p : predicted) predicted_total += p;
  auto overall = algo::overall_independence(training, predicted_total);
  const Path dir = ctx.project.output_dir;
  const auto ac = agterberg_cheng_test(codings, posterior, counts, unit_per_cell, training);
  ctx.ranks->on_root([&] {
    write_text_atomically(output_path(dir, step.id, "_weights.csv", "models.id"), table.str());
    write_text_atomically(output_path(dir, step.id, "_independence.csv", "models.id"),
                          independence_csv(codings, layers, counts));
    if (ac)
      write_text_atomically(output_path(dir, step.id, "_ci_test.csv", "models.id"),
                            agterberg_cheng_csv(*ac, counts.conditions.size()));
  });
  if (ac) {
    ctx.log.info("wofe " + step.id + ": Agterberg-Cheng test: T " + significant_text(ac->predicted, 6) + ", s(T) " +
                 significant_text(ac->s_predicted, 6) + ", n " + significant_text(ac->observed, 6) + ", z " +
                 significant_text(ac->z, 4) + ", p " + significant_text(ac->p_value, 4) +
                 ": conditional independence " +
                 (ac->rejected_99   ? "rejected at 99 %"
                  : ac->rejected_95 ? "rejected at 95 %, not at 99 %"
                                    : "not rejected at 95 %"));
  }
  ctx.log.info("wofe " + step.id + ": prior " + std::to_string(posterior.prior_probability()) + ", " +
               std::to_string(training) + " training deposits; observed/predicted deposits " +
               std::to_string(overall.ratio) + (overall.note.empty() ? "" : " (" + overall.note + ")"));
  return {{"prior", std::to_string(posterior.prior_probability())},
          {"training_deposits", std::to_string(training)},
          {"unit_cell_km2", std::to_string(step.num("unit_cell_km2"))},
          {"conditional_independence_ratio", std::to_string(overall.ratio)},
          {"agterberg_cheng_p", ac ? significant_text(ac->p_value, 6) : std::string("not computed")}};
}

}  // namespace oremap::models
