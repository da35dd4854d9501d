#include "stages/sources/layer_open.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace oremap::sources {

std::string label(const project::LayerSpec& spec) { return spec.id + " (" + spec.path + ")"; }

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
    throw InputError(label(spec) + ": the source holds " + std::to_string(ds.GetLayerCount()) +
                     " layers (" + names + "); choose one with layer = \"...\"");
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
  out.dataset = gdal::open_dataset(spec.path, GDAL_OF_VECTOR, &options);
  out.layer = choose_layer(*out.dataset, spec);
  if (csv && out.layer->GetGeomType() == wkbNone)
    throw InputError(label(spec) + ": CSV has no recognised coordinate columns; name them with x = \"<column>\" "
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
    throw InputError(label(spec) + ": the CSV's coordinate columns are not named lon/lat, so their CRS is unknown; "
                     "declare it on this layer with crs = \"EPSG:...\" (e.g. the UTM zone of x/y in metres)");
  } else {
    throw InputError(label(spec) + ": the layer has no CRS (a shapefile without .prj?); declare it in the "
                     "project with crs = \"EPSG:...\" on this layer");
  }
  return out;
}

OpenedRaster open_raster(const project::LayerSpec& spec) {
  OpenedRaster out;
  out.dataset = gdal::open_dataset(spec.path, GDAL_OF_RASTER);
  if (spec.band < 1 || spec.band > out.dataset->GetRasterCount())
    throw InputError(label(spec) + ": band " + std::to_string(spec.band) + " does not exist; the raster has " +
                     std::to_string(out.dataset->GetRasterCount()) + " band(s)");
  if (spec.crs) {
    out.crs = gdal::parse_crs(*spec.crs, label(spec) + ": crs");
  } else if (const OGRSpatialReference* s = out.dataset->GetSpatialRef()) {
    out.crs = *s;
    out.crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  } else {
    throw InputError(label(spec) + ": the raster has no CRS; declare it in the project with crs = \"EPSG:...\" "
                     "on this layer");
  }
  double gt[6];
  if (out.dataset->GetGeoTransform(gt) != CE_None)
    throw InputError(label(spec) + ": the raster has no georeferencing (geotransform); add a world file or "
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
