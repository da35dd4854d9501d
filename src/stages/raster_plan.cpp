#include "stages/raster_plan.hpp"

#include <algorithm>
#include <sstream>

#include "stages/evidence/evidence_steps.hpp"
#include "stages/models/model_steps.hpp"
#include "stages/raster_input.hpp"
#include "stages/sources/raster_source.hpp"

namespace oremap {

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

std::string mib(std::uint64_t bytes) {
  std::ostringstream s;
  if (bytes >= (10ull << 30))
    s << (bytes >> 30) << " GiB";
  else
    s << ((bytes + (1u << 20) - 1) >> 20) << " MiB";
  return s.str();
}

// The ids a later stage opens as files: zonal criteria rasters and the map's hillshade DEM.
std::vector<std::pair<std::string, std::string>> file_readers(const project::Project& p) {
  std::vector<std::pair<std::string, std::string>> readers;  // id, who
  if (p.sites)
    for (const auto& c : p.criteria)
      if (c.kind == "zonal" && c.has("raster") && c.str("raster") != "prospectivity")
        readers.emplace_back(c.str("raster"), "site criterion '" + c.id + "'");
  if (p.map && p.map->has("dem")) readers.emplace_back(p.map->str("dem"), "map.dem");
  return readers;
}

// What a step computes: its table without the keys that only name or describe it (and
// without `also`, e.g. "cap").
std::string computation(const project::StepSpec& step, const char* also = nullptr) {
  toml::table t = *step.table;
  for (const char* key : {"id", "description", "write"}) t.erase(key);
  if (also) t.erase(also);
  std::ostringstream s;
  s << t;
  return s.str();
}

}  // namespace

std::vector<std::string> RasterPlan::materialised() const {
  std::vector<std::string> ids;
  for (const auto& r : rasters)
    if (r.kind != "read" && !same_as.count(r.id) && (!r.fused || r.output || read_as_files.count(r.id)))
      ids.push_back(r.id);
  return ids;
}

std::uint64_t RasterPlan::temporary_bytes(const Grid& grid, std::size_t cache_bytes) const {
  const auto cells = static_cast<std::uint64_t>(grid.cell_count());
  const std::uint64_t overviews = output_overviews ? cells * 4 / 3 : 0;  // levels 2, 4, 8, ...: 1/4 + 1/16 + ...
  std::uint64_t kept = 0, largest_output = 0, distance_scratch = 0;
  for (const auto& r : rasters) {
    if ((r.fused && !r.output && !read_as_files.count(r.id)) || same_as.count(r.id) || r.kind == "read") continue;
    const bool kept_to_end = !written_when_computed.count(r.id) && !r.model && (!r.fused || read_as_files.count(r.id));
    if (kept_to_end) kept += cells * (r.kind == "mask" ? 1 : 4) / 2;
    if (r.output) {
      // A fused output is computed plain for its writer; a WofE posterior has its standard
      // deviation beside it.
      const std::uint64_t plain = kept_to_end ? 0 : cells * 4 * (r.kind == "wofe" && r.model ? 2 : 1);
      largest_output = std::max(largest_output, plain + overviews);
    }
    if (r.kind == "distance" && !r.fused) {
      const std::uint64_t columns = cells * (grid.rows <= 65535 ? 2 : 4);
      const std::uint64_t features = cells;  // burnt into a Byte raster
      distance_scratch = std::max(distance_scratch, (columns > cache_bytes ? columns : 0) / 2 + features / 2);
    }
  }
  return kept + largest_output + distance_scratch;
}

