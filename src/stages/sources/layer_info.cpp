#include "stages/sources/layer_info.hpp"

#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "gdal/handles.hpp"
#include "stages/sources/layer_open.hpp"

namespace oremap::sources {

using nlohmann::json;

namespace {

json crs_json(const OGRSpatialReference& srs) {
  int epsg = gdal::epsg_code(srs);
  return {{"epsg", epsg ? json(epsg) : json(nullptr)}, {"name", srs.GetName() ? srs.GetName() : ""}};
}

json box_json(const std::array<double, 4>& b) { return json::array({b[0], b[1], b[2], b[3]}); }

OGRSpatialReference grid_srs(const Grid& grid) {
  OGRSpatialReference srs;
  srs.importFromWkt(grid.crs_wkt.c_str());
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

void add_grid_extent(json& info, const std::array<double, 4>& native, const OGRSpatialReference& crs,
                     const Grid& grid) {
  info["extent"] = box_json(native);
  std::array<double, 4> in_grid = transform_bounds(native, crs, grid_srs(grid));
  info["extent_in_grid_crs"] = box_json(in_grid);
  bool overlaps =
      in_grid[0] < grid.xmax() && in_grid[2] > grid.xmin && in_grid[1] < grid.ymax && in_grid[3] > grid.ymin();
  if (!overlaps)
    info["warnings"].push_back("no overlap with the grid: the layer lies entirely outside it; check its CRS");
}

void describe_vector(json& info, const project::LayerSpec& spec, const Grid& grid) {
  OpenedVector v = open_vector(spec);
  info["driver"] = v.dataset->GetDriver()->GetDescription();
  info["layer"] = v.layer->GetName();
  info["crs"] = crs_json(v.crs);
  info["crs"]["origin"] = v.crs_origin;
  info["feature_count"] = v.layer->GetFeatureCount(TRUE);
  info["geometry_type"] = OGRGeometryTypeToName(v.layer->GetGeomType());
  json fields = json::array();
  const OGRFeatureDefn* defn = v.layer->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    fields.push_back({{"name", defn->GetFieldDefn(i)->GetNameRef()},
                      {"type", OGRFieldDefn::GetFieldTypeName(defn->GetFieldDefn(i)->GetType())}});
  info["fields"] = fields;
  if (info["feature_count"] == 0) {
    info["warnings"].push_back("the layer is empty" +
                               (spec.where ? " after where = \"" + *spec.where + "\"" : std::string()));
    return;
  }
  add_grid_extent(info, vector_extent(v, spec), v.crs, grid);
}

void describe_raster(json& info, const project::LayerSpec& spec, const Grid& grid) {
  OpenedRaster r = open_raster(spec);
  GDALDataset& ds = *r.dataset;
  info["driver"] = ds.GetDriver()->GetDescription();
  info["crs"] = crs_json(r.crs);
  info["size"] = {ds.GetRasterXSize(), ds.GetRasterYSize()};
  info["bands"] = ds.GetRasterCount();
  GDALRasterBand* band = ds.GetRasterBand(spec.band);
  info["band"] = spec.band;
  info["data_type"] = GDALGetDataTypeName(band->GetRasterDataType());
  int has_nodata = 0;
  double nd = band->GetNoDataValue(&has_nodata);
  info["nodata"] = has_nodata ? json(nd) : json(nullptr);
  double gt[6];
  ds.GetGeoTransform(gt);
  info["pixel_size"] = {gt[1], -gt[5]};
  double minmax[2] = {NAN, NAN};
  if (band->ComputeRasterMinMax(FALSE, minmax) == CE_None)
    info["min_max"] = {minmax[0], minmax[1]};
  else
    info["warnings"].push_back("every cell is nodata");
  add_grid_extent(info, raster_extent(r), r.crs, grid);
}

}  // namespace

json grid_info(const Grid& grid) {
  OGRSpatialReference srs = grid_srs(grid);
  OGRSpatialReference wgs84 = gdal::parse_crs("EPSG:4326", "grid");
  std::array<double, 4> box{grid.xmin, grid.ymin(), grid.xmax(), grid.ymax};
  return {{"crs", crs_json(srs)},    {"cell_size", grid.cell_size},
          {"cols", grid.cols},       {"rows", grid.rows},
          {"extent", box_json(box)}, {"extent_lonlat", box_json(transform_bounds(box, srs, wgs84))}};
}

json layer_info(const project::LayerSpec& spec, const Grid& grid) {
  json info = {{"id", spec.id}, {"path", spec.path}, {"type", spec.type}, {"warnings", json::array()}};
  if (spec.where) info["where"] = *spec.where;
  try {
    if (spec.type == "raster")
      describe_raster(info, spec, grid);
    else
      describe_vector(info, spec, grid);
  } catch (const Error& e) {
    info["error"] = e.what();
  }
  return info;
}

json project_info(const project::Project& p, const Grid& grid) {
  json layers = json::array();
  for (const auto& l : p.layers) layers.push_back(layer_info(l, grid));
  return {{"project", p.name}, {"file", p.file.string()}, {"grid", grid_info(grid)}, {"layers", layers}};
}

static std::string fmt_box(const json& b) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(std::fabs(b[2].get<double>()) > 1000 ? 0 : 4);
  s << "[" << b[0].get<double>() << ", " << b[1].get<double>() << ", " << b[2].get<double>() << ", "
    << b[3].get<double>() << "]";
  return s.str();
}

static std::string fmt_crs(const json& c) {
  std::string name = c.value("name", "");
  return c["epsg"].is_null() ? name : "EPSG:" + std::to_string(c["epsg"].get<int>()) + " (" + name + ")";
}

std::string format_info(const json& info) {
  std::ostringstream s;
  const json& g = info["grid"];
  s << "project  " << info["project"].get<std::string>() << "  (" << info["file"].get<std::string>() << ")\n";
  s << "grid     " << fmt_crs(g["crs"]) << ", " << g["cols"] << " x " << g["rows"] << " cells of " << g["cell_size"]
    << " m\n         extent " << fmt_box(g["extent"]) << " = lon/lat " << fmt_box(g["extent_lonlat"]) << "\n";
  for (const auto& l : info["layers"]) {
    s << "\n"
      << l["id"].get<std::string>() << "  [" << l["type"].get<std::string>() << "]  " << l["path"].get<std::string>()
      << "\n";
    if (l.contains("error")) {
      s << "  ERROR    " << l["error"].get<std::string>() << "\n";
      continue;
    }
    s << "  driver   " << l["driver"].get<std::string>() << "\n  crs      " << fmt_crs(l["crs"]) << "\n";
    if (l["type"] == "vector") {
      s << "  features " << l["feature_count"] << " " << l["geometry_type"].get<std::string>()
        << (l.contains("where") ? "  (where " + l["where"].get<std::string>() + ")" : "") << "\n  fields   ";
      std::string sep;
      for (const auto& f : l["fields"]) {
        s << sep << f["name"].get<std::string>() << ":" << f["type"].get<std::string>();
        sep = ", ";
      }
      s << "\n";
    } else {
      s << "  raster   " << l["size"][0] << " x " << l["size"][1] << ", " << l["bands"] << " band(s), band "
        << l["band"] << " " << l["data_type"].get<std::string>() << ", nodata " << l["nodata"].dump();
      if (l.contains("min_max")) s << ", min " << l["min_max"][0] << " max " << l["min_max"][1];
      s << "\n";
    }
    if (l.contains("extent")) s << "  extent   " << fmt_box(l["extent"]) << " (own CRS)\n";
    if (l.contains("extent_in_grid_crs")) s << "           " << fmt_box(l["extent_in_grid_crs"]) << " (grid CRS)\n";
    for (const auto& w : l["warnings"]) s << "  WARNING  " << w.get<std::string>() << "\n";
  }
  return s.str();
}

}  // namespace oremap::sources
