#include "stages/sinks/styles/site_style.hpp"

#include <vector>

#include "core/number_text.hpp"
#include "stages/sinks/map/colour.hpp"
#include "stages/sinks/styles/qml.hpp"

namespace oremap::sinks::styles {

namespace {

// The map's colours (map/style.cpp): its ink, the unranked ring, the excluded cross.
const Rgb kInk{34, 34, 34};
const Rgb kWhite{255, 255, 255};
const Rgb kUnrankedRing{55, 65, 81};
const Rgb kExcludedGrey{110, 110, 110};

enum class Shape { marker, fill };

// An outline (a marker's or a fill's) and no offset: what both symbol layers carry.
struct Outline {
  Rgb colour;
  const char* style;  // "solid", "dash"
  double width;       // mm
};

Properties outlined(const Outline& o, Properties own) {
  const Properties shared = {{"joinstyle", "bevel"},      {"offset", "0,0"},
                             {"offset_unit", "MM"},       {"outline_color", qgis_colour(o.colour)},
                             {"outline_style", o.style},  {"outline_width", shortest_text(o.width)},
                             {"outline_width_unit", "MM"}};
  own.insert(own.end(), shared.begin(), shared.end());
  return own;
}

std::string marker(const std::string& name, const Rgb& fill, const Outline& o, double size) {
  return symbol_layer("SimpleMarker", outlined(o, {{"angle", "0"},
                                                   {"color", qgis_colour(fill)},
                                                   {"horizontal_anchor_point", "1"},
                                                   {"name", name},
                                                   {"scale_method", "diameter"},
                                                   {"size", shortest_text(size)},
                                                   {"size_unit", "MM"},
                                                   {"vertical_anchor_point", "1"}}));
}

std::string fill(const std::string& style, const Rgb& colour, int alpha, const Outline& o) {
  return symbol_layer("SimpleFill", outlined(o, {{"color", qgis_colour(colour, alpha)}, {"style", style}}));
}

// A ranked site: a circle (or a fill, a little see-through) of its score class's colour.
std::vector<std::string> ranked_symbol(Shape s, const Rgb& colour) {
  if (s == Shape::marker) return {marker("circle", colour, {kInk, "solid", 0.3}, 5.0)};
  return {fill("solid", colour, 200, {kInk, "solid", 0.3})};
}

std::vector<std::string> unranked_symbol(Shape s) {
  if (s == Shape::marker) return {marker("circle", kWhite, {kUnrankedRing, "dash", 0.35}, 3.6)};
  return {fill("solid", kWhite, 180, {kUnrankedRing, "dash", 0.35})};
}

// A grey cross on a white halo; for a polygon, a grey cross-hatch.
std::vector<std::string> excluded_symbol(Shape s) {
  if (s == Shape::marker)
    return {marker("cross2", kWhite, {kWhite, "solid", 0.9}, 2.8),
            marker("cross2", kExcludedGrey, {kExcludedGrey, "solid", 0.45}, 2.8)};
  return {fill("diagonal_x", kExcludedGrey, 255, {kExcludedGrey, "solid", 0.3})};
}

struct Rule {
  std::string filter;
  std::string label;
  std::vector<std::string> layers;
  Shape shape;
};

std::string score_bound(int k) { return shortest_text(static_cast<double>(k) / site_score_classes); }

// Best class first, as the legend reads.
std::vector<Rule> rules_for(Shape s, const std::string& geometry_filter) {
  std::vector<Rule> rules;
  for (int k = site_score_classes - 1; k >= 0; --k) {
    std::string f = "\"status\" = 'ranked'";
    if (k > 0) f += " AND \"score\" >= " + score_bound(k);
    if (k + 1 < site_score_classes) f += " AND \"score\" < " + score_bound(k + 1);
    const Rgb colour = map::score_colour((k + 0.5) / site_score_classes);
    rules.push_back({f + geometry_filter, "score " + score_bound(k) + " \u2013 " + score_bound(k + 1),
                     ranked_symbol(s, colour), s});
  }
  rules.push_back({"\"status\" = 'unranked'" + geometry_filter, "not ranked (missing data)", unranked_symbol(s), s});
  rules.push_back({"\"status\" = 'excluded'" + geometry_filter, "excluded", excluded_symbol(s), s});
  return rules;
}

std::string renderer(const std::vector<Rule>& rules) {
  std::string rule_xml, symbols;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string n = std::to_string(i);
    rule_xml += "      <rule key=\"{oremap-site-rule-" + n + "}\" symbol=\"" + n + "\" filter=\"" +
                xml_attr(rules[i].filter) + "\" label=\"" + xml_attr(rules[i].label) + "\"/>\n";
    symbols += symbol(rules[i].shape == Shape::marker ? "marker" : "fill", n, rules[i].layers);
  }
  // Best rank drawn last (on top); sites without a rank (null) first.
  return "  <renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" enableorderby=\"1\" forceraster=\"0\" "
         "referencescale=\"-1\">\n"
         "    <rules key=\"{oremap-site-rules}\">\n" +
         rule_xml + "    </rules>\n    <symbols>\n" + symbols +
         "    </symbols>\n"
         "    <orderby>\n"
         "      <orderByClause asc=\"0\" nullsFirst=\"1\">&quot;rank&quot;</orderByClause>\n"
         "    </orderby>\n"
         "  </renderer-v2>\n";
}

// A bold dark label over the site's centre, on a white buffer that keeps it legible on any colour.
std::string label_settings(const std::string& field, bool expression) {
  return "        <settings calloutType=\"simple\">\n"
         "          <text-style fieldName=\"" +
         xml_attr(field) + "\" isExpression=\"" + (expression ? "1" : "0") +
         "\" fontFamily=\"Sans Serif\" namedStyle=\"Bold\" fontWeight=\"75\" fontItalic=\"0\" fontSize=\"8\" "
         "fontSizeUnit=\"Point\" textColor=\"" +
         qgis_colour(kInk) +
         "\" textOpacity=\"1\" capitalization=\"0\" multilineHeight=\"1\" blendMode=\"0\" allowHtml=\"0\">\n"
         "            <text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferSizeUnits=\"MM\" "
         "bufferColor=\"255,255,255,255\" bufferOpacity=\"0.85\" bufferNoFill=\"1\" bufferJoinStyle=\"128\" "
         "bufferBlendMode=\"0\"/>\n"
         "          </text-style>\n"
         "          <text-format multilineAlign=\"1\" wrapChar=\"\" autoWrapLength=\"0\"/>\n"
         "          <placement placement=\"1\" quadOffset=\"4\" dist=\"0\" distUnits=\"MM\" offsetType=\"0\" "
         "xOffset=\"0\" yOffset=\"0\" offsetUnits=\"MM\" centroidInside=\"1\" centroidWhole=\"0\" priority=\"5\"/>\n"
         "          <rendering drawLabels=\"1\" displayAll=\"0\" obstacle=\"1\" obstacleFactor=\"1\" "
         "obstacleType=\"1\" "
         "zIndex=\"0\" scaleVisibility=\"0\" labelPerPart=\"0\" mergeLines=\"0\" limitNumLabels=\"0\" "
         "upsidedownLabels=\"0\"/>\n"
         "        </settings>\n";
}

std::string labeling() {
  return "  <labeling type=\"rule-based\">\n"
         "    <rules key=\"{oremap-site-labels}\">\n"
         "      <rule key=\"{oremap-site-label-rank}\" filter=\"&quot;status&quot; = 'ranked'\" "
         "description=\"rank\">\n" +
         label_settings("rank", false) +
         "      </rule>\n"
         "      <rule key=\"{oremap-site-label-unranked}\" filter=\"&quot;status&quot; = 'unranked'\" "
         "description=\"not ranked\">\n" +
         label_settings("'?'", true) +
         "      </rule>\n"
         "    </rules>\n"
         "  </labeling>\n";
}

}  // namespace

std::string site_style_qml(OGRwkbGeometryType geometry) {
  const OGRwkbGeometryType flat = wkbFlatten(geometry);
  std::vector<Rule> rules;
  if (flat == wkbPoint || flat == wkbMultiPoint) {
    rules = rules_for(Shape::marker, "");
  } else if (flat == wkbPolygon || flat == wkbMultiPolygon) {
    rules = rules_for(Shape::fill, "");
  } else {  // QGIS draws a point only with a marker, a polygon only with a fill: one set each
    rules = rules_for(Shape::marker, " AND geometry_type($geometry) = 'Point'");
    for (Rule& r : rules_for(Shape::fill, " AND geometry_type($geometry) = 'Polygon'")) rules.push_back(std::move(r));
  }
  return qml_document("Symbology|Labeling", renderer(rules) + labeling() + "  <blendMode>0</blendMode>\n", true);
}

}  // namespace oremap::sinks::styles
