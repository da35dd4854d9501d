#pragma once
// QGIS's layer_styles table in a GeoPackage: the style QGIS applies by itself when it opens a
// layer, with the table's columns as QGIS creates them. The rows carry a fixed update_time, so
// a rerun writes the same file.
#include <gdal_priv.h>

#include <string>
#include <vector>

namespace oremap::sinks::styles {

struct LayerStyle {
  std::string table;            // the layer ("sites_copper")
  std::string geometry_column;  // "geom", GDAL's default in a GeoPackage
  std::string name;             // styleName, at most 30 characters
  std::string qml;
  std::string description;
};

// Adds the table (one default style per entry) to an open GeoPackage; throws OutputError naming `path`.
void write_layer_styles(GDALDataset& gpkg, const std::vector<LayerStyle>& styles, const std::string& path);

}  // namespace oremap::sinks::styles
