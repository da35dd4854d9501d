#include "stages/sinks/viewer/web_viewer.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "gdal/handles.hpp"
#include "stages/outputs/output_name.hpp"
#include "stages/sinks/map/colour.hpp"
#include "stages/sinks/map/options.hpp"
#include "stages/sinks/model_range.hpp"
#include "stages/sinks/site_tables/columns.hpp"
#include "stages/sinks/viewer/assets.hpp"
#include "stages/sinks/viewer/colour.hpp"
#include "stages/sinks/viewer/config.hpp"
#include "stages/sinks/viewer/geojson.hpp"
#include "stages/sinks/viewer/raster.hpp"
#include "stages/sinks/viewer/text.hpp"
#include "stages/sources/layer_open.hpp"

namespace oremap::sinks {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void write_bytes(const fs::path& path, const unsigned char* data, std::size_t size) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  out.close();  // flushes: a full disk may only show here
  if (!out) throw OutputError(path.string() + ": cannot write (disk full or no permission?)");
}

void write_text(const fs::path& path, const std::string& text) {
  write_bytes(path, reinterpret_cast<const unsigned char*>(text.data()), text.size());
}

// A data file: `(window.OREMAP_DATA = window.OREMAP_DATA || {})["sites:copper"] = {...};`
void write_data_js(const fs::path& path, const std::string& key, const json& value) {
  write_text(path, "// oremap viewer data (generated)\n(window.OREMAP_DATA = window.OREMAP_DATA || {})[" +
                       dump(json(key)) + "] = " + dump(value) + ";\n");
}

std::string asset_text(const std::string& name) {
  for (const ViewerAsset& a : viewer_assets())
    if (name == a.path) return std::string(reinterpret_cast<const char*>(a.data), a.size);
  throw OutputError("viewer: asset '" + name + "' is missing from this build of oremap");
}

json lat_lon_bounds(double south, double west, double north, double east) {
  return json::array({json::array({south, west}), json::array({north, east})});
}

json grid_json(const Grid& grid) {
  OGRSpatialReference crs, wgs84;
  crs.importFromWkt(grid.crs_wkt.c_str());
  wgs84.importFromEPSG(4326);
  const std::array<double, 4> b =
      sources::transform_bounds({grid.xmin, grid.ymin(), grid.xmax(), grid.ymax}, crs, wgs84);
  return {{"crs", grid.epsg ? "EPSG:" + std::to_string(grid.epsg) + " (" + grid.crs_name + ")" : grid.crs_name},
          {"cell_size", grid.cell_size},
          {"cols", grid.cols},
          {"rows", grid.rows},
          {"bounds", lat_lon_bounds(b[1], b[0], b[3], b[2])}};
}

json criteria_json(const sites::CommodityResult& r) {
  json out = json::array();
  for (const auto& c : r.criteria)
    out.push_back({{"id", c.id},
                   {"kind", c.kind},
                   {"unit", c.unit},
                   {"transform", c.transform},
                   {"declared_weight", c.declared_weight},
                   {"weight", c.weight}});
  return out;
}

fs::path model_raster(const RunContext& ctx, const std::string& model) {
  auto it = ctx.rasters.find(model);
  if (it != ctx.rasters.end() && !it->second.deferred() && fs::exists(it->second.file())) return it->second.file();
  fs::path cog = output_path(ctx.project.output_dir, model, ".tif", "models.id");
  return fs::exists(cog) ? cog : fs::path();
}

// One raster overlay, data/<prefix>_<c>_<model>.png, and its legend facts.
json overlay_json(const fs::path& raster, const std::string& image, const fs::path& dir, int max_size,
                  const std::optional<std::array<double, 2>>& range) {
  const RasterOverlay o = write_raster_overlay(raster, dir / image, max_size, range);
  return {{"image", image},     {"width", o.width},
          {"height", o.height}, {"bounds", lat_lon_bounds(o.south, o.west, o.north, o.east)},
          {"min", o.min},       {"max", o.max},
          {"empty", o.empty}};
}

