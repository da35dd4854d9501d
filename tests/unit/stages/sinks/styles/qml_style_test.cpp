// The QGIS styles as text: well-formed XML (xmllint), the raster ramp's stops, and the site
// layer's rules for points, polygons and layers of either.
#include <catch2/catch.hpp>

#include "../../../test_support.hpp"
#include "stages/sinks/map/colour.hpp"
#include "stages/sinks/styles/qml.hpp"
#include "stages/sinks/styles/raster_style.hpp"
#include "stages/sinks/styles/site_style.hpp"

using namespace oremap;
using namespace oremap::sinks::styles;
namespace fs = std::filesystem;

namespace {

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

void check_well_formed(const std::string& qml) {
  if (test::run_command("command -v xmllint").exit_code != 0) {
    WARN("xmllint missing: the .qml was not checked as XML");
    return;
  }
  test::TempDir dir;
  test::write_text_file(dir.file("style.qml"), qml);
  const test::CommandResult r = test::run_command("xmllint --noout " + test::shell_quote(dir.file("style.qml")));
  INFO(r.err);
  CHECK(r.exit_code == 0);
}

}  // namespace

TEST_CASE("qml helpers: escaped attributes, QGIS colours, properties as <Option> and <prop>", "[styles]") {
  CHECK(xml_attr("\"a\" < 'b' & c>") == "&quot;a&quot; &lt; &#39;b&#39; &amp; c&gt;");
  CHECK(qgis_colour({68, 1, 84}) == "68,1,84,255");
  CHECK(qgis_colour({68, 1, 84}, 200) == "68,1,84,200");
  CHECK(hex_colour({253, 231, 37}) == "#fde725");
  const std::string layer = symbol_layer("SimpleMarker", {{"name", "circle"}});
  CHECK_THAT(layer, Catch::Contains("<Option type=\"QString\" name=\"name\" value=\"circle\"/>"));
  CHECK_THAT(layer, Catch::Contains("<prop k=\"name\" v=\"circle\"/>"));
}

TEST_CASE("raster style: 16 interpolated viridis stops from the range's bottom to its top", "[styles]") {
  // [0, 0.015]: stop k at 0.015 * k / 15 = 0.001 * k, coloured viridis_entry(17 k).
  const std::string qml = raster_style_qml({0, 0.015});
  check_well_formed(qml);
  CHECK(qml.rfind("<!DOCTYPE qgis", 0) == 0);
  CHECK_THAT(qml, Catch::Contains("classificationMin=\"0\" classificationMax=\"0.015\""));
  CHECK_THAT(qml, Catch::Contains("<limits>None</limits>"));
  CHECK(count(qml, "<item ") == raster_ramp_stops);
  CHECK_THAT(qml, Catch::Contains("<item alpha=\"255\" value=\"0\" label=\"0\" color=\"#440154\"/>"));
  CHECK_THAT(qml, Catch::Contains("<item alpha=\"255\" value=\"0.015\" label=\"0.015\" color=\"#fde725\"/>"));
  const sinks::Rgb e17 = sinks::viridis_entry(17);
  CHECK_THAT(qml, Catch::Contains("value=\"0.001\" label=\"0.001\" color=\"" + hex_colour(e17) + "\""));
  CHECK(style_path("out/cu_model.tif") == fs::path("out/cu_model.qml"));
}

TEST_CASE("site style: one rule per score class, unranked and excluded, for each geometry", "[styles]") {
  const std::string points = site_style_qml(wkbPoint);
  const std::string polygons = site_style_qml(wkbMultiPolygon);
  const std::string either = site_style_qml(wkbUnknown);
  for (const std::string* qml : {&points, &polygons, &either}) {
    check_well_formed(*qml);
    CHECK_THAT(*qml, Catch::Contains("<renderer-v2 type=\"RuleRenderer\""));
    CHECK_THAT(*qml, Catch::Contains("labelsEnabled=\"1\""));
    CHECK_THAT(*qml, Catch::Contains("<labeling type=\"rule-based\">"));
    CHECK_THAT(*qml, Catch::Contains("fieldName=\"rank\" isExpression=\"0\""));
    CHECK_THAT(*qml, Catch::Contains("fieldName=\"&#39;?&#39;\" isExpression=\"1\""));
    CHECK_THAT(*qml, Catch::Contains("<orderByClause asc=\"0\" nullsFirst=\"1\">&quot;rank&quot;</orderByClause>"));
    // The best class's and the lowest class's filters.
    CHECK_THAT(*qml, Catch::Contains("filter=\"&quot;status&quot; = &#39;ranked&#39; AND &quot;score&quot; &gt;= 0.8"));
    CHECK_THAT(*qml, Catch::Contains("&quot;score&quot; &lt; 0.2"));
  }
  CHECK(count(points, "<rule key=\"{oremap-site-rule-") == site_score_classes + 2);
  CHECK(count(points, "class=\"SimpleMarker\"") == site_score_classes + 1 + 2);  // the cross: halo and line
  CHECK(count(points, "class=\"SimpleFill\"") == 0);
  // The best class in the map's score colour at its middle, 0.9.
  CHECK_THAT(points, Catch::Contains("value=\"" + qgis_colour(sinks::map::score_colour(0.9)) + "\""));
  CHECK_THAT(points, Catch::Contains("name=\"outline_style\" value=\"dash\""));
  CHECK_THAT(points, Catch::Contains("name=\"name\" value=\"cross2\""));
  CHECK(count(polygons, "class=\"SimpleMarker\"") == 0);
  CHECK(count(polygons, "class=\"SimpleFill\"") == site_score_classes + 2);
  CHECK_THAT(polygons, Catch::Contains("name=\"style\" value=\"diagonal_x\""));
  CHECK(count(either, "<rule key=\"{oremap-site-rule-") == 2 * (site_score_classes + 2));
  CHECK(count(either, "geometry_type($geometry) = &#39;Point&#39;") == site_score_classes + 2);
  CHECK(count(either, "geometry_type($geometry) = &#39;Polygon&#39;") == site_score_classes + 2);
}
