// Site-scoring rules the schema cannot express, and problems only the data reveals: all
// reported at once, each at the file:line:column of the value at fault (or of its table), before any computation.
#include "stages/sites/site_config.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "scoring_fixture.hpp"
#include "stages/sites/site_inputs.hpp"
#include "stages/sites/site_scoring.hpp"

using namespace oremap;
using namespace oremap::sites;

namespace {

std::ostringstream sink;
Log quiet_log(sink, Verbosity::quiet);

// Line (1-based) of the n-th (0-based) occurrence of `header` in `text`.
int line_of(const std::string& text, const std::string& header, int n = 0) {
  std::size_t at = 0;
  for (int i = 0; i <= n; ++i) at = text.find(header, i ? at + 1 : 0);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

const std::string kLayers = R"(
[grid]
crs = "EPSG:32642"
cell_size = 1000
bbox = [400000, 3000000, 460000, 3040000]
bbox_crs = "EPSG:32642"

[[layers]]
id = "sites"
path = "sites.geojson"
crs = "EPSG:32642"

[[layers]]
id = "roads"
path = "roads.geojson"
crs = "EPSG:32642"

[[layers]]
id = "regions"
path = "regions.geojson"
crs = "EPSG:32642"
)";

std::vector<std::string> messages(const ProjectError& e) {
  std::vector<std::string> out;
  for (const auto& d : e.diagnostics()) out.push_back(d.format());
  return out;
}

}  // namespace

TEST_CASE("site tables: every rule problem reported at once with file:line:column", "[sites]") {
  test::ScoringFixture f;
  const std::string text = kLayers + R"(
[sites]
layer = "sites"
commodity = "copper"
commodities = { gold = "au = 1" }

[[criteria]]
id = "both"
kind = "distance"
layer = "roads"
weight = 1
bounds = [0, 10]
function = "linear"
min = 0
max = 1

[[criteria]]
id = "equal"
kind = "distance"
layer = "roads"
weight = 1
bounds = [5, 5]

[[criteria]]
id = "wrong_param"
kind = "region"
layer = "regions"
field = "score"
default = 0
weight = 1
function = "gaussian"
min = 3

[[criteria]]
id = "percentile_unused"
kind = "zonal"
raster = "nowhere"
statistic = "mean"
percentile = 50
commodities = ["ree"]
weight = 0
bounds = [0, 1]
)";
  test::write_text_file(f.dir.file("bad.toml"), text);
  const std::string file = f.dir.file("bad.toml");
  project::Project p = project::load_project(file);
  std::vector<Diagnostic> problems;
  read_site_config(p, problems);
  std::vector<std::string> got;
  for (const auto& d : problems) got.push_back(d.format());
  // Each problem sits at the value of the key at fault: the line holding `line`, the column just
  // after "key = ".
  auto at = [&](const std::string& line, const std::string& key) {
    return file + ":" + std::to_string(line_of(text, line)) + ":" + std::to_string(key.size() + 4) + ": ";
  };
  CHECK(got == std::vector<std::string>{
                   at("commodities = { gold", "commodities") +
                       "sites: both commodity and commodities are set; give commodity = \"copper\" (every site) "
                       "or commodities = { copper = \"cu_listed = 1\", ... }",
                   at("function = \"linear\"", "function") +
                       "criteria[0]: both bounds and function are set; give exactly one: bounds = [a, b] with "
                       "better = \"lower\"|\"higher\", or a fuzzy function",
                   at("bounds = [5, 5]", "bounds") +
                       "criteria[1].bounds: the two bounds are equal (5); give two different raw values, e.g. "
                       "bounds = [0, 50000]",
                   at("function = \"gaussian\"", "function") +
                       "criteria[2].function: gaussian: unknown parameter 'min'; use midpoint, spread; see "
                       "docs/sites.md for each function's parameters",
                   at("percentile = 50", "percentile") +
                       "criteria[3].percentile: 'percentile' is set but statistic is \"mean\"; set statistic = "
                       "\"percentile\" or remove percentile",
                   at("raster = \"nowhere\"", "raster") +
                       "criteria[3].raster: unknown raster 'nowhere'; refer to a raster layer, an evidence step, "
                       "a model, or \"prospectivity\" (the model of the site's commodity)",
               });
}

