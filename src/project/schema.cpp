#include "project/schema.hpp"

#include <cctype>
#include <sstream>

#include "core/number_text.hpp"
#include "project/schema_builder.hpp"

namespace oremap::project {

namespace {

using namespace declare;

const std::vector<std::string> kResampling = {"nearest", "bilinear", "cubic", "cubicspline", "lanczos",
                                              "average", "mode",     "min",   "max",         "med"};

Section project_section() {
  return table("project")
      .doc("What the analysis is and where its outputs go.")
      .keys({
          text("name").shown_as("the file name").doc("Title used in logs, maps and reports."),
          text("description").doc("Free text: purpose, author, data caveats."),
          text("output")
              .refers_to(Ref::directory)
              .otherwise("output")
              .doc("Output folder, relative to the project file."),
      });
}

Section grid_section() {
  return table("grid")
      .mandatory()
      .doc(
          "The one analysis grid: projected CRS in metres, square cells on one lattice (`align`): by default the "
          "lattice of the raster layers, else whole multiples of the cell size. Give either `bbox` or "
          "`extent_layer`.")
      .keys({
          text("crs").refers_to(Ref::crs).doc(
              "Projected CRS: \"EPSG:32642\", a PROJ string or WKT. Omitted: the UTM zone of the extent's "
              "centre (logged). Geographic CRSs are refused (distances would be degrees)."),
          number_or_numbers("cell_size")
              .mandatory()
              .above(0)
              .items(2)
              .doc("Cell size in metres, or [dx, dy] for non-square cells (dx wide, dy high)."),
          numbers("bbox").items(4).doc("Extent as [xmin, ymin, xmax, ymax] in `bbox_crs`."),
          text("bbox_crs")
              .refers_to(Ref::crs)
              .otherwise("EPSG:4326")
              .shown_as("\"EPSG:4326\" (lon/lat)")
              .doc("CRS of `bbox`."),
          text("extent_layer").refers_to(Ref::layer).doc("Take the extent from this layer's bounds."),
          number("buffer").at_least(0).at_most(1e7).otherwise(0).doc("Metres added around the extent on every side."),
          text_or_numbers("align")
              .items(2)
              .shown_as("the raster layers' lattice, else \"cell\"")
              .doc("Where cell edges fall; the extent is snapped outward onto this lattice. \"cell\": whole "
                   "multiples of `cell_size`. A raster layer's id: that raster's pixel lattice (it must be in the "
                   "grid's CRS, north-up, with pixels of `cell_size`). [x0, y0]: the lattice through that point, "
                   "in the grid's CRS. Omitted: the lattice of the raster layers that are in the grid's CRS, "
                   "north-up, with pixels of `cell_size` (logged); when they disagree, the first one's, with a "
                   "warning naming the others; with none, \"cell\". A raster on the grid's lattice is read in "
                   "place, never resampled."),
          text("mask")
              .refers_to(Ref::layer)
              .doc("The study area: a polygon layer (cells whose centre falls outside it are nodata in every "
                   "output) or a raster layer (its nodata cells are outside; no need to polygonise it)."),
      });
}

Section layers_section() {
  return tables("layers")
      .mandatory()
      .doc(
          "Input data. Vectors through OGR (Shapefile, GeoPackage, GeoJSON, FlatGeobuf, KML, CSV, PostGIS `PG:` "
          "strings); rasters through GDAL, warped onto the grid.")
      .keys({
          text("id").mandatory().doc("Unique name other steps use to refer to this layer."),
          text("path").mandatory().refers_to(Ref::path).doc(
              "File path (relative to the project file) or a GDAL connection string such as "
              "\"PG:dbname=geo host=localhost\"."),
          text("type")
              .one_of({"vector", "raster"})
              .doc("Force vector or raster; by default the extension decides (.tif, .tiff, .vrt, .img, .asc, .nc, "
                   ".jp2, .grd, .dem, .bil, .hgt, .ers are rasters)."),
          text("layer").doc("Layer name inside a multi-layer source (GeoPackage, PG:)."),
          text("where").doc("OGR SQL attribute filter, e.g. \"is_fold = 0\"."),
          text("crs").refers_to(Ref::crs).doc(
              "CRS override for sources without one (a shapefile without .prj, a CSV)."),
          text("x").shown_as("auto: lon/longitude/x/easting").doc("CSV column holding x or longitude."),
          text("y").shown_as("auto: lat/latitude/y/northing").doc("CSV column holding y or latitude."),
          text("encoding").doc("Shapefile .dbf encoding when there is no .cpg, e.g. \"CP1252\"."),
          integer("band").at_least(1).otherwise(1).doc("Raster band to read."),
          text("resampling")
              .one_of(kResampling)
              .otherwise("nearest")
              .doc("Raster resampling onto the grid: nearest for categorical data; bilinear, cubic or average for "
                   "continuous data."),
          number("nodata").doc("Raster nodata override when the file declares none."),
      });
}

}  // namespace

const std::vector<Section>& project_schema() {
  static const std::vector<Section> schema = {project_section(),  grid_section(),       layers_section(),
                                              evidence_section(), models_section(),     sites_section(),
                                              criteria_section(), exclusions_section(), outputs_section(),
                                              map_section(),      viewer_section(),     report_section()};
  return schema;
}

const Section* find_section(const std::string& name) {
  for (const auto& s : project_schema())
    if (s.name == name) return &s;
  return nullptr;
}

const Key* find_key(const std::string& section, const std::string& kind, const std::string& name) {
  const Section* s = find_section(section);
  if (!s) return nullptr;
  for (const auto& k : s->keys)
    if (k.name == name) return &k;
  auto of_kind = s->kinds.find(kind);
  if (of_kind == s->kinds.end()) return nullptr;
  for (const auto& k : of_kind->second)
    if (k.name == name) return &k;
  return nullptr;
}

const char* type_name(Type t) {
  switch (t) {
    case Type::string:
      return "a string";
    case Type::integer:
      return "an integer";
    case Type::number:
      return "a number";
    case Type::boolean:
      return "true or false";
    case Type::string_list:
      return "a list of strings";
    case Type::number_list:
      return "a list of numbers";
    case Type::number_rows:
      return "a list of number lists";
    case Type::string_table:
      return "a table of strings";
    case Type::table:
      return "a table";
    case Type::string_or_numbers:
      return "a string or a list of numbers";
    case Type::number_or_numbers:
      return "a number or a list of numbers";
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
    auto num = [](double v) { return significant_text(v, 15); };  // 1000000, not 1e+06
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
