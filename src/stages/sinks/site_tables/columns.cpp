#include "stages/sinks/site_tables/columns.hpp"

#include <cpl_vsi.h>
#include <unistd.h>

#include <atomic>
#include <cmath>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace oremap::sinks {

namespace fs = std::filesystem;
using sites::SiteRow;

namespace {

void set_real(OGRFeature& f, int i, double v) {
  if (std::isfinite(v))
    f.SetField(i, v);
  else
    f.SetFieldNull(i);
}

void set_int(OGRFeature& f, int i, int v, bool null_if_zero) {
  if (null_if_zero && v == 0)
    f.SetFieldNull(i);
  else
    f.SetField(i, v);
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "; ") + s;
  return out;
}

SiteColumn text(std::string name, std::function<std::string(const SiteRow&)> get) {
  return {std::move(name), OFTString, OFSTNone,
          [get](OGRFeature& f, int i, const SiteRow& r) { f.SetField(i, get(r).c_str()); }};
}

SiteColumn real(std::string name, std::function<double(const SiteRow&)> get) {
  return {std::move(name), OFTReal, OFSTNone,
          [get](OGRFeature& f, int i, const SiteRow& r) { set_real(f, i, get(r)); }};
}

SiteColumn integer(std::string name, std::function<int(const SiteRow&)> get) {
  return {std::move(name), OFTInteger, OFSTNone,
          [get](OGRFeature& f, int i, const SiteRow& r) { set_int(f, i, get(r), true); }};
}

}  // namespace

std::vector<SiteColumn> site_columns(const sites::CommodityResult& result, bool coordinates) {
  const std::string commodity = result.commodity;
  std::vector<SiteColumn> c = {
      text("id", [](const SiteRow& r) { return r.id; }),
      text("name", [](const SiteRow& r) { return r.name; }),
      text("commodity", [commodity](const SiteRow&) { return commodity; }),
      integer("rank", [](const SiteRow& r) { return r.rank; }),
      text("status", [](const SiteRow& r) { return std::string(sites::status_name(r.status)); }),
      real("score", [](const SiteRow& r) { return r.score; }),
      {"excluded", OFTInteger, OFSTBoolean,
       [](OGRFeature& f, int i, const SiteRow& r) { f.SetField(i, r.excluded ? 1 : 0); }},
      text("reasons", [](const SiteRow& r) { return joined(r.reasons); }),
      text("penalties", [](const SiteRow& r) { return joined(r.penalties); }),
      real("penalty_factor", [](const SiteRow& r) { return r.penalty_factor; }),
      text("flags", [](const SiteRow& r) { return joined(r.flags); }),
      real("rank_mean", [](const SiteRow& r) { return r.rank_mean; }),
      integer("rank_p05", [](const SiteRow& r) { return r.rank_p05; }),
      integer("rank_p95", [](const SiteRow& r) { return r.rank_p95; }),
      real("p_top" + std::to_string(result.top_k), [](const SiteRow& r) { return r.p_top; }),
  };
  for (std::size_t k = 0; k < result.criteria.size(); ++k) {
    const sites::CriterionColumn& col = result.criteria[k];
    const std::string p = col.id + "_";
    const std::string unit = col.unit;
    const double weight = col.weight;
    c.push_back(real(p + "raw", [k](const SiteRow& r) { return r.cells[k].raw; }));
    c.push_back(text(p + "unit", [unit](const SiteRow&) { return unit; }));
    c.push_back(text(p + "feature", [k](const SiteRow& r) { return r.cells[k].feature; }));
    c.push_back(real(p + "score", [k](const SiteRow& r) { return r.cells[k].score; }));
    c.push_back(real(p + "weight", [weight](const SiteRow&) { return weight; }));
    c.push_back(real(p + "contribution", [k](const SiteRow& r) { return r.cells[k].contribution; }));
  }
  if (coordinates) {
    c.push_back(real("x", [](const SiteRow& r) { return r.x; }));
    c.push_back(real("y", [](const SiteRow& r) { return r.y; }));
    c.push_back(real("lon", [](const SiteRow& r) { return r.lon; }));
    c.push_back(real("lat", [](const SiteRow& r) { return r.lat; }));
  }
  return c;
}

