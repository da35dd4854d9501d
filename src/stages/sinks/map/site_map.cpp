#include "stages/sinks/map/site_map.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "stages/outputs/output_name.hpp"
#include "stages/sinks/map/deposits.hpp"
#include "stages/sinks/map/legend.hpp"
#include "stages/sinks/map/output.hpp"
#include "stages/sinks/map/overlay.hpp"
#include "stages/sinks/map/raster.hpp"
#include "stages/sinks/map/sites.hpp"
#include "stages/sinks/map/style.hpp"
#include "stages/sinks/model_range.hpp"
#include "stages/sources/layer_open.hpp"
#include "stages/sources/raster_source.hpp"

namespace oremap::sinks {

using namespace map;  // the map_* helpers

namespace {

namespace fs = std::filesystem;

// What every commodity's page shares.
struct Scene {
  MapOptions opt;
  Layout layout;
  int image_w = 1, image_h = 1;  // background raster pixels covering the frame
  std::vector<std::string> footer;
  std::vector<Overlay> boundaries, infrastructure;
  std::vector<std::pair<Overlay, HatchedLayer>> hatched;
  std::map<std::string, Overlay> deposits;  // by commodity ([map] deposits)
  std::vector<float> shade;                 // relief factors, image_w x image_h; empty: no DEM
  double north = 0;                         // true north, clockwise from page up
};

// One commodity's page.
struct Page {
  std::string title, subtitle;
  SurfacePtr background;
  LegendContent legend;
  const sites::CommodityResult* result = nullptr;
  const Overlay* deposits = nullptr;  // the commodity's known deposits, if drawn
};

const sites::CommodityResult* find_result(const std::vector<sites::CommodityResult>& results, const std::string& c) {
  for (const auto& r : results)
    if (r.commodity == c) return &r;
  return nullptr;
}

// A context on a 1x1 surface, for measuring text before a page exists.
CairoPtr measuring_context() {
  SurfacePtr s = own_surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1), "map text measuring");
  return own_context(cairo_create(s.get()), "map text measuring");  // the context keeps the surface alive
}

std::string crs_note(const Grid& g) {
  char cells[96];
  std::snprintf(cells, sizeof cells, "%g m cells, %d x %d", g.cell_size, g.cols, g.rows);
  const std::string crs = g.epsg ? "EPSG:" + std::to_string(g.epsg) + " (" + g.crs_name + ")" : g.crs_name;
  return "CRS " + crs + "  \u00b7  grid " + cells + "  \u00b7  map by oremap " OREMAP_VERSION;
}

std::string model_label(const RunContext& ctx, const std::string& commodity) {
  auto m = ctx.model_of_commodity.find(commodity);
  if (m == ctx.model_of_commodity.end()) return "";
  for (const auto& step : ctx.project.models)
    if (step.id == m->second) return step.id + " (" + step.kind + ")";
  return m->second;
}

LegendContent legend_for(const RunContext& ctx, const Scene& s, const std::string& commodity,
                         const sites::CommodityResult* result) {
  LegendContent c;
  c.model = model_label(ctx, commodity);
  c.range = std::array<double, 2>{0, 1};
  c.hillshade = s.opt.dem.has_value() && s.opt.hillshade > 0;
  std::set<InfraClass> classes;
  for (const auto& o : s.infrastructure)
    for (const auto& shape : o.shapes) classes.insert(shape.cls);
  c.infrastructure.assign(classes.begin(), classes.end());
  for (const auto& [overlay, h] : s.hatched) c.hatched.emplace_back(h.label, h.soft);
  c.boundaries = s.opt.boundaries;
  if (s.deposits.count(commodity)) c.deposits = s.opt.deposits_of(commodity);
  if (!result) return c;
  for (const auto& row : result->rows) {
    if (row.status == sites::SiteStatus::unranked) {
      ++c.unranked;
      // Each reason starts with the criterion's id: "prospectivity: no value (outside ...)".
      std::string missing;
      for (const auto& reason : row.reasons)
        missing += (missing.empty() ? "" : ", ") + reason.substr(0, reason.find(':'));
      c.not_ranked.push_back((row.name.empty() ? row.id : row.name) + ": no " + missing);
      continue;
    }
    if (row.excluded || row.rank < 1) {
      ++c.excluded;
      continue;
    }
    ++c.ranked;
    if (row.rank <= s.opt.top_n)
      c.top.push_back(
          {row.rank, row.name, row.score, s.opt.rank_intervals ? rank_interval_text(row.rank_p05, row.rank_p95) : ""});
  }
  std::sort(c.top.begin(), c.top.end(), [](const auto& a, const auto& b) { return a.rank < b.rank; });
  return c;
}

