#include "stages/validation/model_validation.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/number_text.hpp"
#include "stages/models/model_steps.hpp"
#include "stages/validation/deposit_split.hpp"

namespace oremap::validation {

namespace fs = std::filesystem;

namespace {

// The training deposits as points at their cell centres, in the grid CRS (declared on the layer
// copy), one point per deposit so a cell holding two deposits still counts twice.
void write_training_geojson(const fs::path& file, const DepositSet& ds, const std::vector<bool>& train) {
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[\n";
  bool first = true;
  for (std::size_t i = 0; i < ds.cells.size(); ++i) {
    if (!train[i]) continue;
    for (std::uint32_t k = 0; k < ds.counts[i]; ++k) {
      out += std::string(first ? "" : ",\n") +
             "{\"type\":\"Feature\",\"properties\":{},\"geometry\":" + "{\"type\":\"Point\",\"coordinates\":[" +
             shortest_text(ds.centres[i][0]) + "," + shortest_text(ds.centres[i][1]) + "]}}";
      first = false;
    }
  }
  write_text_atomically(file, out + "\n]}\n");
}

// A folder removed with everything in it when destroyed (also when a constructor using it throws).
// Several ranks share it: rank 0 (`owner`) removes it.
struct ScratchFolder {
  ScratchFolder(fs::path p, bool owner) : path(std::move(p)), owner(owner) {}
  ~ScratchFolder() {
    std::error_code ec;
    if (owner) fs::remove_all(path, ec);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  fs::path path;
  bool owner;
};

// A data-driven model refitted on the training deposits in its own folder, which is removed
// (tables) when the refit is destroyed. It writes no raster: its map is computed as its
// scores are read, and whole-grid statistics of the inputs come from the run's.
class Refit {
 public:
  Refit(const RunContext& ctx, const project::StepSpec& step, const DepositSet& ds, const std::vector<bool>& train,
        const std::string& tag, std::ostringstream& log_text)
      : dir_(ctx.work_dir / ("report-" + step.id + "-" + tag), ctx.ranks->root()) {
    if (ctx.work_dir.empty()) throw Error(ExitCode::failure, "validation refits need the run's work folder");
    const fs::path training = dir_.path / "training_deposits.geojson";
    ctx.ranks->on_root([&] {
      std::error_code ec;
      fs::remove_all(dir_.path, ec);
      fs::create_directories(dir_.path, ec);
      if (ec)
        throw OutputError(dir_.path.string() + ": cannot create a folder for the validation refit: " + ec.message());
      write_training_geojson(training, ds, train);
    });

    project::Project copy = ctx.project;
    copy.output_dir = dir_.path;  // side tables (weights, coefficients) stay out of the output folder
    const std::string layer_id = step.str("deposits");
    for (auto& l : copy.layers)
      if (l.id == layer_id) {
        l.path = training.string();
        l.type = "vector";
        l.crs = ctx.grid.crs_wkt;
        l.layer.reset();
        l.where.reset();
        l.x.reset();
        l.y.reset();
        l.encoding.reset();
      }
    std::ostringstream text;
    Log log(text, Verbosity::normal);
    RunContext child(copy, ctx.grid, log);
    child.progress = ctx.progress;
    child.stop_check = ctx.stop_check;
    child.ranks = ctx.ranks;  // the refit's passes are spread over the ranks like the run's
    child.threads = ctx.threads;
    child.cache_bytes = ctx.cache_bytes;
    child.work_dir = dir_.path;
    child.mask = ctx.mask;
    child.rasters = ctx.rasters;
    child.statistics = ctx.statistics;
    child.scoring_only = true;
    project::StepSpec s = step;
    s.id = step.id + "-" + tag;
    // The refit's log goes to the report, its warnings also to the notes.
    auto keep_log = [&] {
      log_text << "-- " << step.id << ", " << tag << "\n" << text.str();
      std::istringstream lines(text.str());
      const std::string mark = "warning: ";
      for (std::string line; std::getline(lines, line);)
        if (auto at = line.find(mark); at != std::string::npos) warnings_.push_back(line.substr(at + mark.size()));
    };
    try {
      models::run_model(child, s);
    } catch (...) {
      keep_log();
      throw;
    }
    keep_log();
    raster_ = child.raster(s.id);
  }
  Refit(const Refit&) = delete;
  Refit& operator=(const Refit&) = delete;
  // The refit's map, a per-cell step computed where it is read (RunContext::scoring_only).
  const RasterInput& raster() const { return raster_; }
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  ScratchFolder dir_;
  RasterInput raster_;
  std::vector<std::string> warnings_;
};

std::set<long long> cell_set(const DepositSet& ds) { return {ds.cells.begin(), ds.cells.end()}; }

std::set<long long> cells_where(const DepositSet& ds, const std::vector<bool>& take) {
  std::set<long long> out;
  for (std::size_t i = 0; i < ds.cells.size(); ++i)
    if (take[i]) out.insert(ds.cells[i]);
  return out;
}

std::vector<bool> negate(const std::vector<bool>& v) {
  std::vector<bool> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = !v[i];
  return out;
}

std::uint64_t deposits_where(const DepositSet& ds, const std::vector<bool>& take) {
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < ds.cells.size(); ++i)
    if (take[i]) n += ds.counts[i];
  return n;
}

// Runs fn, turning a failure other than cancellation into a note.
template <class Fn>
bool noted(std::vector<std::string>& notes, const std::string& what, Fn fn) {
  try {
    fn();
    return true;
  } catch (const Cancelled&) {
    throw;
  } catch (const ProjectError&) {
    throw;
  } catch (const std::exception& e) {
    notes.push_back(what + ": " + e.what());
    return false;
  }
}

void holdout_prediction(const RunContext& ctx, const project::StepSpec& step, const DepositSet& ds,
                        const ReportConfig& cfg, ModelValidation& v, std::ostringstream& log_text) {
  if (ds.cells.size() < 2) {
    v.notes.push_back("prediction rate: needs deposits in at least 2 cells (found " + std::to_string(ds.cells.size()) +
                      ")");
    return;
  }
  const std::vector<bool> test = holdout_split(ds.cells.size(), cfg.holdout, cfg.seed);
  const std::vector<bool> train = negate(test);
  v.holdout_deposits = deposits_where(ds, test);
  v.holdout_training_deposits = deposits_where(ds, train);
  noted(v.notes, "prediction rate (refit without the held-out deposits)", [&] {
    Refit refit(ctx, step, ds, train, "holdout", log_text);
    for (const auto& w : refit.warnings()) v.notes.push_back("hold-out refit: " + w);
    const RasterScores scores = read_scores(ctx, refit.raster(), cell_set(ds));
    // The curve's area is every scored cell; the ROC leaves the training deposits out.
    v.prediction = rate_curve(tabulate(scores, ds.subset(test)));
    v.prediction_roc = roc_curve(tabulate(scores, ds.subset(test), cells_where(ds, train)));
  });
}

void cross_validate(const RunContext& ctx, const project::StepSpec& step, const DepositSet& ds, const ReportConfig& cfg,
                    ModelValidation& v, std::ostringstream& log_text) {
  CrossValidation& cv = v.cv;
  cv.block_size = cfg.block_size;
  const FoldAssignment a = assign_block_folds(ds.centres, cfg.block_size, cfg.folds, cfg.seed);
  cv.blocks = a.blocks;
  cv.folds = a.folds;
  if (a.folds < 2) {
    cv.note = "all deposit cells lie in " + std::to_string(a.blocks) + " block(s) of " +
              shortest_text(cfg.block_size / 1000) +
              " km; spatial cross-validation needs 2 or more (lower [report] block_size)";
    return;
  }
  cv.ran = true;
  double sum = 0;
  std::vector<double> aucs;
  for (int f = 0; f < a.folds; ++f) {
    std::vector<bool> test(ds.cells.size());
    for (std::size_t i = 0; i < test.size(); ++i) test[i] = a.fold[i] == f;
    const std::vector<bool> train = negate(test);
    FoldResult r;
    r.fold = f + 1;
    r.test_deposits = deposits_where(ds, test);
    r.training_deposits = deposits_where(ds, train);
    r.auc = NAN;
    std::vector<std::string> why;
    noted(why, "refit failed", [&] {
      Refit refit(ctx, step, ds, train, "fold" + std::to_string(f + 1), log_text);
      for (const auto& w : refit.warnings()) v.notes.push_back("fold " + std::to_string(f + 1) + " refit: " + w);
      const RasterScores scores = read_scores(ctx, refit.raster(), cell_set(ds));
      r.auc = roc_curve(tabulate(scores, ds.subset(test), cells_where(ds, train))).auc;
    });
    if (!why.empty()) r.note = why.front();
    if (!std::isnan(r.auc)) {
      aucs.push_back(r.auc);
      sum += r.auc;
    }
    cv.results.push_back(r);
  }
  cv.scored = static_cast<int>(aucs.size());
  cv.mean = aucs.empty() ? NAN : sum / static_cast<double>(aucs.size());
  double ss = 0;
  for (double x : aucs) ss += (x - cv.mean) * (x - cv.mean);
  cv.sd = aucs.size() >= 2 ? std::sqrt(ss / static_cast<double>(aucs.size() - 1)) : NAN;
}

// The layer a model is tested on independently, if any: [report] test_deposits, or for a
// data-driven model a [report] deposits layer other than its own (never fitted either way).
std::string independent_layer(const ReportConfig& cfg, ModelValidation& v) {
  if (auto t = cfg.test_deposits.find(v.commodity); t != cfg.test_deposits.end()) return t->second;
  auto d = cfg.deposits.find(v.commodity);
  if (!v.data_driven || d == cfg.deposits.end() || d->second == v.training_layer) return "";
  v.notes.push_back("[report] deposits names '" + d->second + "', not the training layer '" + v.training_layer +
                    "': it is scored as an independent test (no refit uses it); declare it as test_deposits to say so");
  return d->second;
}

const DepositSet& cached_deposits(const RunContext& ctx, const std::string& layer, bool per_cell,
                                  std::map<std::string, DepositSet>& cache) {
  auto it = cache.find(layer);
  if (it == cache.end()) it = cache.emplace(layer, read_deposits(ctx, layer, per_cell)).first;
  return it->second;
}

// Scores of the sites of `positives` and `negatives` at their cells, and the ROC of one against
// the other: every negative site is one negative (not every cell).
SiteRoc site_roc(const RasterScores& scores, const DepositSet& positives, const DepositSet& negatives,
                 std::vector<std::string>& notes) {
  SiteRoc r;
  r.positives_layer = positives.layer;
  r.negatives_layer = negatives.layer;
  r.outside = negatives.outside;
  std::vector<float> area;
  std::vector<CellScore> deposit_cells;
  for (const auto& [cell, n] : positives.all()) {
    const float s = scores.at.at(cell);
    if (std::isnan(s)) {
      r.nodata_sites += n;
      continue;
    }
    area.push_back(s);
    deposit_cells.push_back({s, n});
    r.positives += n;
  }
  for (const auto& [cell, n] : negatives.all()) {
    const float s = scores.at.at(cell);
    if (std::isnan(s)) {
      r.nodata_sites += n;
      continue;
    }
    area.insert(area.end(), n, s);
    r.negatives += n;
  }
  noted(notes, "site-level ROC", [&] { r.roc = roc_curve(tabulate(area, 0, deposit_cells)); });
  return r;
}

ModelValidation validate_model(const RunContext& ctx, const project::StepSpec& step, const ReportConfig& cfg,
                               std::map<std::string, DepositSet>& deposit_cache) {
  ModelValidation v;
  v.id = step.id;
  v.kind = step.kind;
  v.commodity = step.str("commodity");
  v.data_driven = models::trained_on_deposits(step.kind);
  v.per_cell = cfg.per_cell;
  if (v.data_driven) {
    v.training_layer = step.str("deposits");
    v.deposits_layer = v.training_layer;
  } else if (auto declared = cfg.deposits.find(v.commodity); declared != cfg.deposits.end()) {
    v.deposits_layer = declared->second;
  }
  const std::string test_layer = independent_layer(cfg, v);
  if (v.deposits_layer.empty() && test_layer.empty()) {
    v.skipped = "no known " + v.commodity + " deposits to validate against; declare them with [report] deposits = { " +
                v.commodity + " = \"<layer id>\" } or test_deposits";
    return v;
  }
  // Every cell whose score a figure needs, read in one pass over the model raster.
  const DepositSet* fit =
      v.deposits_layer.empty() ? nullptr : &cached_deposits(ctx, v.deposits_layer, cfg.per_cell, deposit_cache);
  const DepositSet* test =
      test_layer.empty() ? nullptr : &cached_deposits(ctx, test_layer, cfg.per_cell, deposit_cache);
  const auto negatives_layer = cfg.negatives.find(v.commodity);
  const DepositSet* negatives = negatives_layer == cfg.negatives.end()
                                    ? nullptr
                                    : &cached_deposits(ctx, negatives_layer->second, cfg.per_cell, deposit_cache);
  std::set<long long> wanted;
  for (const DepositSet* ds : {fit, test, negatives})
    if (ds) wanted.insert(ds->cells.begin(), ds->cells.end());
  const RasterScores scores = read_scores(ctx, ctx.raster_file(step.id), wanted);

  if (fit) {
    v.deposits = fit->total;
    v.deposit_cells = fit->cells.size();
    v.deposits_outside = fit->outside;
  }
  if (fit && fit->cells.empty()) {
    const std::string why = "no deposit of layer '" + v.deposits_layer + "' lies inside the study area";
    if (!test) {
      v.skipped = why;
      return v;
    }
    v.notes.push_back(why);
  }
  if (fit && !fit->cells.empty()) {
    const ModelScoreTable table = tabulate(scores, fit->all());
    v.scored_cells = table.cells;
    v.nodata_cells = table.nodata_cells;
    v.nodata_deposits = table.nodata_deposits;
    noted(v.notes, "ROC", [&] { v.roc = roc_curve(table); });
    noted(v.notes, "success rate", [&] { v.success = rate_curve(table); });
  }
  if (test) {
    IndependentTest t;
    t.layer = test->layer;
    t.deposits = test->total;
    t.deposit_cells = test->cells.size();
    t.deposits_outside = test->outside;
    if (test->cells.empty()) {
      v.notes.push_back("independent test: no deposit of layer '" + t.layer + "' lies inside the study area");
    } else {
      // The ROC's negatives leave out the cells of the fit's deposits: known deposits are not barren.
      std::set<long long> known;
      if (fit)
        for (long long c : fit->cells)
          if (!std::binary_search(test->cells.begin(), test->cells.end(), c)) known.insert(c);
      const ModelScoreTable table = tabulate(scores, test->all());
      t.nodata_deposits = table.nodata_deposits;
      v.scored_cells = table.cells;
      v.nodata_cells = table.nodata_cells;
      noted(v.notes, "independent-test ROC", [&] { t.roc = roc_curve(tabulate(scores, test->all(), known)); });
      noted(v.notes, "independent-test prediction rate", [&] { t.rate = rate_curve(table); });
    }
    v.test = std::move(t);
  }
  if (negatives) {
    const DepositSet* positives = test ? test : fit;
    if (positives && !positives->cells.empty()) v.sites = site_roc(scores, *positives, *negatives, v.notes);
  }

  std::ostringstream log_text;
  if (!v.data_driven) {
    v.prediction_is_success = fit != nullptr;
    v.cv.note = "knowledge-driven model: nothing is fitted to deposits, so there is nothing to cross-validate";
  } else if (fit && !fit->cells.empty()) {
    holdout_prediction(ctx, step, *fit, cfg, v, log_text);
    cross_validate(ctx, step, *fit, cfg, v, log_text);
  }
  v.refit_log = log_text.str();
  return v;
}

}  // namespace

std::vector<ModelValidation> validate_models(const RunContext& ctx, const ReportConfig& config) {
  std::map<std::string, DepositSet> deposit_cache;
  std::vector<ModelValidation> out;
  for (const auto& step : ctx.project.models) {
    ctx.log.info("validating model " + step.id);
    out.push_back(validate_model(ctx, step, config, deposit_cache));
  }
  return out;
}

ValidationResults run_validation(const RunContext& ctx) {
  ValidationResults r;
  r.config = read_report_config(ctx.project);
  r.models = validate_models(ctx, r.config);
  return r;
}

}  // namespace oremap::validation