// Every computed model of the commodity, in project order: its overlay (on the maps' colour
// range, model_range.hpp), and its posterior standard deviation (WofE) when there is one.
json models_json(const RunContext& ctx, const std::string& commodity, const fs::path& dir, int max_size,
                 const std::optional<std::array<double, 2>>& fixed_range) {
  auto scoring = ctx.model_of_commodity.find(commodity);
  const std::string chosen = scoring != ctx.model_of_commodity.end() ? scoring->second : "";
  std::vector<std::string> ids;
  for (const auto& step : ctx.project.models)
    if (step.str("commodity") == commodity) ids.push_back(step.id);
  if (!chosen.empty() && std::find(ids.begin(), ids.end(), chosen) == ids.end()) ids.insert(ids.begin(), chosen);
  json models = json::array();
  for (const auto& id : ids) {
    const fs::path raster = model_raster(ctx, id);
    if (raster.empty()) {
      ctx.log.warn("viewer: no raster for model '" + id + "'; the " + commodity + " map does not offer it");
      continue;
    }
    const std::string stem = safe_stem(commodity) + "_" + safe_stem(id);
    json m = overlay_json(raster, "data/prospectivity_" + stem + ".png", dir, max_size,
                          model_colour_range(raster, fixed_range));
    m["model"] = id;
    m["scoring"] = id == chosen;
    for (const auto& step : ctx.project.models)
      if (step.id == id) {
        m["kind"] = step.kind;
        m["description"] = step.str("description");
      }
    m["std"] = nullptr;
    if (const fs::path sd = model_raster(ctx, id + "_std"); !sd.empty())
      m["std"] = overlay_json(sd, "data/std_" + stem + ".png", dir, max_size, model_colour_range(sd, std::nullopt));
    models.push_back(m);
  }
  return models;
}

json commodity_json(const RunContext& ctx, const std::string& name, const sites::CommodityResult* result,
                    const fs::path& dir, int max_size, const std::optional<std::array<double, 2>>& fixed_range) {
  json c = {{"name", name}, {"models", models_json(ctx, name, dir, max_size, fixed_range)}, {"sites", nullptr}};
  auto scoring = ctx.model_of_commodity.find(name);
  c["model"] = scoring != ctx.model_of_commodity.end() ? json(scoring->second) : json(nullptr);
  if (!result) return c;
  const std::string key = "sites:" + name;
  write_data_js(dir / ("data/sites_" + safe_stem(name) + ".js"), key, sites_geojson(*result, ctx.grid));
  std::size_t excluded = 0, unranked = 0;
  for (const auto& row : result->rows) {
    excluded += row.status == sites::SiteStatus::excluded;
    unranked += row.status == sites::SiteStatus::unranked;
  }
  c["sites"] = key;
  c["criteria"] = criteria_json(*result);
  c["top_k"] = result->top_k;
  c["draws"] = result->draws;
  c["sensitivity"] = result->sensitivity;
  c["site_count"] = result->rows.size();
  c["excluded_count"] = excluded;
  c["unranked_count"] = unranked;
  return c;
}

std::vector<std::string> commodity_names(const RunContext& ctx, const std::vector<sites::CommodityResult>& results) {
  std::vector<std::string> names;
  for (const auto& r : results) names.push_back(r.commodity);
  for (const auto& m : ctx.model_of_commodity)
    if (std::find(names.begin(), names.end(), m.first) == names.end()) names.push_back(m.first);
  return names;
}

std::string data_scripts(const std::vector<std::string>& files) {
  std::string out;
  for (const auto& f : files) out += "  <script src=\"" + html_escape(f) + "\" charset=\"utf-8\"></script>\n";
  return out;
}

// Writes data/layer_<n>_<id>.js for every [viewer] layer; returns their descriptions for meta.
json write_layers(const RunContext& ctx, const ViewerConfig& cfg, const fs::path& dir,
                  std::vector<std::string>& scripts) {
  json layers = json::array();
  for (std::size_t i = 0; i < cfg.layers.size(); ++i) {
    const ViewerLayerChoice& l = cfg.layers[i];
    const std::string key = "layer:" + std::to_string(i);
    const json doc = layer_geojson(ctx.project.layer(l.id), ctx.grid);
    const std::string file = "data/layer_" + std::to_string(i) + "_" + safe_stem(l.id) + ".js";
    write_data_js(dir / file, key, doc);
    scripts.push_back(file);
    layers.push_back({{"key", key},
                      {"id", l.id},
                      {"role", l.role},
                      {"title", l.title},
                      {"field", l.field},
                      {"features", doc.value("features", json::array()).size()}});
  }
  return layers;
}

