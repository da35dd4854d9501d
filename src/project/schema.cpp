#include "project/schema.hpp"

#include <cctype>
#include <sstream>

namespace oremap::project {

namespace {

const std::vector<std::string> kResampling = {"nearest", "bilinear", "cubic", "cubicspline", "lanczos",
                                              "average", "mode",    "min",   "max",         "med"};

Section project_section() {
  return {"project", false, false, "What the analysis is and where its outputs go.",
          {
              {"name", Type::string, false, "Title used in logs, maps and reports.", {}, {}, {}, false,
               Ref::none, "the file name"},
              {"description", Type::string, false, "Free text: purpose, author, data caveats."},
              {"output", Type::string, false, "Output folder, relative to the project file.", {}, {}, {},
               false, Ref::directory, "\"output\""},
          },
          {},
          {}};
}

Section grid_section() {
  return {"grid", false, true,
          "The one analysis grid: projected CRS in metres, square cells snapped to whole multiples "
          "of the cell size. Give either `bbox` or `extent_layer`.",
          {
              {"crs", Type::string, false,
               "Projected CRS: \"EPSG:32642\", a PROJ string or WKT. Omitted: the UTM zone of the "
               "extent's centre (logged). Geographic CRSs are refused (distances would be degrees).",
               {}, {}, {}, false, Ref::crs},
              {"cell_size", Type::number, true, "Cell size in metres.", {}, 0.0, {}, true},
              {"bbox", Type::number_list, false, "Extent as [xmin, ymin, xmax, ymax] in `bbox_crs`.", {},
               {}, {}, false, Ref::none, "", 4},
              {"bbox_crs", Type::string, false, "CRS of `bbox`.", {}, {}, {}, false, Ref::crs,
               "\"EPSG:4326\" (lon/lat)"},
              {"extent_layer", Type::string, false, "Take the extent from this layer's bounds.", {}, {}, {},
               false, Ref::layer},
              {"buffer", Type::number, false, "Metres added around the extent on every side.", {}, 0.0, 1e7,
               false, Ref::none, "0"},
              {"mask", Type::string, false,
               "Polygon layer; cells whose centre falls outside it are nodata in every output.", {}, {},
               {}, false, Ref::layer},
          },
          {},
          {}};
}

Section layers_section() {
  return {"layers", true, true,
          "Input data. Vectors through OGR (Shapefile, GeoPackage, GeoJSON, FlatGeobuf, KML, CSV, "
          "PostGIS `PG:` strings); rasters through GDAL, warped onto the grid.",
          {
              {"id", Type::string, true, "Unique name other steps use to refer to this layer."},
              {"path", Type::string, true,
               "File path (relative to the project file) or a GDAL connection string such as "
               "\"PG:dbname=geo host=localhost\".",
               {}, {}, {}, false, Ref::path},
              {"type", Type::string, false, "Force vector or raster; by default the extension decides (.tif, .tiff, .vrt, .img, .asc, .nc, .jp2, .grd, .dem, .bil, .hgt, .ers are rasters).",
               {"vector", "raster"}},
              {"layer", Type::string, false, "Layer name inside a multi-layer source (GeoPackage, PG:)."},
              {"where", Type::string, false, "OGR SQL attribute filter, e.g. \"is_fold = 0\"."},
              {"crs", Type::string, false,
               "CRS override for sources without one (a shapefile without .prj, a CSV).", {}, {}, {},
               false, Ref::crs},
              {"x", Type::string, false, "CSV column holding x or longitude.", {}, {}, {}, false, Ref::none,
               "auto: lon/longitude/x/easting"},
              {"y", Type::string, false, "CSV column holding y or latitude.", {}, {}, {}, false, Ref::none,
               "auto: lat/latitude/y/northing"},
              {"encoding", Type::string, false,
               "Shapefile .dbf encoding when there is no .cpg, e.g. \"CP1252\"."},
              {"band", Type::integer, false, "Raster band to read.", {}, 1.0, {}, false, Ref::none, "1"},
              {"resampling", Type::string, false,
               "Raster resampling onto the grid: nearest for categorical data; bilinear, cubic or "
               "average for continuous data.",
               kResampling, {}, {}, false, Ref::none, "\"nearest\""},
              {"nodata", Type::number, false, "Raster nodata override when the file declares none."},
          },
          {},
          {}};
}

}  // namespace

const std::vector<Section>& project_schema() {
  static const std::vector<Section> schema = {project_section(),  grid_section(),     layers_section(),
                                              evidence_section(), models_section(),   sites_section(),
                                              criteria_section(), exclusions_section(), outputs_section(),
                                              map_section(),      viewer_section(),   report_section()};
  return schema;
}

const Section* find_section(const std::string& name) {
  for (const auto& s : project_schema())
    if (s.name == name) return &s;
  return nullptr;
}

const char* type_name(Type t) {
  switch (t) {
    case Type::string: return "a string";
    case Type::integer: return "an integer";
    case Type::number: return "a number";
    case Type::boolean: return "true or false";
    case Type::string_list: return "a list of strings";
    case Type::number_list: return "a list of numbers";
    case Type::number_rows: return "a list of number lists";
    case Type::string_table: return "a table of strings";
    case Type::table: return "a table";
  }
  return "a value";
}

const char* const kNameRule =
    "1 to 64 ASCII letters, digits, _ or -, starting with a letter, and not a Windows device name (con, prn, "
    "aux, nul, com1-com9, lpt1-lpt9)";

bool is_safe_name(const std::string& id) {
  if (id.empty() || id.size() > 64 || !std::isalpha(static_cast<unsigned char>(id[0])) ||
      static_cast<unsigned char>(id[0]) > 127)
    return false;
  for (char ch : id) {
    const auto c = static_cast<unsigned char>(ch);
    if (c > 127 || !(std::isalnum(c) || c == '_' || c == '-')) return false;
  }
  std::string lower;
  for (char ch : id) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (lower == "con" || lower == "prn" || lower == "aux" || lower == "nul") return false;
  if (lower.size() == 4 && (lower.compare(0, 3, "com") == 0 || lower.compare(0, 3, "lpt") == 0) && lower[3] >= '1' &&
      lower[3] <= '9')
    return false;
  return true;
}

static void key_rows(std::ostringstream& out, const std::vector<Key>& keys) {
  out << "| key | type | required | default | meaning |\n|---|---|---|---|---|\n";
  for (const auto& k : keys) {
    std::string help = k.help;
    if (!k.choices.empty()) {
      help += " One of:";
      for (std::size_t i = 0; i < k.choices.size(); ++i) help += (i ? ", `" : " `") + k.choices[i] + "`";
      help += ".";
    }
    auto num = [](double v) {
      std::ostringstream s;
      s.precision(15);  // 1000000, not 1e+06
      s << v;
      return s.str();
    };
    if (k.min) help += std::string(" Must be ") + (k.min_exclusive ? "> " : ">= ") + num(*k.min) + ".";
    if (k.max) help += " Must be <= " + num(*k.max) + ".";
    if (k.name == "id") help += std::string(" A name: ") + kNameRule + ".";
    out << "| `" << k.name << "` | " << type_name(k.type) << " | " << (k.required ? "yes" : "no") << " | "
        << k.default_text << " | " << help << " |\n";
  }
}

std::string schema_markdown() {
  std::ostringstream out;
  for (const auto& s : project_schema()) {
    out << "### " << (s.array ? "[[" + s.name + "]]" : "[" + s.name + "]") << "\n\n" << s.help << "\n\n";
    key_rows(out, s.keys);
    for (const auto& [kind, keys] : s.kinds) {
      out << "\n#### " << s.name << " kind `" << kind << "`\n\n";
      auto h = s.kind_help.find(kind);
      if (h != s.kind_help.end()) out << h->second << "\n\n";
      key_rows(out, keys);
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace oremap::project