void load_overlays(const RunContext& ctx, Scene& s) {
  const auto& p = ctx.project;
  for (const auto& id : s.opt.boundaries) s.boundaries.push_back(load_overlay(p.layer(id), ctx.grid, ctx.log));
  for (const auto& id : s.opt.infrastructure) {
    std::optional<InfraClass> forced;
    for (const auto& [layer, cls] : s.opt.infrastructure_classes)
      if (layer == id) forced = cls;
    s.infrastructure.push_back(load_overlay(p.layer(id), ctx.grid, ctx.log, 0, true, forced));
  }
  for (const auto& h : s.opt.exclusions)
    s.hatched.emplace_back(load_overlay(p.layer(h.layer), ctx.grid, ctx.log, h.buffer), h);
  for (const auto& [commodity, id] : s.opt.deposits)
    s.deposits.emplace(commodity, load_overlay(p.layer(id), ctx.grid, ctx.log));
}

// Overlays, footer and page layout (sized for the longest legend of the run).
Scene build_scene(const RunContext& ctx, const MapOptions& opt, const std::vector<sites::CommodityResult>& results) {
  Scene s;
  s.opt = opt;
  load_overlays(ctx, s);
  const double u = opt.px_per_pt();
  CairoPtr cr = measuring_context();
  const std::string credits = opt.attribution.empty()
                                  ? "Data credits not given: set [map] attribution in the project file (CC BY and "
                                    "ODC-By data require credit)."
                                  : "Data: " + opt.attribution;
  s.footer = footer_lines(cr.get(), crs_note(ctx.grid), credits, opt.width - 28 * u, u);
  const double footer_h = footer_height(s.footer.size(), u);
  Layout first = compute_layout(ctx.grid, opt.width, opt.height.value_or(0), u, footer_h, 0);
  double panel_h = 0;
  for (const auto& c : map_commodities(ctx, results))
    panel_h =
        std::max(panel_h, draw_legend(cr.get(), first.panel, legend_for(ctx, s, c, find_result(results, c)), u, false));
  s.layout = compute_layout(ctx.grid, opt.width, opt.height.value_or(0), u, footer_h, panel_h);
  s.image_w = std::max(1, static_cast<int>(std::lround(s.layout.frame.x1 - s.layout.frame.x0)));
  s.image_h = std::max(1, static_cast<int>(std::lround(s.layout.frame.y1 - s.layout.frame.y0)));
  const Grid& g = ctx.grid;
  s.north = true_north_angle(g, (g.xmin + g.xmax()) / 2, (g.ymin() + g.ymax) / 2);
  return s;
}

