#pragma once
// QGIS layer style files (.qml) as text, written the way QGIS 3.22 writes them: the document
// frame, escaped attributes, colours, and symbols whose layer properties appear both as
// <Option> (read by 3.22 and later) and as <prop> (read by older versions).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stages/sinks/viridis.hpp"

namespace oremap::sinks::styles {

// Text for an XML attribute value: & < > " ' escaped (site names come from users' files).
std::string xml_attr(std::string_view text);

// QGIS's colour text "r,g,b,a".
std::string qgis_colour(const Rgb& c, int alpha = 255);

// "#rrggbb", as the raster colour ramp items carry it.
std::string hex_colour(const Rgb& c);

// A symbol layer's properties, in the order written.
using Properties = std::vector<std::pair<std::string, std::string>>;

// <layer class="..."> of a symbol.
std::string symbol_layer(const std::string& layer_class, const Properties& properties);

// <symbol type="marker|fill" name="..."> holding `layers`, drawn first to last.
std::string symbol(const std::string& type, const std::string& name, const std::vector<std::string>& layers);

// The whole .qml: the DOCTYPE, <qgis> with `categories` (e.g. "Symbology|Labeling") around `body`.
std::string qml_document(const std::string& categories, const std::string& body, bool labels_enabled);

}  // namespace oremap::sinks::styles
