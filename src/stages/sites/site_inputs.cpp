#include "stages/sites/site_inputs.hpp"

#include <cpl_error.h>

#include <algorithm>
#include <map>
#include <set>

#include "project/suggest.hpp"
#include "stages/sources/layer_open.hpp"
#include "stages/sources/vector_source.hpp"

namespace oremap::sites {

namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() < 19 &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

class QuietErrors {
 public:
  QuietErrors() { CPLPushErrorHandler(CPLQuietErrorHandler); }
  ~QuietErrors() { CPLPopErrorHandler(); }
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;
};

struct FieldList {
  std::vector<std::string> names;
  std::vector<OGRFieldType> types;

  int find(const std::string& n) const {
    auto it = std::find(names.begin(), names.end(), n);
    return it == names.end() ? -1 : static_cast<int>(it - names.begin());
  }
};

FieldList fields_of(OGRLayer& layer) {
  FieldList out;
  const OGRFeatureDefn* defn = layer.GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    out.names.push_back(defn->GetFieldDefn(i)->GetNameRef());
    out.types.push_back(defn->GetFieldDefn(i)->GetType());
  }
  return out;
}

std::string list(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "(none)" : out;
}

// Name field used for a layer's features: the declared one, else "name" when the layer has it.
std::string resolve_name_field(const std::string& declared, const FieldList& fields) {
  if (!declared.empty()) return declared;
  return fields.find("name") >= 0 ? "name" : "";
}

std::string combined_filter(const project::LayerSpec& spec, const std::string& filter) {
  return spec.where ? "(" + *spec.where + ") AND (" + filter + ")" : filter;
}

class Checker {
 public:
  Checker(const RunContext& ctx, std::vector<Diagnostic>& out) : ctx_(ctx), out_(out) {}

  void add(const project::Location& at, const std::string& key, const std::string& message, const std::string& fix) {
    out_.push_back({ctx_.project.file.string(), at.line, at.column, key, message, fix});
  }

  // Fields of a vector layer (opened once); nullptr after reporting a raster layer.
  const FieldList* fields(const std::string& layer, const project::Location& at, const std::string& key) {
    auto it = cache_.find(layer);
    if (it != cache_.end()) return &it->second;
    const project::LayerSpec& spec = ctx_.project.layer(layer);
    if (spec.type != "vector") {
      add(at, key + ".layer", "'" + layer + "' is a raster layer", "refer to a vector layer");
      return nullptr;
    }
    sources::OpenedVector v = sources::open_vector(spec);
    return &cache_.emplace(layer, fields_of(*v.layer)).first->second;
  }

  void need_field(const FieldList& f, const std::string& field, bool numeric, const std::string& layer,
                  const project::Location& at, const std::string& key) {
    int i = f.find(field);
    if (i < 0) {
      add(at, key, "layer '" + layer + "' has no field '" + field + "'" + project::did_you_mean(field, f.names),
          "use one of: " + list(f.names));
    } else if (numeric && f.types[i] != OFTInteger && f.types[i] != OFTInteger64 && f.types[i] != OFTReal) {
      add(at, key,
          "field '" + field + "' of layer '" + layer + "' is " + OGRFieldDefn::GetFieldTypeName(f.types[i]) +
              ", not numeric",
          "choose a numeric (Integer or Real) field");
    }
  }

 private:
  const RunContext& ctx_;
  std::vector<Diagnostic>& out_;
  std::map<std::string, FieldList> cache_;
};

void check_sites_layer(const RunContext& ctx, const SiteConfig& cfg, Checker& c) {
  const FieldList* f = c.fields(cfg.layer, cfg.keys.of("layer", cfg.at), "sites");
  if (!f) return;
  if (!cfg.id_field.empty())
    c.need_field(*f, cfg.id_field, false, cfg.layer, cfg.keys.of("id_field", cfg.at), "sites.id_field");
  if (cfg.name_declared)
    c.need_field(*f, cfg.name_field, false, cfg.layer, cfg.keys.of("name_field", cfg.at), "sites.name_field");
  const project::LayerSpec& spec = ctx.project.layer(cfg.layer);
  for (const auto& k : cfg.commodities) {
    if (k.filter.empty()) continue;
    sources::OpenedVector v = sources::open_vector(spec);
    QuietErrors quiet;
    if (v.layer->SetAttributeFilter(combined_filter(spec, k.filter).c_str()) != OGRERR_NONE)
      c.add(cfg.keys.of("commodities." + k.name, cfg.at), "sites.commodities." + k.name,
            "invalid filter \"" + k.filter + "\": " + gdal::last_error(),
            "write an OGR SQL condition on the fields " + list(f->names) + ", e.g. \"cu_listed = 1\"");
  }
}

