// [map] keys: defaults, the schema's checks, and the checks read_map_options adds, each with
// the exact message, key and line.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "map_fixture.hpp"
#include "stages/sinks/map/options.hpp"

using namespace oremap;
using namespace oremap::sinks;
using namespace oremap::sinks::map;

namespace {

// The problems of a project whose [map] section is `map` (schema or read_map_options), one per line.
std::string problems(const std::string& map) {
  test::TempDir dir;
  test::MapFixture f(map);
  try {
    const project::Project p = f.load();
    read_map_options(p);
  } catch (const ProjectError& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) {
      std::string line = d.format();
      out += line.substr(line.find("project.toml")) + "\n";
    }
    return out;
  }
  return "";
}

}  // namespace

TEST_CASE("[map] defaults", "[map]") {
  test::MapFixture f("");
  const MapOptions o = read_map_options(f.load());
  CHECK(o.width == 2000);
  CHECK_FALSE(o.height);
  CHECK(o.dpi == 200);
  CHECK(o.formats == std::vector<std::string>{"png", "svg"});
  CHECK(o.top_n == 10);
  CHECK(o.attribution.empty());
  CHECK_FALSE(o.dem);
  // Hatched by default: the layers of [[exclusions]], labelled by the exclusion's id.
  REQUIRE(o.exclusions.size() == 1);
  CHECK(o.exclusions[0].layer == "parks");
  CHECK(o.exclusions[0].label == "in_park");
  CHECK_FALSE(o.exclusions[0].soft);
  CHECK(o.px_per_pt() == Approx(200.0 / 72));
}

TEST_CASE("[map] keys are read", "[map]") {
  test::MapFixture f(
      "[map]\nwidth = 1200\nheight = 900\ndpi = 150\nformats = [\"pdf\"]\ntitle = \"T {commodity}\"\ntop_n = 3\n"
      "boundaries = [\"parks\"]\ninfrastructure = [\"roads\"]\ninfrastructure_classes = { roads = \"motorway\" }\n"
      "exclusions = []\ndem = \"dem\"\nhillshade = 0.3\nrange = [0, 2]\nattribution = \"CC BY\"\n");
  const MapOptions o = read_map_options(f.load());
  CHECK(o.width == 1200);
  CHECK(o.height == 900);
  CHECK(o.dpi == 150);
  CHECK(o.formats == std::vector<std::string>{"pdf"});
  CHECK(map_title(o, "copper") == "T Copper");
  CHECK(o.top_n == 3);
  CHECK(o.boundaries == std::vector<std::string>{"parks"});
  REQUIRE(o.infrastructure_classes.size() == 1);
  CHECK(o.infrastructure_classes[0].second == InfraClass::motorway);
  CHECK(o.exclusions.empty());  // [] turns the default off
  CHECK(o.dem == "dem");
  CHECK(o.hillshade == 0.3);
  CHECK(o.range == std::array<double, 2>{0, 2});
  CHECK(o.attribution == "CC BY");
}

TEST_CASE("the default title names the commodity", "[map]") {
  MapOptions o;
  CHECK(map_title(o, "gold") == "Gold prospectivity and ranked sites");
  o.title = "{commodity} / {commodity}";
  CHECK(map_title(o, "ree") == "REE / REE");  // an acronym
  CHECK(commodity_label("zinc") == "Zinc");
}

TEST_CASE("hatched layers take the buffer and penalty of their exclusion", "[map]") {
  test::MapFixture f("[[exclusions]]\nid = \"near_park\"\nlayer = \"parks\"\ndistance = 2500\npenalty = 0.5\n");
  const MapOptions o = read_map_options(f.load());
  REQUIRE(o.exclusions.size() == 1);
  CHECK(o.exclusions[0].buffer == 2500);
  CHECK(o.exclusions[0].soft);
  CHECK(o.exclusions[0].label == "near_park (penalty 50 %) + 2.5 km");
}

TEST_CASE("[map] problems name the key, the line and the fix", "[map]") {
  // [map] is line 30 of the fixture's file; each problem sits at the value of its key, the column
  // just after "key = ".
  CHECK(problems("[map]\ninfrastructure = [\"dem\"]\n") ==
        "project.toml:31:18: map.infrastructure: 'dem' is a raster layer; only vector layers can be drawn here; "
        "list vector layers; a DEM goes in map.dem\n");
  CHECK(problems("[map]\ninfrastructure = [\"roads\"]\ninfrastructure_classes = { roads = \"highway\" }\n") ==
        "project.toml:32:26: map.infrastructure_classes: unknown class 'highway' for layer 'roads'; use one of: "
        "motorway, road, railway, power, pipeline, port, airport, town, other\n");
  CHECK(problems("[map]\ninfrastructure_classes = { parks = \"road\" }\n") ==
        "project.toml:31:26: map.infrastructure_classes: 'parks' is not listed in map.infrastructure; add it to "
        "map.infrastructure or remove it here\n");
  CHECK(problems("[map]\nrange = [1, 0]\n") ==
        "project.toml:31:9: map.range: needs two numbers [min, max] with min < max; e.g. range = [0, 1]\n");
  CHECK(problems("[map]\nformats = []\n") ==
        "project.toml:31:11: map.formats: no output format; list at least one of \"png\", \"svg\", \"pdf\"\n");
}

TEST_CASE("[map] deposits problems name the commodity, the line and the fix", "[map][deposits]") {
  // [map] is line 30 of the fixture's file; the value of `deposits = { copper = ` starts at column 23.
  CHECK(problems("[map]\ndeposits = { copper = \"nowhere\" }\n") ==
        "project.toml:31:23: map.deposits.copper: unknown layer 'nowhere'; name a point layer of known deposits "
        "declared in [[layers]]\n");
  CHECK(problems("[map]\ndeposits = { copper = \"dem\" }\n") ==
        "project.toml:31:23: map.deposits.copper: 'dem' is a raster layer; known deposits are drawn from a vector "
        "layer; name a point layer of known deposits\n");
  CHECK(problems("[map]\ndeposits = { zinc = \"roads\" }\n") ==
        "project.toml:31:21: map.deposits.zinc: unknown commodity 'zinc'; use copper, gold or ree\n");
}

TEST_CASE("the schema checks [map] types, choices, ranges and ids", "[map]") {
  const std::string out = problems(
      "[map]\nformats = [\"jpg\"]\nwidth = 10\ndem = \"roads\"\nboundaries = [\"nope\"]\n"
      "colour = \"red\"\n");
  CHECK(out.find("map.formats") != std::string::npos);
  CHECK(out.find("unknown value 'jpg'") != std::string::npos);
  CHECK(out.find("map.width") != std::string::npos);
  CHECK(out.find("must be >= 200") != std::string::npos);
  CHECK(out.find("'roads' is a vector layers entry, not usable here") != std::string::npos);
  CHECK(out.find("unknown id 'nope'") != std::string::npos);
  CHECK(out.find("colour") != std::string::npos);
}