// Relief factors from map.dem at the background's resolution; empty without a DEM.
std::vector<float> relief(const RunContext& ctx, const Scene& s) {
  if (!s.opt.dem || s.opt.hillshade <= 0) return {};
  const std::string& id = *s.opt.dem;
  std::vector<float> dem;
  if (ctx.rasters.count(id)) {
    gdal::DatasetPtr ds = gdal::open_dataset(ctx.raster_file(id).string(), GDAL_OF_RASTER);
    int has = 0;
    const double nodata = ds->GetRasterBand(1)->GetNoDataValue(&has);
    dem = read_resampled(*ds, s.image_w, s.image_h, has ? std::optional<double>(nodata) : std::nullopt);
  } else if (const project::LayerSpec* layer = ctx.project.find_layer(id); layer && layer->type == "raster") {
    sources::GridRaster r = sources::warp_to_grid(*layer, ctx.grid, ctx.log);
    try {
      dem = read_resampled(*r.warped, s.image_w, s.image_h, r.nodata);
    } catch (const InputError& e) {  // the warped view has no name; the layer and its file do
      throw InputError(sources::layer_label(*layer) + ": " + e.what());
    }
  } else {
    throw Error(ExitCode::project, "map.dem: '" + id +
                                       "' is not a raster of this run; give a raster layer id, or an evidence "
                                       "step that `oremap run` computes");
  }
  const double pixel_metres = (ctx.grid.xmax() - ctx.grid.xmin) / s.image_w;
  return hillshade_factors(dem, s.image_w, s.image_h, pixel_metres, s.opt.hillshade);
}

Page make_page(const RunContext& ctx, const Scene& s, const std::string& commodity,
               const std::vector<sites::CommodityResult>& results) {
  Page page;
  page.result = find_result(results, commodity);
  page.legend = legend_for(ctx, s, commodity, page.result);
  page.title = map_title(s.opt, commodity);
  std::vector<float> values;
  auto m = ctx.model_of_commodity.find(commodity);
  if (m != ctx.model_of_commodity.end()) {
    gdal::DatasetPtr ds = gdal::open_dataset(ctx.raster_file(m->second).string(), GDAL_OF_RASTER);
    int has = 0;
    const double nodata = ds->GetRasterBand(1)->GetNoDataValue(&has);
    values = read_resampled(*ds, s.image_w, s.image_h, has ? std::optional<double>(nodata) : std::nullopt);
    page.legend.range = model_colour_range(ctx.raster_file(m->second), s.opt.range);  // the viewer's too
  }
  if (auto d = s.deposits.find(commodity); d != s.deposits.end()) page.deposits = &d->second;
  const std::array<double, 2> range = page.legend.range.value_or(std::array<double, 2>{0, 1});
  page.background = background_image(values, range, s.shade, s.image_w, s.image_h);
  auto count = [](int n, const char* what) { return std::to_string(n) + " " + what + (n == 1 ? "" : "s"); };
  page.subtitle =
      ctx.project.name + "  \u00b7  " +
      (page.legend.model.empty() ? "no prospectivity model" : "model " + page.legend.model) + "  \u00b7  " +
      (page.result ? count(page.legend.ranked, "ranked site") + ", " +
                         (page.legend.unranked ? std::to_string(page.legend.unranked) + " not ranked, " : "") +
                         std::to_string(page.legend.excluded) + " excluded"
                   : "no scored sites");
  return page;
}

