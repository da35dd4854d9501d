#include "stages/pipeline.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/disk_space.hpp"
#include "core/error.hpp"
#include "core/free_memory.hpp"
#include "core/secrets.hpp"
#include "gdal/grid_raster.hpp"
#include "stages/band_raster.hpp"
#include "stages/block_engine.hpp"
#include "stages/evidence/evidence_steps.hpp"
#include "stages/models/model_steps.hpp"
#include "stages/output_writes.hpp"
#include "stages/outputs/output_name.hpp"
#include "stages/raster_plan.hpp"
#include "stages/sinks/map/options.hpp"
#include "stages/sinks/map/site_map.hpp"
#include "stages/sinks/model_range.hpp"
#include "stages/sinks/rasters/raster_output.hpp"
#include "stages/sinks/report/figures_text.hpp"
#include "stages/sinks/report/validation_data.hpp"
#include "stages/sinks/report/validation_report.hpp"
#include "stages/sinks/site_tables/postgis.hpp"
#include "stages/sinks/site_tables/site_tables.hpp"
#include "stages/sinks/styles/raster_style.hpp"
#include "stages/sinks/viewer/web_viewer.hpp"
#include "stages/sites/site_config.hpp"
#include "stages/sites/site_scoring.hpp"
#include "stages/sources/layer_open.hpp"
#include "stages/sources/raster_source.hpp"
#include "stages/validation/model_validation.hpp"
#include "stages/validation/report_config.hpp"