void check_zonal(const RunContext& ctx, const SiteConfig& cfg, const Criterion& cr, const std::string& key,
                 Checker& c) {
  if (cr.raster == "prospectivity") {
    for (const auto& k : cfg.commodities) {
      if (!cr.applies_to(k.name)) continue;
      auto m = ctx.model_of_commodity.find(k.name);
      if (m == ctx.model_of_commodity.end() || !ctx.rasters.count(m->second))
        c.add(cr.keys.of("raster", cr.at), key + ".raster",
              "criterion '" + cr.id + "' needs the " + k.name + " prospectivity, but no " + k.name +
                  " model has been computed in this run",
              "declare a [[models]] table with commodity = \"" + k.name +
                  "\" and use `oremap run` (which computes "
                  "the models before scoring), or limit the criterion with commodities = [...]");
    }
    return;
  }
  if (ctx.rasters.count(cr.raster)) return;
  const project::LayerSpec* layer = ctx.project.find_layer(cr.raster);
  if (layer && layer->type == "raster") return;  // warped onto the grid on the fly
  c.add(cr.keys.of("raster", cr.at), key + ".raster",
        "criterion '" + cr.id + "' reads raster '" + cr.raster + "', which has not been computed in this run",
        "use `oremap run` so the evidence and model steps run before scoring");
}

}  // namespace

std::vector<std::size_t> tie_break_order(const std::vector<std::string>& ids) {
  std::vector<std::size_t> idx(ids.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
    const bool na = all_digits(ids[a]), nb = all_digits(ids[b]);
    if (na != nb) return na;
    if (na) return std::stoull(ids[a]) < std::stoull(ids[b]);
    return ids[a] < ids[b];
  });
  std::vector<std::size_t> order(ids.size());
  for (std::size_t r = 0; r < idx.size(); ++r) order[idx[r]] = r;
  return order;
}

std::size_t Inputs::slot(std::size_t criterion, int commodity) const {
  for (std::size_t s = 0; s < slots.size(); ++s)
    if (slots[s].criterion == criterion && (slots[s].commodity == -1 || slots[s].commodity == commodity)) return s;
  throw Error(ExitCode::failure, "site scoring: no slot for criterion " + std::to_string(criterion));
}

void check_inputs(const RunContext& ctx, const SiteConfig& cfg, std::vector<Diagnostic>& problems) {
  Checker c(ctx, problems);
  if (!(ctx.grid.cell_size > 0))
    c.add(cfg.at, "sites", "the analysis grid has not been built", "build the grid before scoring sites");
  check_sites_layer(ctx, cfg, c);
  for (std::size_t i = 0; i < cfg.criteria.size(); ++i) {
    const Criterion& cr = cfg.criteria[i];
    const std::string key = "criteria[" + std::to_string(i) + "]";
    if (cr.kind == CriterionKind::zonal) {
      check_zonal(ctx, cfg, cr, key, c);
      continue;
    }
    const FieldList* f = c.fields(cr.layer, cr.keys.of("layer", cr.at), key);
    if (!f) continue;
    if (!cr.name_field.empty())
      c.need_field(*f, cr.name_field, false, cr.layer, cr.keys.of("name_field", cr.at), key + ".name_field");
    if (!cr.field.empty()) c.need_field(*f, cr.field, true, cr.layer, cr.keys.of("field", cr.at), key + ".field");
  }
  for (std::size_t i = 0; i < cfg.exclusions.size(); ++i) {
    const Exclusion& x = cfg.exclusions[i];
    const std::string key = "exclusions[" + std::to_string(i) + "]";
    const FieldList* f = c.fields(x.layer, x.keys.of("layer", x.at), key);
    if (f && !x.name_field.empty())
      c.need_field(*f, x.name_field, false, x.layer, x.keys.of("name_field", x.at), key + ".name_field");
  }
}

