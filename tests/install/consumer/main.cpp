// Runs a project through oremap's library API, as `oremap run` does minus the maps, viewer and
// report: load the project, build the grid, take the output folder, run the raster stages and
// the site stages in its staging area, commit. Prints the grid and each commodity's ranked sites
// (tests/install/consumer_test.sh compares them with what the installed CLI writes).
//   consumer <project.toml>
#include <iostream>
#include <oremap/core/error.hpp>
#include <oremap/core/log.hpp>
#include <oremap/gdal/handles.hpp>
#include <oremap/project/project.hpp>
#include <oremap/stages/outputs/output_folder.hpp>
#include <oremap/stages/pipeline.hpp>
#include <oremap/stages/run_context.hpp>
#include <oremap/stages/sources/grid_builder.hpp>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: consumer <project.toml>\n";
    return 2;
  }
  try {
    oremap::gdal::register_drivers();
    const oremap::Log log(std::cerr, oremap::Verbosity::normal);
    const oremap::project::Project project = oremap::project::load_project(argv[1]);
    const oremap::Grid grid = oremap::sources::build_grid(project, log);

    oremap::OutputFolder output(project.output_dir, "consumer", false, log);
    oremap::project::Project staged = project;
    staged.output_dir = output.staging();
    oremap::RunContext ctx{staged, grid, log};
    ctx.threads = 2;
    ctx.work_dir = output.work();
    std::string step;
    ctx.progress = [&step](double, const std::string& message) {
      if (message != step) std::clog << "consumer: " << (step = message) << "\n";
      return true;  // false cancels the run (oremap::Cancelled)
    };

    oremap::run_raster_stages(ctx);
    const std::vector<oremap::sites::CommodityResult> results = oremap::run_site_stages(ctx);
    output.commit(oremap::OutputFolder::Commit::replace, ctx.progress, ctx.threads);

    std::cout << "grid " << grid.cols << " " << grid.rows << "\n";
    for (const auto& r : results) {
      std::cout << r.commodity << ":";
      for (const auto& row : r.rows)
        if (row.rank > 0) std::cout << " " << row.rank << "=" << row.id;
      std::cout << "\n";
    }
    return 0;
  } catch (const oremap::ProjectError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << d.format() << "\n";
    return static_cast<int>(e.code());
  } catch (const oremap::Error& e) {
    std::cerr << "consumer: " << e.what() << "\n";
    return static_cast<int>(e.code());
  }
}
