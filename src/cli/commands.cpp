#include "cli/commands.hpp"

#include <cstdio>
#include <functional>
#include <iostream>
#include <thread>

#include "cli/gdal_messages.hpp"
#include "cli/progress_bar.hpp"
#include "cli/run_summary.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/secrets.hpp"
#include "gdal/handles.hpp"
#include "project/presets.hpp"
#include "project/project.hpp"
#include "project/schema.hpp"
#include "stages/outputs/output_folder.hpp"
#include "stages/pipeline.hpp"
#include "stages/raster_plan.hpp"
#include "stages/sources/grid_builder.hpp"
#include "stages/sources/layer_info.hpp"

namespace oremap::cli {

namespace {

namespace fs = std::filesystem;

Log make_log(const Options& o) {
  return Log(o.summary ? o.summary->log_stream() : std::cerr, o.quiet     ? Verbosity::quiet
                                                              : o.verbose ? Verbosity::verbose
                                                                          : Verbosity::normal);
}

// validate --json: the problems as data, each with where it is and how to fix it.
nlohmann::ordered_json problems_json(const std::vector<Diagnostic>& problems) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& d : problems)
    out.push_back({{"file", redact_secrets(d.file)},
                   {"line", d.line},
                   {"column", d.column},
                   {"key", d.key},
                   {"message", redact_secrets(d.message)},
                   {"fix", redact_secrets(d.fix)}});
  return out;
}

// On MPI ranks, every rank failed together (Ranks::agree): none exits before rank 0 has removed
// the run's staging and work folders, or mpirun would kill it at the first exit.
void leave_together(const Ranks& ranks) {
  if (ranks.size() == 1) return;
  try {
    ranks.agree([] {});
  } catch (const std::exception&) {  // the failure is already reported
  }
}

// Runs a command body, turning exceptions into messages on stderr and documented exit codes.
// GDAL's own messages go through the same log; no message shows a password.
int guarded(const Options& o, const std::function<void()>& body) {
  const Log log = make_log(o);
  GdalMessages gdal_messages(log);
  int code = 0;
  try {
    body();
    return 0;
  } catch (const ProjectError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << redact_secrets(d.format()) << '\n';
    std::cerr << "oremap: " << e.diagnostics().size() << " problem(s) in the project file\n";
    code = static_cast<int>(e.code());
  } catch (const Error& e) {
    log.error(e.what());
    code = static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::cerr << "oremap: internal error: " << redact_secrets(e.what()) << '\n';
    code = static_cast<int>(ExitCode::failure);
  }
  leave_together(*o.ranks);
  return code;
}

void validate_command(CLI::App& app, Options& o) {
  auto* cmd = app.add_subcommand("validate", "Check a project file (keys, types, ranges, ids, files) and stop");
  cmd->add_option("project", o.project_file, "Project file (TOML)")->required();
  cmd->add_flag("--json", o.json,
                "Print {valid, problems: [{file, line, column, key, message, fix}]} on stdout (problems also "
                "on stderr)");
  cmd->callback([&o] {
    o.exit_code = guarded(o, [&o] {
      try {
        project::Project p = project::load_project(o.project_file);
        if (o.json)
          std::cout << nlohmann::ordered_json{{"valid", true}, {"problems", problems_json({})}}.dump(2) << '\n';
        make_log(o).info(o.project_file + ": valid (" + std::to_string(p.layers.size()) + " layers)");
      } catch (const ProjectError& e) {
        if (o.json)
          std::cout << nlohmann::ordered_json{{"valid", false}, {"problems", problems_json(e.diagnostics())}}.dump(2)
                    << '\n';
        throw;
      }
    });
  });
}

