#pragma once
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "core/ranks.hpp"

namespace oremap::cli {

class RunSummary;

struct Options {
  bool quiet = false;
  bool verbose = false;
  bool json = false;
  std::string progress;  // --progress: bar, plain, json or none; empty = the default rule
  int threads = 0;       // 0 = all cores
  int cache_mb = 1024;
  bool keep_temp = false;
  std::string project_file;
  std::string output;  // --output: replaces the project's [project] output folder; empty = keep it
  int exit_code = 0;
  RunSummary* summary = nullptr;  // run --json: the log goes through it (run_summary.hpp)
  // The processes of the run: one, or the ranks of an MPI job (main.cpp starts MPI).
  std::shared_ptr<const Ranks> ranks = std::make_shared<Ranks>();
};

// Adds every subcommand; each one stores its exit code in options.exit_code.
void register_commands(CLI::App& app, Options& options);

}  // namespace oremap::cli
