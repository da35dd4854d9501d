#include "stages/sinks/styles/qml.hpp"

#include <cstdio>

#include "core/html_escape.hpp"

namespace oremap::sinks::styles {

std::string xml_attr(std::string_view text) { return html_escape(text); }  // its escapes are XML's too

std::string qgis_colour(const Rgb& c, int alpha) {
  return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + "," + std::to_string(alpha);
}

std::string hex_colour(const Rgb& c) {
  char text[8];
  std::snprintf(text, sizeof text, "#%02x%02x%02x", c.r, c.g, c.b);
  return text;
}

std::string symbol_layer(const std::string& layer_class, const Properties& properties) {
  std::string options, props;
  for (const auto& [k, v] : properties) {
    options += "            <Option type=\"QString\" name=\"" + xml_attr(k) + "\" value=\"" + xml_attr(v) + "\"/>\n";
    props += "          <prop k=\"" + xml_attr(k) + "\" v=\"" + xml_attr(v) + "\"/>\n";
  }
  return "        <layer class=\"" + layer_class + "\" enabled=\"1\" pass=\"0\" locked=\"0\">\n" +
         "          <Option type=\"Map\">\n" + options + "          </Option>\n" + props + "        </layer>\n";
}

std::string symbol(const std::string& type, const std::string& name, const std::vector<std::string>& layers) {
  std::string out = "      <symbol type=\"" + type + "\" name=\"" + xml_attr(name) +
                    "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n";
  for (const auto& layer : layers) out += layer;
  return out + "      </symbol>\n";
}

std::string qml_document(const std::string& categories, const std::string& body, bool labels_enabled) {
  return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
         "<qgis version=\"3.22.0-Białowieża\" styleCategories=\"" +
         categories + "\" labelsEnabled=\"" + (labels_enabled ? "1" : "0") + "\">\n" + body + "</qgis>\n";
}

}  // namespace oremap::sinks::styles