void draw_frame_content(cairo_t* cr, const Scene& s, const Page& page, const std::vector<Box>& obstacles) {
  const Layout& l = s.layout;
  const double u = l.u, fw = l.frame.x1 - l.frame.x0, fh = l.frame.y1 - l.frame.y0;
  cairo_save(cr);
  cairo_rectangle(cr, l.frame.x0, l.frame.y0, fw, fh);
  cairo_clip(cr);
  cairo_save(cr);
  cairo_translate(cr, l.frame.x0, l.frame.y0);
  cairo_scale(cr, fw / s.image_w, fh / s.image_h);
  cairo_set_source_surface(cr, page.background.get(), 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
  cairo_paint(cr);
  cairo_restore(cr);
  for (const auto& [overlay, h] : s.hatched) draw_hatched(cr, l.map, overlay, h.soft, u);
  for (std::size_t i = 0; i < s.boundaries.size(); ++i) draw_boundaries(cr, l.map, s.boundaries[i], i ? 1 : 0, u);
  for (const auto& o : s.infrastructure) draw_infrastructure(cr, l.map, o, u);
  if (page.deposits) draw_deposits(cr, l.map, *page.deposits, u);
  // Labels keep clear of the scale bar, the north arrow and the ports and airports.
  std::vector<Box> taken = obstacles;
  std::vector<const Shape*> towns;
  for (const auto& o : s.infrastructure)
    for (const auto& shape : o.shapes) {
      if (shape.kind != ShapeKind::point || shape.parts.empty() || shape.parts[0].empty()) continue;
      const double x = l.map.px(shape.parts[0][0][0]), y = l.map.py(shape.parts[0][0][1]), r = 4 * u;
      if (shape.cls == InfraClass::town)
        towns.push_back(&shape);
      else
        taken.push_back({x - r, y - r, x + r, y + r});
    }
  if (page.result) taken = draw_sites(cr, l, *page.result, s.opt.top_n, taken);
  draw_place_labels(cr, l, towns, taken, s.opt.town_labels);
  cairo_restore(cr);
}

void draw_page(cairo_t* cr, const Scene& s, const Page& page) {
  const Layout& l = s.layout;
  const std::vector<Box> obstacles = {draw_scale_bar(cr, l, false), draw_north_arrow(cr, l, s.north, false)};
  draw_frame_content(cr, s, page, obstacles);
  draw_scale_bar(cr, l);
  draw_north_arrow(cr, l, s.north);
  cairo_rectangle(cr, l.frame.x0, l.frame.y0, l.frame.x1 - l.frame.x0, l.frame.y1 - l.frame.y0);
  cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
  cairo_set_line_width(cr, 0.8 * l.u);
  cairo_stroke(cr);
  draw_title(cr, l.title, page.title, page.subtitle, l.u);
  draw_legend(cr, l.panel, page.legend, l.u);
  draw_footer(cr, l.footer, s.footer, l.u);
}

void write_page(const RunContext& ctx, const Scene& s, const Page& page, const std::string& commodity) {
  const PageSize size{static_cast<int>(std::lround(s.layout.width)), static_cast<int>(std::lround(s.layout.height)),
                      s.opt.dpi};
  const DrawPage draw = [&](cairo_t* cr) { draw_page(cr, s, page); };
  for (const auto& format : s.opt.formats) {
    const fs::path target = output_path(ctx.project.output_dir / "maps", commodity, "." + format, "models.commodity");
    const std::string content = format == "png"   ? render_png(size, draw)
                                : format == "svg" ? render_svg(size, draw, page.title)
                                                  : render_pdf(size, draw, page.title);
    write_text_atomically(target, content);
    ctx.log.info("wrote " + target.string());
  }
}

}  // namespace

std::vector<std::string> map_commodities(const RunContext& ctx, const std::vector<sites::CommodityResult>& results) {
  std::set<std::string> names;
  for (const auto& [commodity, model] : ctx.model_of_commodity) names.insert(commodity);
  for (const auto& r : results)
    if (!r.rows.empty()) names.insert(r.commodity);
  return {names.begin(), names.end()};
}

map::Layout plan_layout(const RunContext& ctx, const map::MapOptions& options,
                        const std::vector<sites::CommodityResult>& results) {
  return build_scene(ctx, options, results).layout;
}

void render_maps(const RunContext& ctx, const std::vector<sites::CommodityResult>& results) {
  const MapOptions opt = read_map_options(ctx.project);
  const std::vector<std::string> commodities = map_commodities(ctx, results);
  if (commodities.empty()) {
    ctx.log.info("maps: no commodity has a model or scored sites; no map written");
    return;
  }
  if (opt.attribution.empty())
    ctx.log.warn(
        "[map] attribution is not set: the maps say so in their footer; CC BY and ODC-By data require "
        "credit (geodata/README.md has the text for the bundled data)");
  Scene scene = build_scene(ctx, opt, results);
  scene.shade = relief(ctx, scene);
  for (std::size_t i = 0; i < commodities.size(); ++i) {
    if (!ctx.progress(static_cast<double>(i) / commodities.size(), "maps: " + commodities[i])) throw Cancelled();
    write_page(ctx, scene, make_page(ctx, scene, commodities[i], results), commodities[i]);
  }
  ctx.progress(1.0, "maps");
}

}  // namespace oremap::sinks