RasterPlan plan_rasters(const project::Project& p, const Grid& grid) {
  RasterPlan plan;
  plan.output_overviews = p.table_or_defaults("outputs").str("format") == "cog";
  if (p.grid.mask) plan.rasters.push_back({"mask", "mask", {*p.grid.mask}, false, false, false, "the study-area mask"});
  for (const auto& layer : p.layers)
    if (layer.type == "raster") {
      const std::string refusal = sources::in_place_refusal(layer, grid);
      if (refusal.empty())
        plan.rasters.push_back({layer.id, "read", {}, false, false, false, "a layer on the grid: read in place"});
      else
        plan.rasters.push_back(
            {layer.id, "warp", {}, false, false, false, "a layer " + refusal + ": warped onto the grid"});
    }
  const bool all_evidence = p.outputs && p.outputs->flag("evidence");
  std::set<std::string> fused;
  std::map<std::string, std::string> first_of;  // computation -> id
  std::map<std::string, std::string> uncapped;  // computation of a distance without a cap -> id
  for (const auto& step : p.evidence)
    if (step.kind == "distance" && !step.has("cap")) uncapped.emplace(computation(step), step.id);
  for (const auto& step : p.evidence) {
    PlannedRaster r{step.id, step.kind, {step.str("input")}, false, all_evidence || step.flag("write"), false, ""};
    if (evidence::per_cell_kind(step.kind)) {
      r.fused = true;
      fused.insert(step.id);
      r.statistics = (step.kind == "normalise") ||
                     (step.kind == "fuzzy" && (step.str("function") == "mslarge" || step.str("function") == "mssmall"));
    }
    r.why = r.fused                      ? "per cell: computed in the passes that read it"
            : step.kind == "distance"    ? "distance needs the whole grid"
            : step.kind == "interpolate" ? "interpolation needs every sample point"
                                         : "GDAL burns the features into a file";
    if (!r.fused) {
      const auto [first, inserted] = first_of.emplace(computation(step), step.id);
      if (!inserted) {
        plan.same_as[step.id] = first->second;
        r.why = "the same computation as '" + first->second + "': shares its raster";
      } else if (auto twin = uncapped.find(computation(step, "cap"));
                 step.kind == "distance" && step.has("cap") && twin != uncapped.end()) {
        plan.capped_from[step.id] = twin->second;
        r.fused = true;
        fused.insert(step.id);
        r.inputs = {twin->second};
        r.why = "the distances of '" + twin->second + "' capped per cell: computed in the passes that read it";
      }
    }
    if (r.output) r.why += r.fused ? "; written: asked for as an output" : "; also an output";
    plan.rasters.push_back(r);
  }
  for (const auto& [id, who] : file_readers(p))
    if (fused.count(id)) {
      plan.read_as_files.insert(id);
      for (auto& r : plan.rasters)
        if (r.id == id) r.why += "; written: " + who + " reads it as a file";
    }
  for (auto& r : plan.rasters) {
    if (!r.output || r.fused || plan.same_as.count(r.id)) continue;
    // Read by a per-cell step, itself or through a step sharing its raster?
    const bool fused_reader = std::any_of(plan.rasters.begin(), plan.rasters.end(), [&](const PlannedRaster& q) {
      return q.fused && std::any_of(q.inputs.begin(), q.inputs.end(), [&](const std::string& in) {
               auto shared = plan.same_as.find(in);
               return in == r.id || (shared != plan.same_as.end() && shared->second == r.id);
             });
    });
    if (!fused_reader) {
      plan.written_when_computed.insert(r.id);
      r.why += "; written out as soon as computed";
    }
  }
  for (const auto& step : p.models) {
    std::vector<std::string> inputs = step.strs("inputs");
    if (step.has("constraints"))
      for (const auto& c : step.strs("constraints")) inputs.push_back(c);
    const bool trained = models::trained_on_deposits(step.kind);
    plan.rasters.push_back({step.id, step.kind, inputs, false, true, trained,
                            trained ? "trained on the whole grid; an output"
                                    : "per cell of its inputs; an output (their per-cell steps computed inside)",
                            true});
    plan.written_when_computed.insert(step.id);
  }
  return plan;
}

std::string plan_text(const RasterPlan& plan, const Grid& grid, int threads, std::size_t cache_bytes) {
  std::ostringstream out;
  out << "Raster plan: " << grid.cols << " x " << grid.rows << " cells of " << grid.cell_size << " m ("
      << grid.cell_count() << " cells)\n\n";
  std::size_t width = 4;
  for (const auto& r : plan.rasters) width = std::max(width, r.id.size());
  int fused = 0, statistics = 0, widest_pass = 0;
  for (const auto& r : plan.rasters) {
    const bool reused = plan.same_as.count(r.id) > 0;
    const bool written = (!r.fused || r.output || plan.read_as_files.count(r.id)) && !reused;
    out << "  "
        << (r.kind == "read" ? "read  "
            : reused         ? "reuse "
            : written        ? "write "
                             : "fused ")
        << r.id << std::string(width - r.id.size() + 2, ' ') << r.kind;
    if (!r.inputs.empty()) out << " of " << join(r.inputs);
    out << ": " << r.why << (r.statistics ? " (after a statistics pass over its input)" : "") << "\n";
    fused += r.fused && !written;
    statistics += r.statistics;
    widest_pass = std::max(widest_pass, static_cast<int>(r.inputs.size()));
  }
  const std::vector<std::string> written = plan.materialised();
  const std::uint64_t per_thread = static_cast<std::uint64_t>(widest_pass + 2) * kStripRows * grid.cols * 4;
  out << "\n"
      << written.size() << " rasters written (" << join(written) << "); " << fused
      << " per-cell steps fused, never written; " << statistics << " statistics or training passes.\n"
      << "Temporary disk: about " << mib(plan.temporary_bytes(grid, cache_bytes))
      << " (rasters kept to the end compressed, counted at half their plain size; one output at a time plain"
      << (plan.output_overviews ? ", with its COG overviews" : "") << "; the raster stages only).\n"
      << "Memory: the GDAL cache (" << mib(cache_bytes) << ", --cache) + about " << mib(per_thread)
      << " per thread for strips of " << kStripRows << " rows (" << threads << " threads).\n";
  return out.str();
}

}  // namespace oremap