std::string render_page(const ViewerConfig& cfg, const std::vector<std::string>& scripts) {
  std::string page = asset_text("index.html");
  page = fill_placeholder(page, "TITLE", html_escape(cfg.title));
  page = fill_placeholder(page, "IMG_SRC", cfg.basemap.empty() ? "" : " https: http:");
  return fill_placeholder(page, "DATA_SCRIPTS", data_scripts(scripts));
}

void check_cancel(const RunContext& ctx, double fraction, const std::string& what) {
  if (!ctx.progress(fraction, what)) throw Cancelled();
}

// Replaces `target` by the finished folder `staged`: the old one is moved aside first, so a
// failure leaves either the old or the new viewer in place, never a mixture.
void commit_folder(const fs::path& staged, const fs::path& target) {
  std::error_code ec;
  const fs::path old = target.string() + ".old-" + std::to_string(::getpid());
  if (fs::exists(target)) {
    fs::rename(target, old, ec);
    if (ec) throw OutputError(target.string() + ": cannot replace the previous viewer: " + ec.message());
  }
  fs::rename(staged, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::rename(old, target, ignored);
    throw OutputError(target.string() + ": cannot move the finished viewer into place: " + ec.message());
  }
  fs::remove_all(old, ec);
}

}  // namespace

void write_viewer(const RunContext& ctx, const std::vector<sites::CommodityResult>& results) {
  gdal::register_drivers();
  const ViewerConfig cfg = read_viewer_config(ctx.project);
  const fs::path target = ctx.project.output_dir / "viewer";
  TemporaryOutput staging(ctx.project.output_dir / ("viewer.tmp-" + std::to_string(::getpid())));
  const fs::path& dir = staging.path();
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir / "data", ec);
  if (ec) throw OutputError(dir.string() + ": cannot create the viewer folder: " + ec.message());

  for (const ViewerAsset& a : viewer_assets())
    if (std::string(a.path) != "index.html") write_bytes(dir / a.path, a.data, a.size);

  std::vector<std::string> scripts;
  json commodities = json::array();
  const std::optional<std::array<double, 2>> fixed_range = map::read_map_options(ctx.project).range;
  const std::vector<std::string> names = commodity_names(ctx, results);
  for (std::size_t k = 0; k < names.size(); ++k) {
    check_cancel(ctx, static_cast<double>(k) / (names.size() + 1), "viewer: " + names[k]);
    const sites::CommodityResult* result = nullptr;
    for (const auto& r : results)
      if (r.commodity == names[k]) result = &r;
    commodities.push_back(commodity_json(ctx, names[k], result, dir, cfg.raster_size, fixed_range));
    if (result) scripts.push_back("data/sites_" + safe_stem(names[k]) + ".js");
  }

  const json layers = write_layers(ctx, cfg, dir, scripts);

  json ramp = json::array();
  for (const Rgb& c : legend_stops()) ramp.push_back(css_hex(c));
  json score_ramp = json::array();  // the maps' site-score stops, at 0, 1/3, 2/3 and 1
  for (int k = 0; k <= 3; ++k) score_ramp.push_back(css_hex(map::score_colour(k / 3.0)));
  const json meta = {
      {"title", cfg.title},
      {"project", ctx.project.name},
      {"description", ctx.project.description},
      {"version", OREMAP_VERSION},
      {"grid", grid_json(ctx.grid)},
      {"basemap",
       cfg.basemap.empty() ? json(nullptr) : json{{"url", cfg.basemap}, {"attribution", cfg.basemap_attribution}}},
      {"ramp", ramp},
      {"score_ramp", score_ramp},
      {"commodities", commodities},
      {"layers", layers}};
  write_data_js(dir / "data/meta.js", "meta", meta);
  scripts.insert(scripts.begin(), "data/meta.js");

  write_text(dir / "index.html", render_page(cfg, scripts));

  commit_folder(dir, target);
  staging.release();
  ctx.log.info("viewer: wrote " + (target / "index.html").string() + " (" + std::to_string(names.size()) +
               " commodities, " + std::to_string(cfg.layers.size()) + " layers)");
  check_cancel(ctx, 1.0, "viewer written");
}

}  // namespace oremap::sinks