TEST_CASE("site tables: weights of a commodity must not sum to 0", "[sites]") {
  test::ScoringFixture f;
  const std::string text = kLayers + R"(
[sites]
layer = "sites"
commodity = "gold"

[[criteria]]
id = "road"
kind = "distance"
layer = "roads"
weight = 0
bounds = [0, 10]
)";
  test::write_text_file(f.dir.file("zero.toml"), text);
  project::Project p = project::load_project(f.dir.file("zero.toml"));
  std::vector<Diagnostic> problems;
  read_site_config(p, problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].line == line_of(text, "[sites]"));
  CHECK(problems[0].message == "the weights of the criteria for gold sum to 0");
}

TEST_CASE("site data problems: fields, filters and missing models, all at once", "[sites]") {
  test::ScoringFixture f;
  const std::string text = kLayers + R"(
[sites]
layer = "sites"
id_field = "site_idd"
name_field = "title"
commodities = { copper = "cu = = 1", gold = "au = 1" }

[[criteria]]
id = "gov"
kind = "region"
layer = "regions"
field = "name"
default = 0
weight = 1
bounds = [0, 50]

[[criteria]]
id = "road"
kind = "distance"
layer = "roads"
name_field = "ref"
weight = 1
bounds = [0, 10]

[[criteria]]
id = "prosp"
kind = "zonal"
raster = "prospectivity"
weight = 1
bounds = [0, 1]
)";
  test::write_text_file(f.dir.file("data.toml"), text);
  project::Project p = project::load_project(f.dir.file("data.toml"));
  RunContext ctx(p, f.grid, quiet_log);  // no models computed
  test::QuietGdalErrors quiet;
  try {
    compute_site_scores(ctx);
    FAIL("expected a ProjectError");
  } catch (const ProjectError& e) {
    std::vector<std::string> got = messages(e);
    REQUIRE(got.size() == 7);
    CHECK_THAT(got[0], Catch::Matchers::Contains("sites.id_field: layer 'sites' has no field 'site_idd'; did you mean "
                                                 "'site_id'?; use one of: site_id, name, cu, au"));
    CHECK_THAT(got[1], Catch::Matchers::Contains("sites.name_field: layer 'sites' has no field 'title'"));
    CHECK_THAT(got[2], Catch::Matchers::Contains("sites.commodities.copper: invalid filter \"cu = = 1\""));
    CHECK_THAT(got[3], Catch::Matchers::Contains("criteria[0].field: field 'name' of layer 'regions' is String, not "
                                                 "numeric; choose a numeric (Integer or Real) field"));
    CHECK_THAT(got[4], Catch::Matchers::Contains("criteria[1].name_field: layer 'roads' has no field 'ref'"));
    CHECK_THAT(got[5], Catch::Matchers::Contains("criteria[2].raster: criterion 'prosp' needs the copper "
                                                 "prospectivity, but no copper model has been computed in this run"));
    CHECK_THAT(got[6], Catch::Matchers::Contains("needs the gold prospectivity"));
    // Each at the value at fault: (line holding it, column just after "key = ").
    const std::string file = f.dir.file("data.toml");
    auto at = [&](const std::string& line, int column) {
      return file + ":" + std::to_string(line_of(text, line)) + ":" + std::to_string(column) + ": ";
    };
    CHECK_THAT(got[0], Catch::Matchers::StartsWith(at("id_field = \"site_idd\"", 12)));
    CHECK_THAT(got[1], Catch::Matchers::StartsWith(at("name_field = \"title\"", 14)));
    CHECK_THAT(got[2], Catch::Matchers::StartsWith(at("commodities = {", 26)));  // at "cu = = 1"
    CHECK_THAT(got[3], Catch::Matchers::StartsWith(at("field = \"name\"", 9)));
    CHECK_THAT(got[4], Catch::Matchers::StartsWith(at("name_field = \"ref\"", 14)));
    CHECK_THAT(got[5], Catch::Matchers::StartsWith(at("raster = \"prospectivity\"", 10)));
    CHECK(e.code() == ExitCode::project);
  }
}

