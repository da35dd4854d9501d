#pragma once
// A vector layer prepared for site scoring. SharedLayer holds the features as read (geometries in
// the loading context) plus the attributes scoring needs. Each worker turns it into a LocalLayer
// in its own GEOS context: worker 0 takes over the loading context and its geometries, the others
// get copies made for them before they start; each builds its own STRtree and prepared
// geometries. No GEOS object or context is ever used by two threads at once. The nearest-feature
// search uses a FacetIndex (plain coordinates), which all workers may share.
#include <array>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "geos/handles.hpp"
#include "stages/sites/facet_index.hpp"
#include "stages/sources/vector_source.hpp"

namespace oremap::sites {

using Box = std::array<double, 4>;  // xmin, ymin, xmax, ymax

// Bounding box of a geometry (GEOS 3.11 GEOSGeom_getExtent).
Box extent(const geos::Context& ctx, const GEOSGeometry& g);
Box grow(const Box& b, double by);

// The result of a GEOS predicate (GEOSIntersects_r, GEOSPreparedCovers_r, ...): 1 is true, 0 false,
// and 2 means GEOS failed (e.g. a TopologyException on an invalid geometry), which throws
// LibraryError("GEOS <what> failed: <GEOS's message>") rather than reading as false.
bool predicate(const geos::Context& ctx, char result, const char* what);

// WKB (little-endian) of a geometry.
std::string to_wkb(const geos::Context& ctx, const GEOSGeometry& g);

// The same, reusing one GEOS writer for many geometries.
class WkbWriter {
 public:
  explicit WkbWriter(const geos::Context& ctx);
  ~WkbWriter();
  WkbWriter(const WkbWriter&) = delete;
  WkbWriter& operator=(const WkbWriter&) = delete;
  std::string write(const GEOSGeometry& g) const;

 private:
  const geos::Context& ctx_;
  GEOSWKBWriter* writer_;
};

// A layer's features as loaded: geometries in the loading context, and the attributes scoring
// needs. Read by no thread while workers run, except through the copies described below.
struct SharedLayer {
  std::string id;
  std::vector<geos::GeometryPtr> geometries;  // in the loading context
  std::vector<long long> fids;
  std::map<std::string, std::vector<std::string>> text;  // field -> value per feature ("" when null)
  std::map<std::string, std::vector<double>> numbers;    // field -> value per feature (NaN when null)

  std::size_t size() const { return geometries.size(); }
  // The feature's name: its `field` value, or "#<fid>" when the field is "" or the value null.
  std::string name(std::size_t i, const std::string& field) const;
};

// Moves the geometries out of `data` (they stay in the context that read them) and copies the
// listed attributes: `text_fields` as text, `numeric_fields` parsed as double.
SharedLayer share_layer(sources::VectorData&& data, const std::vector<std::string>& text_fields,
                        const std::vector<std::string>& numeric_fields);

// Copies of a layer's geometries made in `into` by the calling thread, for another worker.
std::vector<geos::GeometryPtr> clone_geometries(const SharedLayer& layer, const geos::Context& into);

class LocalLayer {
 public:
  // Works on the shared geometries themselves: `ctx` must be the context that made them, handed
  // to this worker (the loading thread no longer uses it). `facets`: the layer's FacetIndex,
  // shared by the workers; when null, nearest() builds one of its own on first use.
  LocalLayer(const SharedLayer& shared, const geos::Context& ctx, const FacetIndex* facets = nullptr);
  // Works on `copies` (clone_geometries into `ctx`).
  LocalLayer(const SharedLayer& shared, const geos::Context& ctx, std::vector<geos::GeometryPtr> copies,
             const FacetIndex* facets = nullptr);
  LocalLayer(const LocalLayer&) = delete;
  LocalLayer& operator=(const LocalLayer&) = delete;

  const SharedLayer& shared() const { return shared_; }
  std::size_t size() const { return geometries_.size(); }
  const GEOSGeometry& geometry(std::size_t i) const { return *geometries_[i]; }
  std::string name(std::size_t i, const std::string& field) const { return shared_.name(i, field); }
  // Prepared on first use (GEOS prepares lazily too; neither is shared between threads).
  const GEOSPreparedGeometry& prepared(std::size_t i);

  // Indices of the features whose bounding box meets `box`, in ascending order.
  void candidates(const Box& box, std::vector<std::size_t>& out) const;

  struct Nearest {
    std::size_t index = 0;
    double distance = 0;
  };
  // Nearest feature by true geometry distance: the FacetIndex narrows the features to those
  // whose nearest facet is within rounding of the nearest one (plus, in polygon layers, those
  // whose box meets the site's: the site may lie inside), and GEOSDistance measures each. Of
  // features at exactly the same distance, the first in layer order wins. Requires a feature
  // with a facet.
  Nearest nearest(const GEOSGeometry& site) const;

  // The index of the layer's facets: the one given, or this layer's own (built on first use).
  const FacetIndex& facets() const;

 private:
  struct Item {
    const GEOSGeometry* geometry;
    std::size_t index;
  };

  void index();

  const SharedLayer& shared_;
  const geos::Context& ctx_;
  std::vector<geos::GeometryPtr> copies_;  // empty when working on the shared geometries
  std::vector<const GEOSGeometry*> geometries_;
  std::vector<geos::PreparedPtr> prepared_;
  std::vector<Item> items_;
  geos::STRtreePtr tree_;
  mutable const FacetIndex* facets_;
  mutable std::unique_ptr<FacetIndex> own_facets_;
};

// The FacetIndex of a layer's shared geometries, built by the thread that loaded them (before
// any worker starts): workers then share it.
std::unique_ptr<FacetIndex> index_facets(const SharedLayer& layer, const geos::Context& loading);

}  // namespace oremap::sites