void inspect_command(CLI::App& app, Options& o) {
  auto* cmd = app.add_subcommand("inspect", "Describe the analysis grid and every input layer");
  cmd->add_option("project", o.project_file, "Project file (TOML)")->required();
  cmd->add_flag("--json", o.json, "Print JSON instead of text");
  cmd->callback([&o] {
    o.exit_code = guarded(o, [&o] {
      gdal::register_drivers();
      Log log = make_log(o);
      project::Project p = project::load_project(o.project_file);
      Grid grid = sources::build_grid(p, log);
      nlohmann::json info = sources::project_info(p, grid);
      if (o.json)
        std::cout << info.dump(2) << '\n';
      else
        std::cout << sources::format_info(info);
      bool failed = false;
      for (const auto& l : info["layers"]) {
        for (const auto& w : l["warnings"]) log.warn(l["id"].get<std::string>() + ": " + w.get<std::string>());
        if (l.contains("error")) failed = true;
      }
      if (failed) throw InputError("some layers cannot be read (see ERROR lines above)");
    });
  });
}

// --threads, else this rank's share of the machine's cores.
int thread_count(const Options& o) {
  if (o.threads > 0) return o.threads;
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(1, cores / o.ranks->on_this_machine());
}

void plan_command(CLI::App& app, Options& o) {
  auto* cmd = app.add_subcommand(
      "plan", "Print what `run` will compute: fused per-cell steps, written rasters, temporary disk and memory");
  cmd->add_option("project", o.project_file, "Project file (TOML)")->required();
  cmd->add_option("-j,--threads", o.threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--cache", o.cache_mb, "GDAL block cache in MiB (default 1024)")->check(CLI::PositiveNumber);
  cmd->callback([&o] {
    o.exit_code = guarded(o, [&o] {
      gdal::register_drivers();
      Log log = make_log(o);
      project::Project p = project::load_project(o.project_file);
      Grid grid = sources::build_grid(p, log);
      std::cout << plan_text(plan_rasters(p, grid), grid, thread_count(o), static_cast<std::size_t>(o.cache_mb) << 20);
    });
  });
}

void add_run_options(CLI::App* cmd, Options& o) {
  cmd->add_option("project", o.project_file, "Project file (TOML)")->required();
  cmd->add_option("-j,--threads", o.threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--cache", o.cache_mb, "GDAL block cache in MiB (default 1024)")->check(CLI::PositiveNumber);
  cmd->add_flag("--keep-temp", o.keep_temp, "Keep the intermediate rasters (output/.oremap-work-*)");
  cmd->add_option("-o,--output", o.output, "Output folder, instead of the project's [project] output");
}

// What each kind of MPI exchange moved (docs/scaling.md): rank 0's bytes, and the seconds each
// rank spent in it (waiting for the others included: where the ranks' loads differ).
void log_traffic(const Ranks& ranks, const Log& log) {
  const std::map<std::string, Ranks::Traffic> traffic = ranks.traffic();
  std::vector<double> seconds;
  for (const auto& [what, t] : traffic) seconds.push_back(t.seconds);
  const std::vector<std::string> all = ranks.all_gather(to_bytes(seconds), "traffic summary");
  std::size_t i = 0;
  for (const auto& [what, t] : traffic) {
    std::string by_rank;
    for (const auto& theirs : all) {
      char text[32];
      std::snprintf(text, sizeof text, "%s%.2f", by_rank.empty() ? "" : ", ", from_bytes<double>(theirs).at(i));
      by_rank += text;
    }
    ++i;
    log.debug("MPI " + what + ": " + std::to_string(t.calls) + " exchanges; rank 0 sent " + std::to_string(t.sent) +
              " bytes, received " + std::to_string(t.received) + "; seconds in them by rank: " + by_rank);
  }
}

// Loads the project, builds the grid, takes the output folder and runs `stages` with a
// progress bar. Stages write into the folder's staging area (the context's project has it as
// its output folder); `stages` commits it, or the previous results stay as they were. On MPI
// ranks, rank 0 holds the output folder (the others get a null one) and every rank works in
// its staging and work folders.
void run_with_context(Options& o, const std::function<void(RunContext&, OutputFolder*)>& stages) {
  gdal::register_drivers();
  Log log = make_log(o);
  project::Project p = project::load_project(o.project_file);
  if (!o.output.empty()) p.output_dir = fs::absolute(o.output);
  Grid grid = sources::build_grid(p, log);
  const Ranks& ranks = *o.ranks;
  std::unique_ptr<OutputFolder> output;
  ranks.on_root([&] {
    output = std::make_unique<OutputFolder>(p.output_dir, "project " + fs::absolute(p.file).string(), o.keep_temp, log);
  });
  project::Project staged = p;
  staged.output_dir = ranks.from_root(output ? output->staging().string() : std::string());
  const fs::path work = ranks.from_root(output ? output->work().string() : std::string());
  ProgressBar bar(!ranks.root() ? ProgressMode::none
                                : parse_progress_mode(o.progress).value_or(default_progress_mode(o.quiet, o.verbose)));
  RunContext ctx{staged, grid, log};
  ctx.ranks = o.ranks;
  ctx.progress = o.summary ? o.summary->timed(bar.callback()) : bar.callback();
  ctx.stop_check = ProgressBar::stop_check();
  ctx.threads = thread_count(o);
  ctx.cache_bytes = static_cast<std::size_t>(o.cache_mb) << 20;
  ctx.work_dir = work;
  log.info("grid " + std::to_string(grid.cols) + " x " + std::to_string(grid.rows) + " cells of " +
           std::to_string(static_cast<int>(grid.cell_size)) + " m; " + std::to_string(ctx.threads) + " threads" +
           (ranks.size() > 1 ? " on each of " + std::to_string(ranks.size()) + " MPI ranks" : ""));
  stages(ctx, output.get());
  if (ranks.size() > 1 && log.level() >= Verbosity::verbose) log_traffic(ranks, log);
}

void run_command(CLI::App& app, Options& o) {
  auto* cmd = app.add_subcommand(
      "run", "Run everything in the project: evidence, models, COGs, site ranking, maps, viewer, report");
  add_run_options(cmd, o);
  cmd->add_flag("--json", o.json,
                "At the end print {outputs: [{path, bytes, sha256}], warnings, stages: [{stage, seconds}], seconds} "
                "on stdout");
  cmd->callback([&o] {
    RunSummary summary;
    if (o.json) o.summary = &summary;
    o.exit_code = guarded(o, [&o] {
      run_with_context(o, [&o](RunContext& ctx, OutputFolder* output) {
        run_project(ctx);
        ctx.ranks->on_root([&] {
          output->commit(OutputFolder::Commit::replace, ctx.progress, ctx.threads);
          if (o.summary) std::cout << o.summary->json(output->path()).dump(2) << '\n';
        });
      });
    });
    o.summary = nullptr;
  });
}

void score_command(CLI::App& app, Options& o) {
  auto* cmd = app.add_subcommand("score", "Score and rank the sites again, using the model COGs of a previous run");
  add_run_options(cmd, o);
  cmd->callback([&o] {
    o.exit_code = guarded(o, [&o] {
      run_with_context(o, [](RunContext& ctx, OutputFolder* output) {
        rescore_sites(ctx, ctx.ranks->from_root(output ? output->path().string() : std::string()));
        ctx.ranks->on_root([&] { output->commit(OutputFolder::Commit::update, ctx.progress, ctx.threads); });
      });
    });
  });
}

void validate_model_command(CLI::App& app, Options& o) {
  auto* cmd = app.add_subcommand(
      "validate-model", "Run the models and print ROC AUC, success/prediction-rate AUC and spatial CV per model");
  add_run_options(cmd, o);
  cmd->add_flag("--json", o.json, "Print every figure as JSON, at full precision (validation.json's content)");
  cmd->callback([&o] {
    o.exit_code = guarded(o, [&o] {
      // Prints figures only: the output folder keeps the results of the last `run`.
      run_with_context(o, [&o](RunContext& ctx, OutputFolder*) { std::cout << run_model_validation(ctx, o.json); });
    });
  });
}

void schema_command(CLI::App& app, Options& o) {
  auto* cmd = app.add_subcommand("schema", "Print the project-file reference (Markdown)");
  cmd->callback([&o] {
    o.exit_code = guarded(o, [] { std::cout << project::schema_markdown() << project::presets_markdown(); });
  });
}

}  // namespace

void register_commands(CLI::App& app, Options& options) {
  validate_command(app, options);
  inspect_command(app, options);
  plan_command(app, options);
  run_command(app, options);
  score_command(app, options);
  validate_model_command(app, options);
  schema_command(app, options);
}

}  // namespace oremap::cli
