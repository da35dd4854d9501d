#include "stages/sources/layer_open.hpp"

#include <cpl_conv.h>
#include <cpl_vsi.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/error.hpp"

namespace oremap::sources {

std::string label(const project::LayerSpec& spec) { return spec.id + " (" + spec.path + ")"; }
std::string layer_label(const project::LayerSpec& spec) { return "layer '" + spec.id + "' (" + spec.path + ")"; }

// GDAL's "cannot open" names the path (a connection string, a URL); the user also needs the layer.
static gdal::DatasetPtr open_layer(const project::LayerSpec& spec, unsigned kind, const gdal::StringList* options) {
  try {
    return gdal::open_dataset(spec.path, kind, options);
  } catch (const InputError& e) {
    throw InputError("layer '" + spec.id + "': " + e.what());
  }
}

static std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

static bool is_csv(const std::string& path) {
  std::string p = lower(path);
  return p.size() > 4 && p.compare(p.size() - 4, 4, ".csv") == 0;
}

static OGRLayer* choose_layer(GDALDataset& ds, const project::LayerSpec& spec) {
  if (spec.layer) {
    OGRLayer* l = ds.GetLayerByName(spec.layer->c_str());
    if (l) return l;
    std::string names;
    for (auto* each : ds.GetLayers()) names += (names.empty() ? "" : ", ") + std::string(each->GetName());
    throw InputError(label(spec) + ": no layer named '" + *spec.layer + "'; available layers: " + names +
                     "; set layer = one of them");
  }
  if (ds.GetLayerCount() == 0) throw InputError(label(spec) + ": the source holds no vector layer");
  if (ds.GetLayerCount() > 1) {
    std::string names;
    for (auto* each : ds.GetLayers()) names += (names.empty() ? "" : ", ") + std::string(each->GetName());
    throw InputError(label(spec) + ": the source holds " + std::to_string(ds.GetLayerCount()) + " layers (" + names +
                     "); choose one with layer = \"...\"");
  }
  return ds.GetLayer(0);
}

// Only a header with lon/longitude/long names lets a CSV default to WGS 84 lon/lat: x/y or
// easting/northing columns are usually metres in some projected CRS the user must name.
static bool csv_has_lonlat_header(const std::string& path) {
  std::ifstream in(path);
  std::string header;
  std::getline(in, header);
  header = lower(header);
  for (char& c : header)
    if (c == ';' || c == '\t' || c == '"' || c == '\r') c = ',';
  std::istringstream cols(header);
  for (std::string col; std::getline(cols, col, ',');) {
    col.erase(0, col.find_first_not_of(' '));
    col.erase(col.find_last_not_of(' ') + 1);
    if (col == "lon" || col == "longitude" || col == "long") return true;
  }
  return false;
}

// The fix for every cut-short file, in one wording.
static const char* const kTruncatedFix =
    "the file looks truncated or corrupt (an interrupted copy or download?): copy or re-export it in full";

static bool is_shapefile(GDALDataset& ds) {
  return ds.GetDriver() && EQUAL(ds.GetDriver()->GetDescription(), "ESRI Shapefile");
}

static vsi_l_offset file_size(const std::string& path) {
  VSIStatBufL st;
  return VSIStatL(path.c_str(), &st) == 0 ? static_cast<vsi_l_offset>(st.st_size) : 0;
}

// Up to `n` bytes of a file from its start (through VSI, so /vsizip/ works too).
static std::vector<unsigned char> file_head(const std::string& path, std::size_t n) {
  std::vector<unsigned char> out(n);
  VSILFILE* f = VSIFOpenL(path.c_str(), "rb");
  if (!f) return {};
  out.resize(VSIFReadL(out.data(), 1, n, f));
  VSIFCloseL(f);
  return out;
}

static std::uint32_t be32(const unsigned char* p) {
  return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
}
static std::uint32_t le32(const unsigned char* p) {
  return std::uint32_t(p[3]) << 24 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[1]) << 8 | p[0];
}
static std::uint32_t le16(const unsigned char* p) { return std::uint32_t(p[1]) << 8 | p[0]; }

