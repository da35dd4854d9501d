// Key declarations (project/schema_builder.hpp): what a declaration states, that readers get its
// default for an absent key, and that the validator enforces its bounds with the same messages.
#include "project/schema_builder.hpp"

#include <toml++/toml.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>

#include "../test_support.hpp"
#include "core/error.hpp"
#include "project/project.hpp"

using namespace oremap;
using namespace oremap::project::declare;
using project::Key;
using project::Ref;
using project::Type;

namespace {

project::Project parse(const oremap::test::TempDir& dir, const std::string& text) {
  return project::parse_project(text, "p.toml", dir.path());
}

// The single diagnostic of a project that must fail.
std::string problem(const oremap::test::TempDir& dir, const std::string& text) {
  try {
    parse(dir, text);
  } catch (const ProjectError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    return e.diagnostics()[0].format();
  }
  FAIL("the project was accepted");
  return "";
}

const std::string kGrid = "[grid]\ncell_size = 1000\nbbox = [60, 23.5, 78, 38]\n";
const std::string kLayers = "\n[[layers]]\nid = \"country\"\npath = \"country.geojson\"\n";

}  // namespace

TEST_CASE("a key declaration states its type, bounds and default", "[schema]") {
  const Key spread = number("spread").above(0).doc("The spread (> 0).");
  CHECK(spread.name == "spread");
  CHECK(spread.type == Type::number);
  CHECK_FALSE(spread.required);
  CHECK(spread.help == "The spread (> 0).");
  CHECK(spread.min == std::optional<double>(0));
  CHECK(spread.min_exclusive);
  CHECK_FALSE(spread.max);
  CHECK(std::holds_alternative<std::monostate>(spread.default_value));
  CHECK(spread.default_text.empty());

  const Key format = text("format").one_of({"cog", "gtiff"}).otherwise("cog");
  CHECK(format.choices == std::vector<std::string>{"cog", "gtiff"});
  CHECK(std::get<std::string>(format.default_value) == "cog");
  CHECK(format.default_text == "\"cog\"");  // the reference writes defaults as TOML

  // otherwise(2000) on an integer key holds an integer; on a number key a double.
  const Key width = integer("width").at_least(200).at_most(20000).otherwise(2000);
  CHECK(std::get<std::int64_t>(width.default_value) == 2000);
  CHECK(width.default_text == "2000");
  CHECK(width.min == std::optional<double>(200));
  CHECK_FALSE(width.min_exclusive);
  CHECK(width.max == std::optional<double>(20000));
  CHECK(std::get<double>(Key(number("block_size").otherwise(50000)).default_value) == 50000.0);
  CHECK(Key(number("hillshade").otherwise(0.6)).default_text == "0.6");
  CHECK(Key(flag("write").otherwise(false)).default_text == "false");
  CHECK(Key(texts("formats").otherwise({"png", "svg"})).default_text == "[\"png\", \"svg\"]");

  // shown_as: a computed default is only described; a value may carry a note.
  const Key height = integer("height").shown_as("from the grid's aspect ratio");
  CHECK(std::holds_alternative<std::monostate>(height.default_value));
  CHECK(height.default_text == "from the grid's aspect ratio");
  const Key crs = text("bbox_crs").otherwise("EPSG:4326").shown_as("\"EPSG:4326\" (lon/lat)");
  CHECK(std::get<std::string>(crs.default_value) == "EPSG:4326");
  CHECK(crs.default_text == "\"EPSG:4326\" (lon/lat)");

  const Key input = text("input").mandatory().refers_to(Ref::layer);
  CHECK(input.required);
  CHECK(input.ref == Ref::layer);
  CHECK(Key(numbers("bbox").items(4)).length == 4);
}

TEST_CASE("a default of the wrong type is a programming error", "[schema]") {
  CHECK_THROWS_AS(text("format").otherwise(1), std::logic_error);
  CHECK_THROWS_AS(integer("width").otherwise(0.5), std::logic_error);
  CHECK_THROWS_AS(number("dpi").otherwise("200"), std::logic_error);
  CHECK_THROWS_AS(flag("write").otherwise("false"), std::logic_error);
}

TEST_CASE("a section declaration holds its keys and kinds", "[schema]") {
  const project::Section s = tables("steps")
                                 .mandatory()
                                 .doc("Steps.")
                                 .keys({text("id").mandatory()})
                                 .kind("log", "ln(x + offset).", {number("offset").otherwise(0)});
  CHECK(s.name == "steps");
  CHECK(s.array);
  CHECK(s.required);
  CHECK(s.help == "Steps.");
  REQUIRE(s.keys.size() == 1);
  REQUIRE(s.kinds.count("log") == 1);
  CHECK(s.kinds.at("log")[0].name == "offset");
  CHECK(s.kind_help.at("log") == "ln(x + offset).");
  CHECK_FALSE(project::Section(table("one")).array);
}

