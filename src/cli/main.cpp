// oremap command line: subcommands are canned uses of the one engine; only this folder
// prints results or decides exit codes.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/free_memory.hpp"
#ifdef OREMAP_MPI
#include <memory>

#include "mpi/mpi_ranks.hpp"
#endif

int main(int argc, char** argv) {
  oremap::reuse_freed_memory();
  CLI::App app{"oremap: geological survey layers to ranked, mappable mining prospects"};
  app.set_version_flag("--version", std::string("oremap ") + OREMAP_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // --quiet and --verbose work after the subcommand too
  oremap::cli::Options options;
#ifdef OREMAP_MPI
  // Under mpirun or srun every rank runs this same command on its share of the grid.
  std::unique_ptr<oremap::mpi::Session> mpi;
  if (oremap::mpi::launched_by_mpi()) {
    mpi = std::make_unique<oremap::mpi::Session>(argc, argv);
    options.ranks = std::make_shared<oremap::mpi::MpiRanks>();
    // Rank 0 speaks for the job: the others' errors reach it (Ranks::agree) and it prints them.
    if (!options.ranks->root()) {
      std::cout.rdbuf(nullptr);
      std::cerr.rdbuf(nullptr);
    }
  }
#endif
  app.add_flag("-q,--quiet", options.quiet, "Only warnings and errors on stderr; no progress bar");
  app.add_flag("-v,--verbose", options.verbose, "Detailed log on stderr");
  app.add_option("--progress", options.progress,
                 "Progress on stderr: bar (redrawn in place), plain (a line per stage and 10 % step), "
                 "json (an object per line: stage, step, fraction, message) or none; "
                 "default: bar on a terminal, plain otherwise, none with --quiet")
      ->check(CLI::IsMember({"bar", "plain", "json", "none"}));
  oremap::cli::register_commands(app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 says only "A subcommand is required" for a mistyped one: name it and the commands.
    const auto commands = app.get_subcommands([](const CLI::App*) { return true; });
    auto named = [&](const CLI::App* sub) { return sub->check_name(argv[1]); };
    if (argc > 1 && argv[1][0] != '-' && std::none_of(commands.begin(), commands.end(), named)) {
      std::string names;
      for (const CLI::App* sub : commands) names += (names.empty() ? "" : ", ") + sub->get_name();
      std::cerr << "oremap: unknown command '" << argv[1] << "'; the commands are " << names
                << " (oremap --help explains them)\n";
      return static_cast<int>(oremap::ExitCode::project);
    }
    int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(oremap::ExitCode::project);
  }
  return options.exit_code;
}
