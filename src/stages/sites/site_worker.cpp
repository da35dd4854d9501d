#include "stages/sites/site_worker.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "core/thread_group.hpp"
#include "gdal/handles.hpp"
#include "stages/sites/zonal.hpp"
#include "stages/sources/raster_source.hpp"

namespace oremap::sites {

namespace {

using Readers = std::vector<std::unique_ptr<ZonalReader>>;

// The path to read a raster layer from in place (sources::read_in_place; a view goes to a
// /vsimem/ VRT of its own), or nullopt when it must be warped.
std::optional<std::filesystem::path> read_in_place(const RunContext& ctx, const project::LayerSpec& spec) {
  static std::atomic<unsigned> views{0};
  const std::string vrt = "/vsimem/oremap-zonal-" + std::to_string(views++) + ".vrt";
  return sources::read_in_place(spec, ctx.grid, vrt, ctx.log);
}

// One reader per zonal slot (GDAL datasets are not shared between threads).
Readers open_readers(const RunContext& ctx, const Inputs& in) {
  Readers readers(in.slots.size());
  for (std::size_t s = 0; s < in.slots.size(); ++s) {
    const Slot& slot = in.slots[s];
    std::vector<gdal::DatasetPtr> chain;
    std::optional<std::filesystem::path> in_place;
    if (!slot.raster.empty()) {
      chain.push_back(open_on_grid(slot.raster, ctx.grid, slot.raster_label));
    } else if (slot.warp && (in_place = read_in_place(ctx, *slot.warp))) {
      // A layer on the grid's lattice is read as it is (the file, or a view of it), not warped.
      chain.push_back(open_on_grid(*in_place, ctx.grid, slot.raster_label));
      if (in_place->string().rfind("/vsimem/", 0) == 0) VSIUnlink(in_place->c_str());  // parsed on opening
    } else if (slot.warp) {
      sources::GridRaster g = sources::warp_to_grid(*slot.warp, ctx.grid, ctx.log);
      chain.push_back(std::move(g.file));
      chain.push_back(std::move(g.source));
      chain.push_back(std::move(g.warped));
    } else {
      continue;
    }
    readers[s] = std::make_unique<ZonalReader>(std::move(chain), ctx.grid, slot.raster_label);
  }
  return readers;
}

// What a worker computes with: a GEOS context and the layers' geometries in it. The first
// worker takes over the loading context and the shared geometries; the others get a context of
// their own and copies, made by the calling thread before any worker starts.
struct Geometries {
  std::unique_ptr<geos::Context> own;  // null for the first worker
  std::map<std::string, std::vector<geos::GeometryPtr>> copies;
};

Geometries copy_for_worker(const Inputs& in) {
  Geometries g;
  g.own = std::make_unique<geos::Context>();
  for (const auto& [id, layer] : in.layers) g.copies.emplace(id, clone_geometries(layer, *g.own));
  return g;
}

// The facets of every layer a distance criterion measures to, indexed once by the calling thread
// and shared by the workers (plain coordinates, no GEOS object).
using Facets = std::map<std::string, std::unique_ptr<FacetIndex>>;

Facets index_distance_layers(const SiteConfig& cfg, const Inputs& in) {
  Facets facets;
  for (const Slot& slot : in.slots)
    if (cfg.criteria[slot.criterion].kind == CriterionKind::distance && !facets.count(slot.layer))
      facets.emplace(slot.layer, index_facets(in.layers.at(slot.layer), *in.context));
  return facets;
}

class Worker {
 public:
  Worker(const RunContext& ctx, const SiteConfig& cfg, const Inputs& in, const Facets& facets, Readers readers,
         Geometries geometries)
      : cfg_(cfg),
        in_(in),
        geometries_(std::move(geometries)),
        geos_(geometries_.own ? *geometries_.own : *in.context),
        readers_(std::move(readers)) {
    for (const auto& [id, shared] : in.layers) {
      auto copies = geometries_.copies.find(id);
      auto indexed = facets.find(id);
      const FacetIndex* f = indexed == facets.end() ? nullptr : indexed->second.get();
      layers_.emplace(id, copies == geometries_.copies.end()
                              ? std::make_unique<LocalLayer>(shared, geos_, f)
                              : std::make_unique<LocalLayer>(shared, geos_, std::move(copies->second), f));
    }
    for (const auto& c : cfg.criteria)
      if (c.kind == CriterionKind::distance && c.geodesic && !geodesic_)
        geodesic_ = std::make_unique<GeodesicMeter>(ctx.grid.crs_wkt);
  }

  void measure(std::size_t j, Measurement* out, SiteExclusions& ex) {
    const std::uint8_t mask = in_.sites.commodity_mask[j];
    if (!mask) return;
    const std::string& wkb = in_.sites.wkb[j];
    geos::GeometryPtr site = geos::from_wkb(geos_, reinterpret_cast<const unsigned char*>(wkb.data()), wkb.size());
    const bool point = in_.sites.is_point[j];
    for (std::size_t s = 0; s < in_.slots.size(); ++s) {
      const Slot& slot = in_.slots[s];
      const Criterion& c = cfg_.criteria[slot.criterion];
      if (!applies(slot, c, mask)) continue;
      switch (c.kind) {
        case CriterionKind::distance:
          out[s] = measure_distance(geos_, layer(slot.layer), *site, slot.name_field,
                                    c.geodesic ? geodesic_.get() : nullptr);
          break;
        case CriterionKind::region:
          out[s] = measure_region(geos_, layer(slot.layer), *site, point, c.field, c.region_statistic, c.default_value,
                                  slot.name_field);
          break;
        case CriterionKind::count:
          out[s] = measure_count(geos_, layer(slot.layer), *site, c.radius, c.field);
          break;
        case CriterionKind::zonal:
          out[s] = readers_[s]->measure(geos_, *site, point, cfg_.point_radius, c.all_touched, c.zonal_statistic,
                                        c.percentile);
          break;
      }
    }
    for (std::size_t x = 0; x < cfg_.exclusions.size(); ++x) {
      const Exclusion& e = cfg_.exclusions[x];
      ExclusionHit hit = check_exclusion(geos_, layer(e.layer), *site, e, in_.exclusion_names[x]);
      if (!hit.hit) continue;
      if (e.penalty) {
        char pct[32];
        std::snprintf(pct, sizeof pct, "%g", 100.0 * *e.penalty);
        ex.penalties.push_back(hit.reason + " (score -" + pct + " %)");
        ex.factor *= 1.0 - *e.penalty;
      } else {
        ex.reasons.push_back(hit.reason);
      }
    }
  }