namespace oremap {

namespace fs = std::filesystem;

namespace {

// Copies a warped layer into a grid GeoTIFF strip by strip, turning its nodata value into NaN;
// `as_mask` writes a Byte mask instead: 1 where the layer has data, 0 where it is nodata.
void copy_warped(const RunContext& ctx, const project::LayerSpec& spec, const fs::path& out, bool as_mask) {
  sources::GridRaster r = sources::warp_to_grid(spec, ctx.grid, ctx.log, ctx.threads);
  // This rank's rows, read in the same strips whatever the number of ranks (the warper's
  // approximation depends on the rows asked for: the same strips give the same cells).
  BandRaster dst(ctx, out, as_mask ? GDT_Byte : GDT_Float32, gdal::Storage::compressed);
  const Grid& g = ctx.grid;
  ctx.ranks->agree([&] {
    std::vector<float> rows(static_cast<std::size_t>(kStripRows) * g.cols);
    std::vector<unsigned char> inside(as_mask ? rows.size() : 0);
    const float nodata = static_cast<float>(r.nodata);
    const int end = dst.first_row() + dst.rows();
    for (int r0 = dst.first_row(); r0 < end; r0 += kStripRows) {
      int n = std::min(kStripRows, end - r0);
      try {
        gdal::read_rows(*r.warped, r0, n, rows.data());
      } catch (const InputError& e) {  // the warped view has no name; the layer and its file do
        throw InputError(sources::layer_label(spec) + ": " + e.what());
      }
      for (std::size_t i = 0; i < static_cast<std::size_t>(n) * g.cols; ++i)
        if (rows[i] == nodata) rows[i] = NAN;
      if (as_mask) {
        for (std::size_t i = 0; i < static_cast<std::size_t>(n) * g.cols; ++i) inside[i] = !std::isnan(rows[i]);
        dst.write_rows_byte(r0, n, inside.data());
      } else {
        dst.write_rows(r0, n, rows.data());
      }
      // Each strip is read and written once: its blocks would only fill the cache.
      r.warped->GetRasterBand(1)->FlushCache();
      dst.dataset().GetRasterBand(1)->FlushCache();
      if (!ctx.progress(static_cast<double>(r0 + n - dst.first_row()) / std::max(1, dst.rows()),
                        spec.id + (as_mask ? ": mask" : ": warping")))
        throw Cancelled();
    }
  });
  dst.close();
}

void materialise(const RunContext& ctx, const project::LayerSpec& spec, const fs::path& out) {
  copy_warped(ctx, spec, out, false);
}

// Threads for work on rank 0 alone (the outputs): the other ranks on its machine wait, asleep.
int root_threads(const RunContext& ctx) { return ctx.threads * ctx.ranks->on_this_machine(); }

sinks::RasterOutputOptions output_options(const RunContext& ctx, const std::string& description,
                                          const std::string& unit, const models::Metadata& metadata) {
  sinks::RasterOutputOptions o;
  const project::StepSpec outputs = ctx.project.table_or_defaults("outputs");
  o.format = outputs.str("format");
  o.compression = outputs.str("compression");
  o.level = static_cast<int>(outputs.num("compression_level"));  // 0: none given
  for (auto& ch : o.compression) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (o.level == 0 && o.compression == "ZSTD") o.level = 1;  // fast; barely larger than GDAL's level 9 on grids
  if (o.level == 0 && o.compression == "DEFLATE") o.level = 6;
  o.description = description;
  o.unit = unit;
  o.metadata = metadata;
  o.threads = ctx.threads;
  return o;
}

// Writes raster `id` to the output folder; later stages read it there. The intermediate is
// removed unless a per-cell step still reads it, so the work folder holds only what is read.
// Its QGIS style goes beside it, over `fixed_range` when given (a model: the maps' [map] range),
// else over the raster's own range (model_range.hpp). Over several ranks the file is written
// by one rank while all compute on (output_writes.hpp): until it is done, later stages read
// the intermediate.
void write_output(RunContext& ctx, OutputWrites& writes, const std::string& id, const std::string& description,
                  const std::string& unit, const models::Metadata& metadata,
                  const std::optional<std::array<double, 2>>& fixed_range) {
  fs::path target = output_path(ctx.project.output_dir, id, ".tif", "id");
  materialise(ctx, id, gdal::Storage::plain);  // read once, by the writer
  // A file shared with another step: that step's output is finished first, so this one copies it.
  if (std::count_if(ctx.rasters.begin(), ctx.rasters.end(),
                    [&](const auto& r) { return !r.second.deferred() && r.second.file() == ctx.raster_file(id); }) > 1)
    writes.finish();
  const fs::path file = ctx.raster_file(id);
  const bool still_read = std::any_of(ctx.rasters.begin(), ctx.rasters.end(),
                                      [&](const auto& r) { return r.second.deferred() && r.second.reads(file); });
  // Another output's file (a step sharing its raster, written out already) is copied, so that
  // output keeps its file and its description.
  const bool another_output = file.parent_path() != ctx.work_dir;
  sinks::RasterOutputOptions options = output_options(ctx, description, unit, metadata);
  // Beside the computation, a COG (a plain GeoTIFF may be its source itself, moved into place).
  const bool background = writes.in_background() && options.format == "cog";
  if (!background) writes.finish();
  options.threads = background ? ctx.threads : root_threads(ctx);
  auto moved = std::make_shared<bool>(false);
  OutputWrites::Write write;
  write.body = [=, &ctx](const Progress& progress) {
    fs::path source = file;
    if (another_output) {
      source = ctx.work_dir / (id + ".copy.tif");
      fs::copy_file(file, source, fs::copy_options::overwrite_existing);
    }
    // A plain GeoTIFF output is the intermediate itself, moved. A file still read (by per-cell
    // steps, or by the passes running beside this write) keeps its name: the output gets a
    // second name (a hard link), and the overviews and description go beside that.
    if ((still_read || background) && !another_output) {
      fs::path link = source;
      link += ".output";
      fs::create_hard_link(source, link);
      source = link;
    }
    *moved = sinks::write_raster_output(source, target, options, progress);
    // Read from the uncompressed source, which holds the same values as the output.
    const auto range = sinks::model_colour_range(*moved ? target : source, fixed_range);
    std::error_code ec;
    for (const char* beside : {".ovr", ".aux.xml"})  // the COG's overviews and the description, copied into it
      fs::remove(fs::path(source.string() + beside), ec);
    if (!*moved && source != file) fs::remove(source, ec);  // a copy or a second name: the output holds the values
    if (range) sinks::styles::write_raster_style(target, *range);
  };
  write.after = [=, &ctx] {
    // The intermediate goes unless still read; a step sharing it follows it to the output.
    ctx.ranks->on_root([&] {
      if (!*moved && !still_read && !another_output) remove_raster_files(ctx, file);
    });
    if ((*moved || !still_read) && !another_output)
      for (auto& [other, raster] : ctx.rasters)
        if (!raster.deferred() && raster.file() == file) raster = target;
    ctx.log.info("wrote " + target.filename().string());
  };
  if (background) {
    writes.add(std::move(write));
    return;
  }
  // The files are written on rank 0; every rank then follows the same renames.
  ctx.ranks->on_root([&] { write.body(ctx.progress); });
  *moved = ctx.ranks->from_root(*moved ? "moved" : "") == "moved";
  write.after();
}

// The band unit of an evidence output: the step's `unit`, else metres for a distance and "1"
// (dimensionless, in GDAL's and UDUNITS' spelling) for memberships, scores and classes.
std::string evidence_unit(const project::StepSpec& step) {
  if (step.has("unit")) return step.str("unit");
  return step.kind == "distance" ? "m" : "1";
}

// Each commodity's scoring model ([sites] model, else its first model), among the models computed.
void choose_scoring_models(RunContext& ctx) {
  for (const auto& [commodity, model] : sites::scoring_models(ctx.project))
    if (ctx.rasters.count(model)) ctx.model_of_commodity[commodity] = model;
}

}  // namespace

void run_project(RunContext& ctx) {
  // Fail on table values the schema cannot check, and on an output server that cannot be
  // reached, before the long work.
  if (ctx.project.map) sinks::map::read_map_options(ctx.project);
  if (ctx.project.sites && ctx.project.table_or_defaults("outputs").has("postgis"))
    ctx.ranks->on_root([&] { sinks::connect_postgis(ctx.project.table_or_defaults("outputs").str("postgis")); });
  if (ctx.project.sites) {
    std::vector<Diagnostic> problems;
    sites::read_site_config(ctx.project, problems);
    if (!problems.empty()) throw ProjectError(problems);
  }
  if (ctx.project.report) validation::read_report_config(ctx.project);
  run_raster_stages(ctx);
  // Sites measured by every rank (each its share), then tables, maps and viewer written on rank
  // 0; the validation's refits are raster passes again, on every rank.
  std::vector<sites::CommodityResult> results;
  if (ctx.project.sites) results = run_site_stages(ctx);
  // Over several ranks with a report, rank 0 draws them on a thread of its own while every rank
  // validates (their progress is not shown); else on rank 0 with its machine's cores.
  RunContext root = ctx;  // before `drawing`, whose destructor waits for the thread using it
  OutputWrites drawing(ctx);
  const bool beside_validation = drawing.in_background() && ctx.project.report;
  root.threads = beside_validation ? ctx.threads : root_threads(ctx);
  OutputWrites::Write draw;
  draw.body = [&root, &results](const Progress& progress) {
    root.progress = progress;
    if (root.project.map) sinks::render_maps(root, results);
    return_free_memory();
    if (root.project.viewer) sinks::write_viewer(root, results);
  };
  draw.after = [] {};
  if (beside_validation)
    drawing.add(std::move(draw), 0);  // rank 0, which prints its log lines
  else
    ctx.ranks->on_root([&] { draw.body(ctx.progress); });
  if (ctx.project.report) {
    const validation::ValidationResults validation = validation::run_validation(ctx);
    drawing.finish();
    ctx.ranks->on_root([&] { sinks::report::write_validation_report(ctx, results, validation); });
  }
}

void rescore_sites(RunContext& ctx, const fs::path& results) {
  if (!ctx.project.sites) throw Error(ExitCode::project, "the project has no [sites] table; nothing to score");
  use_existing_outputs(ctx, results);
  run_site_stages(ctx);
}

std::string run_model_validation(RunContext& ctx, bool json) {
  validation::read_report_config(ctx.project);  // fail before the long work
  run_raster_stages(ctx);
  const validation::ValidationResults results = validation::run_validation(ctx);
  return json ? sinks::report::validation_json(results).dump(2) + "\n" : sinks::report::model_figures_text(results);
}

std::vector<sites::CommodityResult> run_site_stages(RunContext& ctx) {
  std::vector<sites::CommodityResult> results = sites::compute_site_scores(ctx);
  ctx.ranks->on_root([&] { sinks::write_site_tables(ctx, results); });
  return results;
}

void run_raster_stages(RunContext& ctx) {
  // The block cache is the machine's: its ranks share it. (Budgets that shape results, such as the
  // percentile tables', come from ctx.cache_bytes whole, so results do not depend on the ranks.)
  GDALSetCacheMax64(static_cast<GIntBig>(ctx.cache_bytes / static_cast<std::size_t>(ctx.ranks->on_this_machine())));
  // Uncompressed GeoTIFFs (the intermediates) are read straight into the caller's buffer, not
  // copied through the block cache: every strip is read once. A user's own setting wins.
  if (!CPLGetConfigOption("GTIFF_DIRECT_IO", nullptr)) CPLSetConfigOption("GTIFF_DIRECT_IO", "YES");
  write_resolved_project(ctx);
  const auto& p = ctx.project;
  const RasterPlan plan = plan_rasters(p, ctx.grid);
  // Stop now, not hours in, when the written rasters cannot fit.
  const std::uint64_t needed = plan.temporary_bytes(ctx.grid, ctx.cache_bytes);
  if (auto shortfall = disk_shortfall_message(ctx.work_dir, needed, free_bytes(ctx.work_dir)); !shortfall.empty())
    throw OutputError(shortfall);
  ctx.written_when_computed = plan.written_when_computed;
  if (p.grid.mask) {
    // A polygon layer: the cells whose centre it holds; a raster layer: its data cells.
    const project::LayerSpec& mask = p.layer(*p.grid.mask);
    const fs::path file = ctx.work_dir / "mask.tif";
    if (mask.type == "raster")
      copy_warped(ctx, mask, file, true);
    else
      evidence::burn_features(ctx, mask, file, false);
    ctx.mask = file;
  }
  for (const auto& layer : p.layers)
    if (layer.type == "raster") {
      if (auto in_place = sources::read_in_place(layer, ctx.grid, ctx.work_dir / (layer.id + ".vrt"), ctx.log)) {
        ctx.rasters[layer.id] = *in_place;
        continue;
      }
      fs::path out = ctx.work_dir / (layer.id + ".tif");
      materialise(ctx, layer, out);
      ctx.rasters[layer.id] = out;
      return_free_memory();
    }
  OutputWrites writes(ctx);
  const bool all_evidence = p.outputs && p.outputs->flag("evidence");
  std::set<std::string> evidence_written;
  auto write_evidence = [&](const project::StepSpec& step) {
    write_output(ctx, writes, step.id, step.id + ": " + step.kind + " evidence", evidence_unit(step),
                 {{"step", step.kind}, {"input", step.str("input")}}, std::nullopt);
    evidence_written.insert(step.id);
  };
  // A whole-grid evidence output that no per-cell step reads goes out as soon as it is
  // computed (its plain intermediate read once); later steps read it in the output folder.
  auto run_evidence = [&](const project::StepSpec& step) {
    evidence::run_step(ctx, step);
    if (plan.written_when_computed.count(step.id)) write_evidence(step);
  };
  for (const auto& step : p.evidence) {
    if (ctx.rasters.count(step.id)) continue;  // run early as the uncapped twin of a capped distance
    if (auto twin = plan.capped_from.find(step.id); twin != plan.capped_from.end()) {
      if (!ctx.rasters.count(twin->second))
        run_evidence(*std::find_if(p.evidence.begin(), p.evidence.end(),
                                   [&](const project::StepSpec& s) { return s.id == twin->second; }));
      evidence::run_capped_distance(ctx, step, twin->second);
      continue;
    }
    if (auto same = plan.same_as.find(step.id); same != plan.same_as.end()) {
      ctx.log.info("evidence " + step.id + ": the same computation as " + same->second + "; its raster is reused");
      ctx.rasters[step.id] = ctx.raster(same->second);
      continue;
    }
    run_evidence(step);
    return_free_memory();
  }
  std::vector<RasterInput> cell_steps;  // for their warnings, once every pass has read them
  for (const auto& [id, raster] : ctx.rasters)
    if (raster.deferred()) cell_steps.push_back(raster);
  // Each model is written out as soon as it is computed: its intermediate lives for one model.
  // The maps' and the viewer's colour range of every model (model_range.hpp), for its QGIS style.
  const std::optional<std::array<double, 2>> map_range = p.map ? sinks::map::read_map_options(p).range : std::nullopt;
  for (const auto& step : p.models) {
    const models::Metadata meta = models::run_model(ctx, step);
    // Probabilities and scores, and their spread: dimensionless.
    write_output(ctx, writes, step.id, step.id + ": " + step.str("commodity") + " prospectivity (" + step.kind + ")",
                 "1", meta, map_range);
    if (ctx.rasters.count(step.id + "_std"))
      write_output(ctx, writes, step.id + "_std", step.id + ": posterior standard deviation", "1", meta, std::nullopt);
    return_free_memory();
  }
  choose_scoring_models(ctx);
  // Per-cell steps the later stages read as files (site criteria, the map's DEM).
  for (const auto& id : plan.read_as_files) materialise(ctx, id, gdal::Storage::compressed);

  for (const auto& step : p.evidence)
    if ((all_evidence || step.flag("write")) && !evidence_written.count(step.id)) write_evidence(step);
  writes.finish();
  for (const auto& raster : cell_steps)
    if (raster.step()->warning)
      if (const std::string w = raster.step()->warning(); !w.empty()) ctx.log.warn(w);
}

void write_resolved_project(const RunContext& ctx) {
  std::ostringstream out;
  const Grid& g = ctx.grid;
  out << "# Resolved by oremap " << OREMAP_VERSION << " from " << ctx.project.file.string() << "\n"
      << "# grid as built: " << g.cols << " x " << g.rows << " cells of " << g.cell_size << " m, EPSG:" << g.epsg
      << " (" << g.crs_name << "), extent [" << std::fixed << g.xmin << ", " << g.ymin() << ", " << g.xmax() << ", "
      << g.ymax << "]\n\n"
      << *ctx.project.resolved << "\n";
  // Output folders get shared: database passwords in layer paths are not copied into them.
  ctx.ranks->on_root(
      [&] { write_text_atomically(ctx.project.output_dir / "resolved_project.toml", redact_secrets(out.str())); });
}

void use_existing_outputs(RunContext& ctx, const fs::path& results) {
  for (const auto& step : ctx.project.models) {
    fs::path cog = output_path(results, step.id, ".tif", "models.id");
    if (!fs::exists(cog))
      throw InputError(cog.string() + ": model output missing; run `oremap run " + ctx.project.file.string() +
                       "` first");
    ctx.rasters[step.id] = cog;
    ctx.model_of_commodity.emplace(step.str("commodity"), step.id);
  }
  choose_scoring_models(ctx);
}

}  // namespace oremap