namespace {

void load_sites(const RunContext& ctx, const SiteConfig& cfg, const geos::Context& g, SiteList& s) {
  const project::LayerSpec& spec = ctx.project.layer(cfg.layer);
  sources::VectorData data = sources::read_vector(spec, ctx.grid, g, ctx.log);
  const int id_k = cfg.id_field.empty() ? -1 : data.field_index(cfg.id_field);
  const int name_k = data.field_index(cfg.name_field);
  std::map<long long, std::size_t> by_fid;
  WkbWriter writer(g);
  for (const auto& f : data.features) {
    const int type = GEOSGeomTypeId_r(g.get(), f.geometry.get());
    if (type != GEOS_POINT && type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON)
      throw InputError(sources::label(spec) + ": feature " + std::to_string(f.fid) + " is a " +
                       GEOSGeomType_r(g.get(), f.geometry.get()) +
                       "; candidate sites must be points or polygons (convert lines or multipoints first)");
    by_fid[f.fid] = s.size();
    s.wkb.push_back(writer.write(*f.geometry));
    s.fids.push_back(f.fid);
    s.is_point.push_back(type == GEOS_POINT);
    s.ids.push_back(id_k >= 0 && !f.is_null[id_k] ? f.values[id_k] : std::to_string(f.fid));
    s.names.push_back(name_k >= 0 && !f.is_null[name_k] ? f.values[name_k] : s.ids.back());
  }
  s.commodity_mask.assign(s.size(), 0);
  s.members.assign(cfg.commodities.size(), {});
  for (std::size_t k = 0; k < cfg.commodities.size(); ++k) {
    if (cfg.commodities[k].filter.empty()) {
      for (std::size_t j = 0; j < s.size(); ++j) s.commodity_mask[j] |= static_cast<std::uint8_t>(1u << k);
    } else {
      sources::OpenedVector v = sources::open_vector(spec);
      v.layer->SetAttributeFilter(combined_filter(spec, cfg.commodities[k].filter).c_str());
      v.layer->SetIgnoredFields(std::vector<const char*>{"OGR_GEOMETRY", nullptr}.data());
      sources::for_each_feature(v, spec, [&](OGRFeature& f) {
        auto it = by_fid.find(f.GetFID());
        if (it != by_fid.end()) s.commodity_mask[it->second] |= static_cast<std::uint8_t>(1u << k);
      });
    }
    for (std::size_t j = 0; j < s.size(); ++j)
      if (s.commodity_mask[j] & (1u << k)) s.members[k].push_back(j);
  }
  s.tie_order = tie_break_order(s.ids);
  // Site ids key every row of a commodity's outputs (sites_<c>.csv, the sensitivity table, the
  // viewer) and break ranking ties: two sites of one commodity with one id cannot be told apart.
  // One record per (site, commodity) is fine, so uniqueness is per commodity.
  for (std::size_t k = 0; k < cfg.commodities.size(); ++k) {
    std::map<std::string, std::size_t> first;
    for (std::size_t j : s.members[k]) {
      auto [it, fresh] = first.emplace(s.ids[j], j);
      if (fresh) continue;
      const std::string field = cfg.id_field.empty() ? "" : " (id_field \"" + cfg.id_field + "\")";
      throw InputError(sources::label(spec) + ": site id '" + s.ids[j] + "'" + field + " is shared by features " +
                       std::to_string(s.fids[it->second]) + " and " + std::to_string(s.fids[j]) + " among the " +
                       cfg.commodities[k].name +
                       " sites; site ids name the rows of every output and break ranking ties, so they must be "
                       "unique: set [sites] id_field to an attribute with unique values, or remove id_field to use "
                       "the feature ids");
    }
  }
}

struct LayerNeed {
  std::set<std::string> text, numeric;
};

}  // namespace

Inputs load_inputs(const RunContext& ctx, const SiteConfig& cfg) {
  Inputs in;
  in.context = std::make_unique<geos::Context>();
  const geos::Context& g = *in.context;
  load_sites(ctx, cfg, g, in.sites);

  // Which layers the criteria and exclusions need, with which name and numeric fields.
  std::map<std::string, FieldList> fields;
  std::map<std::string, LayerNeed> needs;
  auto need = [&](const std::string& layer, const std::string& declared_name, const std::string& numeric) {
    auto it = fields.find(layer);
    if (it == fields.end()) {
      sources::OpenedVector v = sources::open_vector(ctx.project.layer(layer));
      it = fields.emplace(layer, fields_of(*v.layer)).first;
    }
    const std::string name = resolve_name_field(declared_name, it->second);
    LayerNeed& n = needs[layer];
    if (!name.empty()) n.text.insert(name);
    if (!numeric.empty()) n.numeric.insert(numeric);
    return name;
  };
  for (std::size_t i = 0; i < cfg.criteria.size(); ++i) {
    const Criterion& cr = cfg.criteria[i];
    if (cr.kind != CriterionKind::zonal) {
      const std::string name = need(cr.layer, cr.name_field, cr.field);
      in.slots.push_back({i, -1, cr.layer, name, {}, nullptr, ""});
      continue;
    }
    for (int k = 0; k < static_cast<int>(cfg.commodities.size()); ++k) {
      const std::string& commodity = cfg.commodities[k].name;
      if (cr.raster == "prospectivity" && !cr.applies_to(commodity)) continue;
      Slot s{i, cr.raster == "prospectivity" ? k : -1, "", "", {}, nullptr, ""};
      const std::string id = cr.raster == "prospectivity" ? ctx.model_of_commodity.at(commodity) : cr.raster;
      s.raster_label =
          cr.raster == "prospectivity" ? "model '" + id + "' (" + commodity + " prospectivity)" : "raster '" + id + "'";
      if (ctx.rasters.count(id))
        s.raster = ctx.raster_file(id);
      else
        s.warp = &ctx.project.layer(id);
      in.slots.push_back(s);
      if (s.commodity == -1) break;
    }
  }
  for (const auto& x : cfg.exclusions) in.exclusion_names.push_back(need(x.layer, x.name_field, ""));

  for (const auto& [layer, n] : needs)
    in.layers.emplace(layer, share_layer(sources::read_vector(ctx.project.layer(layer), ctx.grid, g, ctx.log),
                                         {n.text.begin(), n.text.end()}, {n.numeric.begin(), n.numeric.end()}));
  return in;
}

}  // namespace oremap::sites