 private:
  bool applies(const Slot& slot, const Criterion& c, std::uint8_t mask) const {
    if (slot.commodity >= 0) return mask & (1u << slot.commodity);
    for (std::size_t k = 0; k < cfg_.commodities.size(); ++k)
      if ((mask & (1u << k)) && c.applies_to(cfg_.commodities[k].name)) return true;
    return false;
  }
  LocalLayer& layer(const std::string& key) { return *layers_.at(key); }

  const SiteConfig& cfg_;
  const Inputs& in_;
  Geometries geometries_;  // before the layers that use them: destroyed after them
  const geos::Context& geos_;
  std::map<std::string, std::unique_ptr<LocalLayer>> layers_;
  Readers readers_;
  std::unique_ptr<GeodesicMeter> geodesic_;
};

}  // namespace

Measured measure_sites(const RunContext& ctx, const SiteConfig& cfg, const Inputs& in) {
  const std::size_t n = in.sites.size(), chunk = 64;
  // On MPI ranks each measures its share of the sites; then every rank has them all.
  const std::pair<std::size_t, std::size_t> mine = ctx.ranks->share(n);
  const std::size_t first = mine.first, last = mine.second;
  Measured out;
  out.slots = in.slots.size();
  out.values.assign(n * out.slots, Measurement{});
  out.exclusions.assign(n, {});
  const int workers = static_cast<int>(
      std::max<std::size_t>(1, std::min<std::size_t>(std::max(ctx.threads, 1), (last - first + chunk - 1) / chunk)));
  ctx.ranks->agree([&] {
    std::vector<Readers> readers;
    std::vector<Geometries> geometries(workers);
    for (int t = 0; t < workers; ++t) {
      readers.push_back(open_readers(ctx, in));
      if (t > 0) geometries[t] = copy_for_worker(in);
    }
    const Facets facets = index_distance_layers(cfg, in);

    std::atomic<std::size_t> next{first}, done{0};
    std::atomic<bool> stop{false};
    std::exception_ptr error;
    std::mutex mutex;
    std::condition_variable finished_cv;
    int finished = 0;
    auto work = [&](int t) {
      try {
        Worker w(ctx, cfg, in, facets, std::move(readers[t]), std::move(geometries[t]));
        for (;;) {
          const std::size_t begin = next.fetch_add(chunk);
          if (begin >= last || stop) break;
          const std::size_t end = std::min(last, begin + chunk);
          for (std::size_t j = begin; j < end; ++j) w.measure(j, &out.values[j * out.slots], out.exclusions[j]);
          done += end - begin;
        }
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!error) error = std::current_exception();
        stop = true;
      }
      std::lock_guard<std::mutex> lock(mutex);
      ++finished;
      finished_cv.notify_all();
    };
    ThreadGroup pool;
    for (int t = 0; t < workers; ++t) pool.start(static_cast<std::size_t>(workers), work, t);
    bool cancelled = false;
    {
      std::unique_lock<std::mutex> lock(mutex);
      while (finished < workers) {
        finished_cv.wait_for(lock, std::chrono::milliseconds(200));
        lock.unlock();
        if (!cancelled &&
            !ctx.progress(last > first ? static_cast<double>(done) / static_cast<double>(last - first) : 1.0,
                          "measuring sites")) {
          cancelled = true;
          stop = true;
        }
        lock.lock();
      }
    }
    pool.join();
    if (error) std::rethrow_exception(error);
    if (cancelled) throw Cancelled();
  });
  if (ctx.ranks->size() > 1) {
    ByteWriter mine;
    for (std::size_t j = first; j < last; ++j) {
      for (std::size_t k = 0; k < out.slots; ++k) {
        const Measurement& m = out.values[j * out.slots + k];
        mine.put(m.raw).put(m.feature).put(m.note);
      }
      const SiteExclusions& e = out.exclusions[j];
      mine.put(e.reasons).put(e.penalties).put(e.factor);
    }
    const std::vector<std::string> all = ctx.ranks->all_gather(mine.bytes(), "sites: measurements");
    for (int r = 0; r < ctx.ranks->size(); ++r) {
      if (r == ctx.ranks->rank()) continue;
      ByteReader theirs(all[static_cast<std::size_t>(r)]);
      const auto [begin, end] = ctx.ranks->share(n, r);
      for (std::size_t j = begin; j < end; ++j) {
        for (std::size_t k = 0; k < out.slots; ++k) {
          Measurement& m = out.values[j * out.slots + k];
          theirs.get(m.raw);
          theirs.get(m.feature);
          theirs.get(m.note);
        }
        SiteExclusions& e = out.exclusions[j];
        theirs.get(e.reasons);
        theirs.get(e.penalties);
        theirs.get(e.factor);
      }
    }
  }
  return out;
}

}  // namespace oremap::sites