TEST_CASE("a criterion transform: linear bounds either way, or a fuzzy function", "[sites]") {
  Transform lower = Transform::bounds(0, 40000, false);
  CHECK(lower(10000) == Approx(0.75));
  CHECK(lower(-5) == 1.0);     // clamped
  CHECK(lower(50000) == 0.0);  // clamped
  Transform higher = Transform::bounds(0, 50, true);
  CHECK(higher(40) == Approx(0.8));
  CHECK(std::isnan(higher(std::nan(""))));
  // ArcGIS Small: 1 / (1 + (x / m)^s); at x = m it is 0.5; x = 2m, s = 2: 1 / 5.
  Transform small =
      Transform::fuzzy(algo::FuzzyFunction::from_name("small", {{"midpoint", 1000}, {"spread", 2}}), "small");
  CHECK(small(1000) == Approx(0.5));
  CHECK(small(2000) == Approx(0.2));
  CHECK(lower.describe() == "bounds [0, 40000], lower is better");
  CHECK(small.describe() == "fuzzy small(midpoint=1000, spread=2)");
}

TEST_CASE("tie-break order of site ids: numbers by value, then text", "[sites]") {
  CHECK(tie_break_order({"10", "9", "b", "a", "9"}) == std::vector<std::size_t>{2, 0, 4, 3, 1});
}

TEST_CASE("tie-break order of site ids: up to 18 digits by value, longer digit strings as text", "[sites]") {
  // Numbers first: "7" and "007" (both 7, so input order), then "100000000000000000" (18 digits).
  // Then text in byte order: "10a" < "2000000000000000000" (19 digits: text, not a number, so
  // after "10a") < "b". Sorted: 3, 5, 2, 4, 1, 0; each id's position in that order:
  const std::vector<std::string> ids = {"b", "2000000000000000000", "100000000000000000", "7", "10a", "007"};
  CHECK(tie_break_order(ids) == std::vector<std::size_t>{5, 4, 2, 0, 3, 1});
}

TEST_CASE("[sites] seed is read exactly, draws is bounded", "[sites]") {
  test::ScoringFixture f;
  auto sites_text = [&](const std::string& extra) {
    return kLayers + R"(
[sites]
layer = "sites"
commodity = "copper"
)" + extra +
           R"(
[[criteria]]
id = "road"
kind = "distance"
layer = "roads"
weight = 1
bounds = [0, 10]
)";
  };
  test::write_text_file(f.dir.file("seed.toml"), sites_text("seed = 9007199254740992\ndraws = 1000000\n"));
  project::Project p = project::load_project(f.dir.file("seed.toml"));
  std::vector<Diagnostic> problems;
  SiteConfig cfg = read_site_config(p, problems);
  CHECK(problems.empty());
  CHECK(cfg.seed == 9007199254740992ULL);  // 2^53
  CHECK(cfg.draws == 1000000);
  // 2^53 + 1 and 2^63 - 1 have no double: read through one they would be lost (toml++ gives no
  // double for them, so the fallback 42 came back). Set in the validated table directly, since
  // the validator itself reads integers as doubles.
  for (std::int64_t seed : {std::int64_t{9007199254740993}, std::int64_t{9223372036854775807}}) {
    auto table = std::make_shared<toml::table>(*p.sites->table);
    table->insert_or_assign("seed", seed);
    p.sites->table = table;
    problems.clear();
    CHECK(read_site_config(p, problems).seed == static_cast<std::uint64_t>(seed));
    CHECK(problems.empty());
  }
  // INT_MAX + 1 draws (or top_k) would overflow the int it is read into: refused by the schema.
  for (const std::string key : {"draws", "top_k"}) {
    const std::string text = sites_text(key + " = 2147483648\n");
    test::write_text_file(f.dir.file("big.toml"), text);
    try {
      project::load_project(f.dir.file("big.toml"));
      FAIL("expected a ProjectError");
    } catch (const ProjectError& e) {
      REQUIRE(e.diagnostics().size() == 1);
      CHECK(e.diagnostics()[0].key == "sites." + key);
      CHECK(e.diagnostics()[0].message.rfind("must be <= 1000000 (got 2147483648)", 0) == 0);
      CHECK(e.diagnostics()[0].line == line_of(text, key + " ="));
    }
  }
}
