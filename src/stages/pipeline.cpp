#include "stages/pipeline.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>

#include "core/error.hpp"
#include "gdal/grid_raster.hpp"
#include "stages/evidence/evidence_steps.hpp"
#include "stages/models/model_steps.hpp"
#include "stages/report/provenance.hpp"
#include "stages/sinks/atomic_file.hpp"
#include "stages/sinks/output_name.hpp"
#include "stages/sinks/raster_output.hpp"
#include "stages/sources/raster_source.hpp"

namespace oremap {

namespace fs = std::filesystem;

namespace {

// The process id in a leftover's name ("x.tmp-123.tif", ".oremap-work-123", "viewer.old-123"),
// or 0 when the name is not one of oremap's temporary names.
long leftover_pid(const std::string& name) {
  static const std::regex pattern(R"((?:\.tmp-|\.old-|^\.oremap-work-)(\d+)(?:\.|$))");
  std::smatch m;
  return std::regex_search(name, m, pattern) ? std::stol(m[1]) : 0;
}

bool process_alive(long pid) { return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM; }

// Removes what killed runs (SIGKILL, a power cut) could not clean up in the output folder and
// its subfolders: temporary files and folders named after a process that no longer exists.
// Work folders kept on purpose (--keep-temp) carry a KEPT marker and stay.
void remove_stale_leftovers(const fs::path& output_dir) {
  std::error_code ec;
  std::vector<fs::path> stale;
  auto scan = [&](const fs::path& dir, bool descend) {
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      const long pid = leftover_pid(name);
      if (pid > 0 && pid != ::getpid() && !process_alive(pid) && !fs::exists(it->path() / "KEPT"))
        stale.push_back(it->path());
      else if (descend && pid == 0 && it->is_directory(ec))
        for (fs::directory_iterator sub(it->path(), ec), send; !ec && sub != send; sub.increment(ec)) {
          const long sub_pid = leftover_pid(sub->path().filename().string());
          if (sub_pid > 0 && sub_pid != ::getpid() && !process_alive(sub_pid)) stale.push_back(sub->path());
        }
    }
  };
  scan(output_dir, true);
  for (const auto& p : stale) fs::remove_all(p, ec);
}

}  // namespace

WorkDir::WorkDir(const fs::path& output_dir, bool keep)
    : path_(output_dir / (".oremap-work-" + std::to_string(::getpid()))), keep_(keep) {
  remove_stale_leftovers(output_dir);
  std::error_code ec;
  fs::create_directories(path_, ec);
  if (ec) throw OutputError(path_.string() + ": cannot create the work folder: " + ec.message());
  if (keep_) std::ofstream(path_ / "KEPT") << "kept by --keep-temp; delete this folder when done\n";
}

WorkDir::~WorkDir() {
  std::error_code ec;
  if (!keep_) fs::remove_all(path_, ec);
}

namespace {

// Copies a warped layer into a grid GeoTIFF, turning its nodata value into NaN.
void materialise(const RunContext& ctx, const project::LayerSpec& spec, const fs::path& out) {
  sources::GridRaster r = sources::warp_to_grid(spec, ctx.grid, ctx.log);
  gdal::DatasetPtr dst = gdal::create_grid_tiff(out, ctx.grid);
  const Grid& g = ctx.grid;
  std::vector<float> rows(static_cast<std::size_t>(256) * g.cols);
  const float nodata = static_cast<float>(r.nodata);
  for (int r0 = 0; r0 < g.rows; r0 += 256) {
    int n = std::min(256, g.rows - r0);
    gdal::read_rows(*r.warped, r0, n, rows.data());
    for (std::size_t i = 0; i < static_cast<std::size_t>(n) * g.cols; ++i)
      if (rows[i] == nodata) rows[i] = NAN;
    gdal::write_rows(*dst, r0, n, rows.data());
    if (!ctx.progress(static_cast<double>(r0 + n) / g.rows, spec.id + ": warping")) throw Cancelled();
  }
  gdal::close_written(dst, out);
}

sinks::RasterOutputOptions output_options(const RunContext& ctx, const std::string& description,
                                          const models::Metadata& metadata) {
  sinks::RasterOutputOptions o;
  if (ctx.project.outputs) {
    o.format = ctx.project.outputs->str("format", "cog");
    o.compression = ctx.project.outputs->str("compression", "zstd");
    o.level = static_cast<int>(ctx.project.outputs->num("compression_level", 0));
  }
  for (auto& ch : o.compression) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (o.level == 0 && o.compression == "ZSTD") o.level = 1;  // fast; barely larger than GDAL's level 9 on grids
  if (o.level == 0 && o.compression == "DEFLATE") o.level = 6;
  o.description = description;
  o.metadata = metadata;
  o.threads = ctx.threads;
  return o;
}

// Writes raster `id` to the output folder. When the intermediate itself became the output,
// later stages read it there.
void write_output(RunContext& ctx, const std::string& id, const std::string& description,
                  const models::Metadata& metadata) {
  fs::path target = sinks::output_path(ctx.project.output_dir, id, ".tif", "id");
  if (sinks::write_raster_output(ctx.raster(id), target, output_options(ctx, description, metadata), ctx.progress))
    ctx.rasters[id] = target;
  ctx.log.info("wrote " + target.string());
}

}  // namespace

void run_raster_stages(RunContext& ctx) {
  GDALSetCacheMax64(static_cast<GIntBig>(ctx.cache_bytes));
  // Uncompressed GeoTIFFs (the intermediates) are read straight into the caller's buffer, not
  // copied through the block cache: every strip is read once. A user's own setting wins.
  if (!CPLGetConfigOption("GTIFF_DIRECT_IO", nullptr)) CPLSetConfigOption("GTIFF_DIRECT_IO", "YES");
  write_resolved_project(ctx);
  const auto& p = ctx.project;
  if (p.grid.mask) {
    ctx.mask = ctx.work_dir / "mask.tif";
    evidence::burn_features(ctx, p.layer(*p.grid.mask), ctx.mask, false);
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
    }
  for (const auto& step : p.evidence) evidence::run_step(ctx, step);
  std::map<std::string, models::Metadata> model_meta;
  for (const auto& step : p.models) model_meta[step.id] = models::run_model(ctx, step);

  const bool all_evidence = p.outputs && p.outputs->flag("evidence");
  for (const auto& step : p.evidence)
    if (all_evidence || step.flag("write"))
      write_output(ctx, step.id, step.id + ": " + step.kind + " evidence",
                   {{"step", step.kind}, {"input", step.str("input")}});
  for (const auto& step : p.models) {
    write_output(ctx, step.id, step.id + ": " + step.str("commodity") + " prospectivity (" + step.kind + ")",
                 model_meta[step.id]);
    if (ctx.rasters.count(step.id + "_std"))
      write_output(ctx, step.id + "_std", step.id + ": posterior standard deviation", model_meta[step.id]);
  }
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
  sinks::write_text_atomically(ctx.project.output_dir / "resolved_project.toml", report::redact_secrets(out.str()));
}

void use_existing_outputs(RunContext& ctx) {
  for (const auto& step : ctx.project.models) {
    fs::path cog = sinks::output_path(ctx.project.output_dir, step.id, ".tif", "models.id");
    if (!fs::exists(cog))
      throw InputError(cog.string() + ": model output missing; run `oremap run " + ctx.project.file.string() +
                       "` first");
    ctx.rasters[step.id] = cog;
    ctx.model_of_commodity.emplace(step.str("commodity"), step.id);
  }
}

}  // namespace oremap