// A Shapefile cut short: OGR reads what is there and, for a .dbf, stops early, so the header's
// sizes are compared with the files' (OGR's feature count cannot tell: it includes records
// marked deleted, which reading skips).
static void check_shapefile_sizes(GDALDataset& ds, OGRLayer& layer, const project::LayerSpec& spec) {
  std::string shp, shx, dbf;
  char** files = ds.GetFileList();
  for (char** f = files; f && *f; ++f) {
    if (!EQUAL(CPLGetBasename(*f), layer.GetName())) continue;
    const std::string ext = lower(CPLGetExtension(*f));
    if (ext == "shp") shp = *f;
    if (ext == "shx") shx = *f;
    if (ext == "dbf") dbf = *f;
  }
  CSLDestroy(files);
  const std::string where = ": layer '" + spec.id + "': ";
  if (!dbf.empty()) {
    const std::vector<unsigned char> h = file_head(dbf, 12);
    if (h.size() == 12) {
      const std::uint64_t records = le32(&h[4]), header = le16(&h[8]), record = le16(&h[10]);
      const std::uint64_t size = file_size(dbf);
      if (record > 0 && size < header + records * record)
        throw InputError(dbf + where + "the .dbf holds " +
                         std::to_string(size > header ? (size - header) / record : 0) + " of the " +
                         std::to_string(records) + " records its header declares (" + std::to_string(size) + " of " +
                         std::to_string(header + records * record) + " bytes); " + kTruncatedFix);
    }
  }
  if (!shp.empty() && !shx.empty()) {
    // The .shx index gives each shape's offset and length (16-bit words, after a 100-byte header);
    // the .shp's own header length is not trusted (some writers get it wrong).
    const std::vector<unsigned char> index = file_head(shx, file_size(shx));
    const std::uint64_t size = file_size(shp);
    std::uint64_t total = index.size() >= 100 ? (index.size() - 100) / 8 : 0, whole = 0;
    for (std::uint64_t i = 0; i < total; ++i)
      if (2ull * (be32(&index[100 + 8 * i]) + 4ull + be32(&index[104 + 8 * i])) <= size) ++whole;
    if (whole < total)
      throw InputError(shp + where + "the .shp holds " + std::to_string(whole) + " of the " + std::to_string(total) +
                       " shapes its index (.shx) declares (" + std::to_string(size) + " bytes); " + kTruncatedFix);
  }
}

OpenedVector open_vector(const project::LayerSpec& spec) {
  gdal::StringList options;
  const bool csv = is_csv(spec.path);
  if (csv) {
    options.set("X_POSSIBLE_NAMES", spec.x.value_or("lon,longitude,long,x,easting"));
    options.set("Y_POSSIBLE_NAMES", spec.y.value_or("lat,latitude,y,northing"));
    options.set("KEEP_GEOM_COLUMNS", "NO");
    options.set("AUTODETECT_TYPE", "YES");
  }
  if (spec.encoding) options.set("ENCODING", *spec.encoding);
  OpenedVector out;
  out.dataset = open_layer(spec, GDAL_OF_VECTOR, &options);
  out.layer = choose_layer(*out.dataset, spec);
  if (is_shapefile(*out.dataset))
    check_shapefile_sizes(*out.dataset, *out.layer, spec);
  else if (out.layer->TestCapability(OLCFastFeatureCount))
    out.declared_count = out.layer->GetFeatureCount(FALSE);  // before the where filter
  if (csv && out.layer->GetGeomType() == wkbNone)
    throw InputError(label(spec) +
                     ": CSV has no recognised coordinate columns; name them with x = \"<column>\" "
                     "and y = \"<column>\"");
  if (spec.where && out.layer->SetAttributeFilter(spec.where->c_str()) != OGRERR_NONE)
    throw InputError(label(spec) + ": invalid where filter '" + *spec.where + "': " + gdal::last_error() +
                     "; use OGR SQL, e.g. where = \"is_fold = 0\"");
  if (spec.crs) {
    out.crs = gdal::parse_crs(*spec.crs, label(spec) + ": crs");
    out.crs_origin = "override";
  } else if (const OGRSpatialReference* s = out.layer->GetSpatialRef()) {
    out.crs = *s;
    out.crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    out.crs_origin = "file";
  } else if (csv && !spec.x && csv_has_lonlat_header(spec.path)) {
    out.crs = gdal::parse_crs("EPSG:4326", label(spec));
    out.crs_origin = "CSV default (lon/lat, EPSG:4326)";
  } else if (csv) {
    throw InputError(label(spec) +
                     ": the CSV's coordinate columns are not named lon/lat, so their CRS is unknown; "
                     "declare it on this layer with crs = \"EPSG:...\" (e.g. the UTM zone of x/y in metres)");
  } else {
    throw InputError(label(spec) +
                     ": the layer has no CRS (a shapefile without .prj?); declare it in the "
                     "project with crs = \"EPSG:...\" on this layer");
  }
  return out;
}

