#include "stages/sinks/styles/raster_style.hpp"

#include "core/atomic_file.hpp"
#include "core/number_text.hpp"
#include "stages/sinks/styles/qml.hpp"

namespace oremap::sinks::styles {

namespace {

constexpr int kStep = 255 / (raster_ramp_stops - 1);  // 17: the stops land on table entries exactly
static_assert(kStep * (raster_ramp_stops - 1) == 255, "the last stop is viridis_entry(255)");

double stop_value(const std::array<double, 2>& range, int k) {
  if (k == raster_ramp_stops - 1) return range[1];  // exactly the top, not a sum's rounding of it
  return range[0] + (range[1] - range[0]) * k / (raster_ramp_stops - 1);
}

// The ramp as QGIS's gradient colour ramp, so its style dialog shows the ramp it draws.
std::string gradient_ramp() {
  std::string stops;
  for (int k = 1; k + 1 < raster_ramp_stops; ++k)
    stops += (stops.empty() ? "" : ":") + shortest_text(static_cast<double>(k) / (raster_ramp_stops - 1)) + ";" +
             qgis_colour(viridis_entry(k * kStep));
  const Properties p = {{"color1", qgis_colour(viridis_entry(0))},
                        {"color2", qgis_colour(viridis_entry(255))},
                        {"discrete", "0"},
                        {"rampType", "gradient"},
                        {"stops", stops}};
  std::string options, props;
  for (const auto& [k, v] : p) {
    options += "              <Option type=\"QString\" name=\"" + k + "\" value=\"" + v + "\"/>\n";
    props += "            <prop k=\"" + k + "\" v=\"" + v + "\"/>\n";
  }
  return "          <colorramp type=\"gradient\" name=\"[source]\">\n            <Option type=\"Map\">\n" + options +
         "            </Option>\n" + props + "          </colorramp>\n";
}

}  // namespace

std::string raster_style_qml(const std::array<double, 2>& range) {
  const std::string lo = shortest_text(range[0]), hi = shortest_text(range[1]);
  std::string items;
  for (int k = 0; k < raster_ramp_stops; ++k) {
    const double v = stop_value(range, k);
    items += "          <item alpha=\"255\" value=\"" + shortest_text(v) + "\" label=\"" + significant_text(v, 4) +
             "\" color=\"" + hex_colour(viridis_entry(k * kStep)) + "\"/>\n";
  }
  // Limits "None": QGIS keeps this range rather than stretching to its own statistics.
  const std::string body =
      "  <pipe>\n"
      "    <rasterrenderer type=\"singlebandpseudocolor\" band=\"1\" opacity=\"1\" alphaBand=\"-1\" "
      "classificationMin=\"" +
      lo + "\" classificationMax=\"" + hi +
      "\" nodataColor=\"\">\n"
      "      <rasterTransparency/>\n"
      "      <minMaxOrigin>\n"
      "        <limits>None</limits>\n"
      "        <extent>WholeRaster</extent>\n"
      "        <statAccuracy>Exact</statAccuracy>\n"
      "        <cumulativeCutLower>0.02</cumulativeCutLower>\n"
      "        <cumulativeCutUpper>0.98</cumulativeCutUpper>\n"
      "        <stdDevFactor>2</stdDevFactor>\n"
      "      </minMaxOrigin>\n"
      "      <rastershader>\n"
      "        <colorrampshader colorRampType=\"INTERPOLATED\" classificationMode=\"1\" clip=\"0\" minimumValue=\"" +
      lo + "\" maximumValue=\"" + hi + "\" labelPrecision=\"4\">\n" + gradient_ramp() + items +
      "        </colorrampshader>\n"
      "      </rastershader>\n"
      "    </rasterrenderer>\n"
      "    <brightnesscontrast brightness=\"0\" contrast=\"0\" gamma=\"1\"/>\n"
      "    <huesaturation saturation=\"0\" grayscaleMode=\"0\" invertColors=\"0\" colorizeOn=\"0\" colorizeRed=\"255\" "
      "colorizeGreen=\"128\" colorizeBlue=\"128\" colorizeStrength=\"100\"/>\n"
      "    <rasterresampler maxOversampling=\"2\"/>\n"
      "    <resamplingStage>resamplingFilter</resamplingStage>\n"
      "  </pipe>\n"
      "  <blendMode>0</blendMode>\n";
  return qml_document("Symbology", body, false);
}

std::filesystem::path style_path(const std::filesystem::path& data_file) {
  std::filesystem::path p = data_file;
  return p.replace_extension(".qml");
}

void write_raster_style(const std::filesystem::path& raster, const std::array<double, 2>& range) {
  write_text_atomically(style_path(raster), raster_style_qml(range));
}

}  // namespace oremap::sinks::styles