// Defaults are checked by nothing else at run time: each must be a valid value of its own key.
TEST_CASE("every declared default is a valid value of its key", "[schema]") {
  auto check = [](const std::string& where, const Key& k) {
    INFO(where + "." + k.name);
    const auto& v = k.default_value;
    if (std::holds_alternative<std::monostate>(v)) return;
    double number = NAN;
    switch (k.type) {
      case Type::integer:
        REQUIRE(std::holds_alternative<std::int64_t>(v));
        number = double(std::get<std::int64_t>(v));
        break;
      case Type::number:
        REQUIRE(std::holds_alternative<double>(v));
        number = std::get<double>(v);
        break;
      case Type::boolean:
        CHECK(std::holds_alternative<bool>(v));
        break;
      case Type::string:
        REQUIRE(std::holds_alternative<std::string>(v));
        break;
      case Type::string_list:
        REQUIRE(std::holds_alternative<std::vector<std::string>>(v));
        break;
      default:
        FAIL("a default of a type readers cannot return");
    }
    if (!std::isnan(number)) {
      if (k.min) CHECK((k.min_exclusive ? number > *k.min : number >= *k.min));
      if (k.max) CHECK(number <= *k.max);
    }
    auto allowed = [&k](const std::string& s) {
      return k.choices.empty() || std::find(k.choices.begin(), k.choices.end(), s) != k.choices.end();
    };
    if (const auto* s = std::get_if<std::string>(&v)) CHECK(allowed(*s));
    if (const auto* list = std::get_if<std::vector<std::string>>(&v))
      for (const auto& s : *list) CHECK(allowed(s));
    CHECK_FALSE(k.default_text.empty());
  };
  int defaults = 0;
  for (const auto& s : project::project_schema()) {
    for (const auto& k : s.keys) check(s.name, k), defaults += !std::holds_alternative<std::monostate>(k.default_value);
    for (const auto& [kind, keys] : s.kinds)
      for (const auto& k : keys)
        check(s.name + "/" + kind, k), defaults += !std::holds_alternative<std::monostate>(k.default_value);
  }
  CHECK(defaults > 40);
}

TEST_CASE("readers get the declared default of an absent key", "[schema]") {
  oremap::test::TempDir dir;
  oremap::test::write_text_file(dir.file("country.geojson"), R"({"type": "FeatureCollection", "features": []})");
  const project::Project p = parse(dir, kGrid + kLayers +
                                            "\n[[evidence]]\nid = \"cu\"\nkind = \"interpolate\"\ninput = \"country\"\n"
                                            "field = \"cu_ppm\"\n\n[map]\ndpi = 300\n");
  // A table of the file: absent keys read as declared, given ones as written.
  REQUIRE(p.map);
  CHECK(p.map->num("width") == 2000);
  CHECK(p.map->num("dpi") == 300);
  CHECK(p.map->strs("formats") == std::vector<std::string>{"png", "svg"});
  CHECK(p.map->str("title").empty());  // described, not a value: the reader computes it
  // A kind's keys: evidence kind interpolate.
  REQUIRE(p.evidence.size() == 1);
  CHECK(p.evidence[0].str("method") == "invdist");
  CHECK(p.evidence[0].num("power") == 2);
  CHECK(p.evidence[0].num("min_points") == 0);
  CHECK_FALSE(p.evidence[0].flag("write"));
  // A section the file leaves out reads as its defaults.
  CHECK_FALSE(p.report);
  CHECK(p.table_or_defaults("report").num("block_size") == 50000);
  CHECK(p.table_or_defaults("report").integer("seed") == 42);
  CHECK(p.table_or_defaults("outputs").str("compression") == "zstd");
  CHECK(p.table_or_defaults("outputs").num("compression_level") == 0);  // described only: none given
  CHECK(p.table_or_defaults("viewer").str("title", "fallback") == "fallback");
  // The project's own tables.
  CHECK(p.grid.bbox_crs == "EPSG:4326");
  CHECK(p.grid.buffer == 0);
  CHECK(p.layers[0].band == 1);
  CHECK(p.layers[0].resampling == "nearest");
  CHECK(p.output_dir == dir.path() / "output");
}

TEST_CASE("declared bounds reject out-of-range values with the validator's messages", "[schema]") {
  oremap::test::TempDir dir;
  oremap::test::write_text_file(dir.file("country.geojson"), R"({"type": "FeatureCollection", "features": []})");
  CHECK(problem(dir, kGrid + "\n[map]\nwidth = 100\n" + kLayers) ==
        "p.toml:6:9: map.width: must be >= 200 (got 100); Page width in pixels of the PNG (SVG and PDF: the same "
        "size at `dpi`).");
  CHECK(problem(dir, kGrid + "\n[report]\nholdout = 0\n" + kLayers) ==
        "p.toml:6:11: report.holdout: must be > 0 (got 0); Share of deposit cells held out (seeded random) for the "
        "prediction-rate curve; data-driven models are refitted on the rest.");
  CHECK(problem(dir, kGrid + "\n[outputs]\nformat = \"cgo\"\n" + kLayers) ==
        "p.toml:6:10: outputs.format: unknown value 'cgo'; did you mean 'cog'?; use one of: cog, gtiff");
}
