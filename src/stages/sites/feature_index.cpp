#include "stages/sites/feature_index.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "core/error.hpp"

namespace oremap::sites {

// STRtree node capacity (box queries: regions, counts, exclusions). Measured when it also served
// the nearest-feature search, on 1M road segments and 100k sites (tools/bench/sites_bench):
// 0.74 s with 4, 0.85 s with 6, 1.03 s with GEOS's usual 10; building the tree costs the same.
constexpr std::size_t kNodeCapacity = 4;

Box extent(const geos::Context& ctx, const GEOSGeometry& g) {
  Box b{};
  if (!GEOSGeom_getExtent_r(ctx.get(), &g, &b[0], &b[1], &b[2], &b[3]))
    throw LibraryError("GEOS extent failed: " + ctx.last_error());
  return b;
}

Box grow(const Box& b, double by) { return {b[0] - by, b[1] - by, b[2] + by, b[3] + by}; }

bool predicate(const geos::Context& ctx, char result, const char* what) {
  if (result == 2) throw LibraryError(std::string("GEOS ") + what + " failed: " + ctx.last_error());
  return result == 1;
}

WkbWriter::WkbWriter(const geos::Context& ctx) : ctx_(ctx), writer_(GEOSWKBWriter_create_r(ctx.get())) {
  if (!writer_) throw LibraryError("GEOS WKB writer failed: " + ctx.last_error());
  GEOSWKBWriter_setByteOrder_r(ctx.get(), writer_, GEOS_WKB_NDR);
}

WkbWriter::~WkbWriter() { GEOSWKBWriter_destroy_r(ctx_.get(), writer_); }

std::string WkbWriter::write(const GEOSGeometry& g) const {
  std::size_t size = 0;
  unsigned char* bytes = GEOSWKBWriter_write_r(ctx_.get(), writer_, &g, &size);
  if (!bytes) throw LibraryError("GEOS WKB write failed: " + ctx_.last_error());
  std::string out(reinterpret_cast<const char*>(bytes), size);
  GEOSFree_r(ctx_.get(), bytes);
  return out;
}

std::string to_wkb(const geos::Context& ctx, const GEOSGeometry& g) { return WkbWriter(ctx).write(g); }

std::string SharedLayer::name(std::size_t i, const std::string& field) const {
  if (!field.empty()) {
    const std::string& v = text.at(field)[i];
    if (!v.empty()) return v;
  }
  return "#" + std::to_string(fids[i]);
}

SharedLayer share_layer(sources::VectorData&& data, const std::vector<std::string>& text_fields,
                        const std::vector<std::string>& numeric_fields) {
  SharedLayer out;
  out.id = data.id;
  const std::size_t n = data.features.size();
  out.geometries.reserve(n);
  out.fids.reserve(n);
  for (const auto& field : text_fields) {
    const int k = data.field_index(field);
    auto& values = out.text[field];
    values.reserve(n);
    for (const auto& f : data.features) values.push_back(k >= 0 && !f.is_null[k] ? f.values[k] : std::string());
  }
  for (const auto& field : numeric_fields) {
    const int k = data.field_index(field);
    auto& values = out.numbers[field];
    values.reserve(n);
    for (const auto& f : data.features) {
      double v = std::numeric_limits<double>::quiet_NaN();
      if (k >= 0 && !f.is_null[k]) {
        char* end = nullptr;
        v = std::strtod(f.values[k].c_str(), &end);
        if (end == f.values[k].c_str()) v = std::numeric_limits<double>::quiet_NaN();
      }
      values.push_back(v);
    }
  }
  for (auto& f : data.features) {
    out.geometries.push_back(std::move(f.geometry));
    out.fids.push_back(f.fid);
  }
  data.features.clear();
  return out;
}

std::vector<geos::GeometryPtr> clone_geometries(const SharedLayer& layer, const geos::Context& into) {
  std::vector<geos::GeometryPtr> out;
  out.reserve(layer.size());
  for (const auto& g : layer.geometries) out.push_back(geos::own(into, GEOSGeom_clone_r(into.get(), g.get()), "clone"));
  return out;
}

LocalLayer::LocalLayer(const SharedLayer& shared, const geos::Context& ctx, const FacetIndex* facets)
    : shared_(shared),
      ctx_(ctx),
      tree_(GEOSSTRtree_create_r(ctx.get(), kNodeCapacity), geos::STRtreeDeleter{ctx.get()}),
      facets_(facets) {
  geometries_.reserve(shared.size());
  for (const auto& g : shared.geometries) geometries_.push_back(g.get());
  index();
}

LocalLayer::LocalLayer(const SharedLayer& shared, const geos::Context& ctx, std::vector<geos::GeometryPtr> copies,
                       const FacetIndex* facets)
    : shared_(shared),
      ctx_(ctx),
      copies_(std::move(copies)),
      tree_(GEOSSTRtree_create_r(ctx.get(), kNodeCapacity), geos::STRtreeDeleter{ctx.get()}),
      facets_(facets) {
  geometries_.reserve(copies_.size());
  for (const auto& g : copies_) geometries_.push_back(g.get());
  index();
}

void LocalLayer::index() {
  if (!tree_) throw LibraryError("GEOS STRtree create failed: " + ctx_.last_error());
  const std::size_t n = geometries_.size();
  items_.reserve(n);
  prepared_.resize(n);
  for (std::size_t i = 0; i < n; ++i) items_.push_back({geometries_[i], i});
  // Inserted in layer order: the tree, and so every query, is the same in every worker.
  for (auto& item : items_) GEOSSTRtree_insert_r(ctx_.get(), tree_.get(), item.geometry, &item);
}

const GEOSPreparedGeometry& LocalLayer::prepared(std::size_t i) {
  if (!prepared_[i]) prepared_[i] = geos::prepare(ctx_, *geometries_[i]);
  return *prepared_[i];
}

void LocalLayer::candidates(const Box& box, std::vector<std::size_t>& out) const {
  out.clear();
  geos::GeometryPtr query =
      geos::own(ctx_, GEOSGeom_createRectangle_r(ctx_.get(), box[0], box[1], box[2], box[3]), "rectangle");
  GEOSSTRtree_query_r(
      ctx_.get(), tree_.get(), query.get(),
      [](void* item, void* userdata) {
        static_cast<std::vector<std::size_t>*>(userdata)->push_back(static_cast<const Item*>(item)->index);
      },
      &out);
  std::sort(out.begin(), out.end());
}

const FacetIndex& LocalLayer::facets() const {
  if (!facets_) {
    own_facets_ = std::make_unique<FacetIndex>(ctx_, geometries_);
    facets_ = own_facets_.get();
  }
  return *facets_;
}

LocalLayer::Nearest LocalLayer::nearest(const GEOSGeometry& site) const {
  const FacetIndex& index = facets();
  std::vector<std::size_t> near;
  if (index.has_polygons()) candidates(extent(ctx_, site), near);  // the site may lie inside one
  for (std::uint32_t i : index.near_features(ctx_, site)) near.push_back(i);
  std::sort(near.begin(), near.end());
  near.erase(std::unique(near.begin(), near.end()), near.end());
  Nearest best{size(), std::numeric_limits<double>::infinity()};
  for (std::size_t i : near) {  // ascending: of equal distances the first in layer order stays
    double d = 0;
    if (GEOSDistance_r(ctx_.get(), &site, geometries_[i], &d) != 1)
      throw LibraryError("GEOS distance failed on layer '" + shared_.id + "': " + ctx_.last_error());
    if (d < best.distance) best = {i, d};
  }
  if (best.index >= size())
    throw LibraryError("no feature to measure a distance to in layer '" + shared_.id + "' (all empty)");
  return best;
}

std::unique_ptr<FacetIndex> index_facets(const SharedLayer& layer, const geos::Context& loading) {
  std::vector<const GEOSGeometry*> features;
  features.reserve(layer.size());
  for (const auto& g : layer.geometries) features.push_back(g.get());
  return std::make_unique<FacetIndex>(loading, features);
}

}  // namespace oremap::sites
