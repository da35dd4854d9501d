#include "cli/commands.hpp"

#include <functional>
#include <iostream>

#include "core/error.hpp"
#include "core/log.hpp"
#include "gdal/handles.hpp"
#include "project/project.hpp"
#include "project/schema.hpp"
#include "stages/sources/grid_builder.hpp"
#include "stages/sources/layer_info.hpp"

namespace oremap::cli {

namespace {

Log make_log(const Options& o) {
  return Log(std::cerr, o.quiet ? Verbosity::quiet : o.verbose ? Verbosity::verbose : Verbosity::normal);
}

// Runs a command body, turning exceptions into messages on stderr and documented exit codes.
int guarded(const std::function<void()>& body) {
  try {
    body();
    return 0;
  } catch (const ProjectError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << d.format() << '\n';
    std::cerr << "oremap: " << e.diagnostics().size() << " problem(s) in the project file\n";
    return static_cast<int>(e.code());
  } catch (const Error& e) {
    std::cerr << "oremap: error: " << e.what() << '\n';
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::cerr << "oremap: internal error: " << e.what() << '\n';
    return static_cast<int>(ExitCode::failure);
  }
}

void validate_command(CLI::App& app, Options& o) {
  auto* cmd = app.add_subcommand("validate", "Check a project file (keys, types, ranges, ids, files) and stop");
  cmd->add_option("project", o.project_file, "Project file (TOML)")->required();
  cmd->callback([&o] {
    o.exit_code = guarded([&o] {
      project::Project p = project::load_project(o.project_file);
      make_log(o).info(o.project_file + ": valid (" + std::to_string(p.layers.size()) + " layers)");
    });
  });
}

void inspect_command(CLI::App& app, Options& o) {
  auto* cmd = app.add_subcommand("inspect", "Describe the analysis grid and every input layer");
  cmd->add_option("project", o.project_file, "Project file (TOML)")->required();
  cmd->add_flag("--json", o.json, "Print JSON instead of text");
  cmd->callback([&o] {
    o.exit_code = guarded([&o] {
      gdal::register_drivers();
      Log log = make_log(o);
      project::Project p = project::load_project(o.project_file);
      Grid grid = sources::build_grid(p, log);
      nlohmann::json info = sources::project_info(p, grid);
      if (o.json) std::cout << info.dump(2) << '\n';
      else std::cout << sources::format_info(info);
      bool failed = false;
      for (const auto& l : info["layers"]) {
        for (const auto& w : l["warnings"]) log.warn(l["id"].get<std::string>() + ": " + w.get<std::string>());
        if (l.contains("error")) failed = true;
      }
      if (failed) throw InputError("some layers cannot be read (see ERROR lines above)");
    });
  });
}

void schema_command(CLI::App& app, Options& o) {
  auto* cmd = app.add_subcommand("schema", "Print the project-file reference (Markdown)");
  cmd->callback([&o] { o.exit_code = guarded([] { std::cout << project::schema_markdown(); }); });
}

}  // namespace

void register_commands(CLI::App& app, Options& options) {
  validate_command(app, options);
  inspect_command(app, options);
  schema_command(app, options);
}

}  // namespace oremap::cli
