// Site-scoring benchmark driver (not a test): times oremap's site scoring phase by phase on a
// project file and writes each site's raw value of every criterion (one column per criterion,
// named by its id) for comparison with the geopandas and rasterio references. Built and run by
// tools/bench/sites_bench.
// Usage: sites_bench PROJECT.toml THREADS OUT.csv [--write]
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "core/error.hpp"
#include "gdal/handles.hpp"
#include "project/project.hpp"
#include "stages/pipeline.hpp"
#include "stages/run_context.hpp"
#include "stages/sites/site_config.hpp"
#include "stages/sites/site_inputs.hpp"
#include "stages/sites/site_scoring.hpp"
#include "stages/sites/site_worker.hpp"
#include "stages/sources/grid_builder.hpp"

using namespace oremap;
using Clock = std::chrono::steady_clock;

static double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: sites_bench PROJECT.toml THREADS OUT.csv [--write]\n";
    return 2;
  }
  try {
    gdal::register_drivers();
    const auto t0 = Clock::now();
    project::Project p = project::load_project(argv[1]);
    Log log(std::cerr, Verbosity::quiet);
    RunContext ctx(p, sources::build_grid(p, log), log);
    ctx.threads = std::stoi(argv[2]);

    std::vector<Diagnostic> problems;
    const sites::SiteConfig cfg = sites::read_site_config(p, problems);
    if (problems.empty()) sites::check_inputs(ctx, cfg, problems);
    if (!problems.empty()) throw ProjectError(problems);
    const auto t_load = Clock::now();
    const sites::Inputs in = sites::load_inputs(ctx, cfg);
    const double load_s = seconds_since(t_load);
    const auto t_measure = Clock::now();
    const sites::Measured m = sites::measure_sites(ctx, cfg, in);
    const double measure_s = seconds_since(t_measure);

    std::ofstream out(argv[3]);
    out.precision(17);
    out << "site_id";
    for (const auto& slot : in.slots) out << ',' << cfg.criteria[slot.criterion].id;
    out << '\n';
    for (std::size_t j = 0; j < in.sites.size(); ++j) {
      out << in.sites.ids[j];
      for (std::size_t s = 0; s < in.slots.size(); ++s) out << ',' << m.at(j, s).raw;
      out << '\n';
    }

    double full_s = 0;
    if (argc > 4 && std::string(argv[4]) == "--write") {
      const auto t_full = Clock::now();
      run_site_stages(ctx);  // everything again: load, measure, rank, Monte-Carlo, write
      full_s = seconds_since(t_full);
    }
    std::printf(
        "{\"threads\": %d, \"sites\": %zu, \"load_s\": %.3f, \"measure_s\": %.3f, "
        "\"load_and_measure_s\": %.3f, \"full_run_with_outputs_s\": %.3f, \"total_s\": %.3f}\n",
        ctx.threads, in.sites.size(), load_s, measure_s, load_s + measure_s, full_s, seconds_since(t0));
  } catch (const ProjectError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << d.format() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "sites_bench: " << e.what() << '\n';
    return 1;
  }
}