// Point when every site is a point, MultiPolygon when every site is a polygon, else any.
OGRwkbGeometryType site_geometry_type(const sites::CommodityResult& result) {
  bool points = true, polygons = true;
  for (const auto& row : result.rows) {
    OGRwkbGeometryType t = wkbUnknown;
    if (row.wkb.size() >= 5) {
      OGRGeometry* g = nullptr;
      if (OGRGeometryFactory::createFromWkb(row.wkb.data(), nullptr, &g, row.wkb.size()) == OGRERR_NONE && g) {
        t = wkbFlatten(g->getGeometryType());
        OGRGeometryFactory::destroyGeometry(g);
      }
    }
    points = points && t == wkbPoint;
    polygons = polygons && (t == wkbPolygon || t == wkbMultiPolygon);
  }
  if (result.rows.empty()) return wkbUnknown;
  return points ? wkbPoint : polygons ? wkbMultiPolygon : wkbUnknown;
}

void create_fields(OGRLayer& layer, const std::vector<SiteColumn>& columns, const std::string& path) {
  for (const auto& c : columns) {
    OGRFieldDefn defn(c.name.c_str(), c.type);
    defn.SetSubType(c.subtype);
    if (layer.CreateField(&defn) != OGRERR_NONE)
      throw OutputError(path + ": cannot create field '" + c.name + "': " + gdal::last_error());
  }
}

void write_rows(OGRLayer& layer, const std::vector<SiteColumn>& columns, const sites::CommodityResult& result,
                bool with_geometry, const std::string& path, bool numbered) {
  const bool multi = wkbFlatten(layer.GetGeomType()) == wkbMultiPolygon;
  GIntBig number = 0;
  for (const SiteRow& row : result.rows) {
    OGRFeature feature(layer.GetLayerDefn());
    if (numbered) feature.SetFID(++number);
    for (std::size_t i = 0; i < columns.size(); ++i) columns[i].set(feature, static_cast<int>(i), row);
    if (with_geometry) {
      OGRGeometry* g = nullptr;
      if (OGRGeometryFactory::createFromWkb(row.wkb.data(), nullptr, &g, row.wkb.size()) != OGRERR_NONE || !g)
        throw OutputError(path + ": cannot convert the geometry of site '" + row.id + "'");
      if (multi) g = OGRGeometryFactory::forceToMultiPolygon(g);
      feature.SetGeometryDirectly(g);
    }
    if (layer.CreateFeature(&feature) != OGRERR_NONE)
      throw OutputError(path + ": cannot write site '" + row.id + "': " + gdal::last_error());
  }
}

gdal::DatasetPtr create_vector(const std::string& driver, const fs::path& path, const gdal::StringList* options) {
  gdal::register_drivers();
  GDALDriver* d = GetGDALDriverManager()->GetDriverByName(driver.c_str());
  if (!d) throw OutputError(path.string() + ": GDAL has no " + driver + " driver");
  std::error_code ec;
  fs::remove_all(path, ec);
  GDALDataset* ds = d->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, options ? options->get() : nullptr);
  if (!ds)
    throw OutputError(path.string() + ": cannot create (" + driver + "): " + gdal::last_error() +
                      "; check that the output folder exists and is writable");
  return gdal::DatasetPtr(ds);
}

void write_vector_file(const std::string& driver, const fs::path& target,
                       const std::function<void(GDALDataset&)>& fill) {
  static std::atomic<unsigned> serial{0};
  const std::string memory = "/vsimem/oremap-" + std::to_string(::getpid()) + "-" + std::to_string(serial++) + "-" +
                             target.filename().string();
  struct Unlink {  // the memory file goes whatever happens
    std::string path;
    ~Unlink() { VSIUnlink(path.c_str()); }
  } unlink{memory};
  {
    gdal::DatasetPtr ds = create_vector(driver, memory);
    fill(*ds);
    CPLErrorReset();
    ds.reset();  // closing completes the file
    if (CPLGetLastErrorType() == CE_Failure)
      throw OutputError(target.string() + ": cannot finish writing: " + gdal::last_error());
  }
  vsi_l_offset size = 0;
  const GByte* bytes = VSIGetMemFileBuffer(memory.c_str(), &size, FALSE);
  if (!bytes) throw OutputError(target.string() + ": GDAL wrote nothing");
  write_text_atomically(target, std::string(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size)));
}

}  // namespace oremap::sinks
