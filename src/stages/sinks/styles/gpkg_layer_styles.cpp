#include "stages/sinks/styles/gpkg_layer_styles.hpp"

#include <ogrsf_frmts.h>

#include "core/error.hpp"
#include "gdal/handles.hpp"

namespace oremap::sinks::styles {

namespace {

// The date oremap's GeoPackage carries everywhere (OGR_CURRENT_DATE in site_tables/gpkg.cpp).
constexpr const char* kUpdateTime = "2000-01-01T00:00:00Z";

void add_field(OGRLayer& layer, const char* name, OGRFieldType type, int width, const std::string& path,
               OGRFieldSubType subtype = OFSTNone) {
  OGRFieldDefn field(name, type);
  field.SetWidth(width);
  field.SetSubType(subtype);
  if (type == OFTDateTime) field.SetDefault("CURRENT_TIMESTAMP");
  if (layer.CreateField(&field) != OGRERR_NONE)
    throw OutputError(path + ": layer_styles: cannot create column " + name + ": " + gdal::last_error());
}

}  // namespace

void write_layer_styles(GDALDataset& gpkg, const std::vector<LayerStyle>& styles, const std::string& path) {
  gdal::StringList options;
  options.set("FID", "id");  // INTEGER PRIMARY KEY AUTOINCREMENT, as QGIS creates it
  OGRLayer* layer = gpkg.CreateLayer("layer_styles", nullptr, wkbNone, options.get());
  if (!layer) throw OutputError(path + ": cannot create the table layer_styles: " + gdal::last_error());
  for (const char* name : {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column"})
    add_field(*layer, name, OFTString, 256, path);
  add_field(*layer, "styleName", OFTString, 30, path);
  add_field(*layer, "styleQML", OFTString, 0, path);
  add_field(*layer, "styleSLD", OFTString, 0, path);
  add_field(*layer, "useAsDefault", OFTInteger, 0, path, OFSTBoolean);
  add_field(*layer, "description", OFTString, 0, path);
  add_field(*layer, "owner", OFTString, 30, path);
  add_field(*layer, "ui", OFTString, 30, path);
  add_field(*layer, "update_time", OFTDateTime, 0, path);
  for (const LayerStyle& s : styles) {
    OGRFeature feature(layer->GetLayerDefn());
    // QGIS looks a style up by catalog and schema '' (not null), table and geometry column.
    feature.SetField("f_table_catalog", "");
    feature.SetField("f_table_schema", "");
    feature.SetField("f_table_name", s.table.c_str());
    feature.SetField("f_geometry_column", s.geometry_column.c_str());
    feature.SetField("styleName", s.name.c_str());
    feature.SetField("styleQML", s.qml.c_str());
    feature.SetField("styleSLD", "");
    feature.SetField("useAsDefault", 1);
    feature.SetField("description", s.description.c_str());
    feature.SetField("owner", "");
    feature.SetField("ui", "");
    feature.SetField("update_time", kUpdateTime);
    if (layer->CreateFeature(&feature) != OGRERR_NONE)
      throw OutputError(path + ": layer_styles: cannot write the style of " + s.table + ": " + gdal::last_error());
  }
}

}  // namespace oremap::sinks::styles