long long for_each_feature(OpenedVector& v, const project::LayerSpec& spec,
                           const std::function<void(OGRFeature&)>& visit) {
  OGRLayer& layer = *v.layer;
  const bool unfiltered = !layer.GetAttrQueryString() && !layer.GetSpatialFilter();
  const std::string of = unfiltered && v.declared_count >= 0 ? " of " + std::to_string(v.declared_count) : "";
  long long read = 0;
  layer.ResetReading();
  for (;;) {
    CPLErrorReset();
    gdal::FeaturePtr f(layer.GetNextFeature());
    const CPLErr e = CPLGetLastErrorType();
    if (e == CE_Failure || e == CE_Fatal)
      throw InputError(spec.path + ": layer '" + spec.id + "': read " + std::to_string(read) + of +
                       " features, then OGR failed: " + gdal::last_error() + "; " + kTruncatedFix);
    if (!f) break;
    ++read;
    visit(*f);
  }
  if (unfiltered && v.declared_count > read)
    throw InputError(spec.path + ": layer '" + spec.id + "': read " + std::to_string(read) + of +
                     " features (the rest could not be read); " + kTruncatedFix);
  return read;
}

OpenedRaster open_raster(const project::LayerSpec& spec) {
  OpenedRaster out;
  out.dataset = open_layer(spec, GDAL_OF_RASTER, nullptr);
  if (spec.band < 1 || spec.band > out.dataset->GetRasterCount())
    throw InputError(label(spec) + ": band " + std::to_string(spec.band) + " does not exist; the raster has " +
                     std::to_string(out.dataset->GetRasterCount()) + " band(s)");
  if (spec.crs) {
    out.crs = gdal::parse_crs(*spec.crs, label(spec) + ": crs");
  } else if (const OGRSpatialReference* s = out.dataset->GetSpatialRef()) {
    out.crs = *s;
    out.crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  } else {
    throw InputError(label(spec) +
                     ": the raster has no CRS; declare it in the project with crs = \"EPSG:...\" "
                     "on this layer");
  }
  double gt[6];
  if (out.dataset->GetGeoTransform(gt) != CE_None)
    throw InputError(label(spec) +
                     ": the raster has no georeferencing (geotransform); add a world file or "
                     "georeference it with gdal_translate -a_ullr");
  return out;
}

std::array<double, 4> vector_extent(OpenedVector& v, const project::LayerSpec& spec) {
  OGREnvelope env;
  // Force a scan when filtered: the cached extent would ignore the where clause.
  if (v.layer->GetExtent(&env, TRUE) != OGRERR_NONE || !env.IsInit())
    throw InputError(label(spec) + ": the layer has no features" +
                     (spec.where ? " matching where = \"" + *spec.where + "\"" : std::string()) +
                     "; check the file or the filter");
  return {env.MinX, env.MinY, env.MaxX, env.MaxY};
}

std::array<double, 4> raster_extent(const OpenedRaster& r) {
  double gt[6];
  r.dataset->GetGeoTransform(gt);
  double x[4] = {0, 1, 0, 1}, y[4] = {0, 0, 1, 1};
  std::array<double, 4> box{1e300, 1e300, -1e300, -1e300};
  for (int i = 0; i < 4; ++i) {
    double px = x[i] * r.dataset->GetRasterXSize(), py = y[i] * r.dataset->GetRasterYSize();
    double gx = gt[0] + px * gt[1] + py * gt[2], gy = gt[3] + px * gt[4] + py * gt[5];
    box = {std::min(box[0], gx), std::min(box[1], gy), std::max(box[2], gx), std::max(box[3], gy)};
  }
  return box;
}

std::array<double, 4> native_extent(const project::LayerSpec& spec) {
  if (spec.type == "raster") return raster_extent(open_raster(spec));
  OpenedVector v = open_vector(spec);
  return vector_extent(v, spec);
}

std::array<double, 4> transform_bounds(const std::array<double, 4>& box, const OGRSpatialReference& from,
                                       const OGRSpatialReference& to) {
  gdal::TransformPtr t = gdal::make_transform(from, to);
  std::array<double, 4> out{};
  if (!t->TransformBounds(box[0], box[1], box[2], box[3], &out[0], &out[1], &out[2], &out[3], 21))
    throw InputError("PROJ: cannot transform the extent from " + gdal::describe_crs(from) + " to " +
                     gdal::describe_crs(to) + ": " + gdal::last_error("coordinates out of the CRS's range") +
                     "; check that the layer's CRS is right (override it with crs = \"EPSG:...\" on the layer)");
  return out;
}

}  // namespace oremap::sources
