// Knowledge-driven models end to end: weighted overlay (weights normalised and reported,
// constraints forcing 0 or nodata) and fuzzy overlay over several inputs, read back from the
// written COGs and compared with hand-computed literals.
#include <catch2/catch.hpp>
#include <cmath>

#include "../stage_fixture.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

const double nd = std::nan("");  // nodata

// 3 x 2 cells of 100 m; values listed row by row.
const Grid kGrid = make_grid(32642, 500000, 3000200, 100, 3, 2);
const std::vector<double> kA = {1.0, 0.8, 0.6, 0.4, 0.2, 0.0};
const std::vector<double> kB = {0.0, 0.5, 1.0, 0.5, 0.0, 0.5};
const std::vector<double> kC = {0.2, 0.2, 0.2, 0.8, 0.8, 0.8};
const std::vector<double> kProtected = {0, 1, 0, 0, 0.5, 0};  // cells 1 and 4 are > 0: restricted

const std::string kProject = grid_toml(500000, 3000000, 100, 3, 2) + R"(
[[layers]]
id = "a"
path = "a.tif"

[[layers]]
id = "b"
path = "b.tif"

[[layers]]
id = "c"
path = "c.tif"

[[layers]]
id = "protected"
path = "protected.tif"

[[models]]
id = "free"
commodity = "copper"
kind = "weighted"
inputs = ["a", "b", "c"]
weights = [2, 1, 1]

[[models]]
id = "restricted_zero"
commodity = "copper"
kind = "weighted"
inputs = ["a", "b", "c"]
weights = [2, 1, 1]
constraints = ["protected"]

[[models]]
id = "restricted_nodata"
commodity = "copper"
kind = "weighted"
inputs = ["a", "b", "c"]
weights = [2, 1, 1]
constraints = ["protected"]
restricted = "nodata"

[[models]]
id = "gamma"
commodity = "gold"
kind = "fuzzy"
inputs = ["a", "b"]
operator = "gamma"
gamma = 0.5

[[models]]
id = "and3"
commodity = "gold"
kind = "fuzzy"
inputs = ["a", "b", "c"]
operator = "and"

[[models]]
id = "or3"
commodity = "gold"
kind = "fuzzy"
inputs = ["a", "b", "c"]
operator = "or"
)";

std::string metadata(const fs::path& cog, const char* key) {
  const auto dataset = open_raster_file(cog);  // the item lives as long as the dataset
  const char* v = dataset->GetMetadataItem(key);
  return v ? v : "(missing)";
}

}  // namespace

TEST_CASE("weighted overlay normalises weights and applies constraints; fuzzy overlay combines any inputs",
          "[stages][overlay]") {
  TempDir dir;
  write_grid_raster(dir.path() / "a.tif", kGrid, kA);
  write_grid_raster(dir.path() / "b.tif", kGrid, kB);
  write_grid_raster(dir.path() / "c.tif", kGrid, kC);
  write_grid_raster(dir.path() / "protected.tif", kGrid, kProtected);
  StageRun run(dir.path(), kProject);
  run.run();

  struct Expected {
    const char* id;
    std::vector<double> values;
  };
  const std::vector<Expected> table = {
      // weights [2, 1, 1] / 4 = 0.5, 0.25, 0.25: 0.5 a + 0.25 b + 0.25 c
      //   cell 0: 0.5 + 0 + 0.05 = 0.55       cell 1: 0.4 + 0.125 + 0.05 = 0.575
      //   cell 2: 0.3 + 0.25 + 0.05 = 0.6     cell 3: 0.2 + 0.125 + 0.2 = 0.525
      //   cell 4: 0.1 + 0 + 0.2 = 0.3         cell 5: 0 + 0.125 + 0.2 = 0.325
      {"free", {0.55, 0.575, 0.6, 0.525, 0.3, 0.325}},
      {"restricted_zero", {0.55, 0, 0.6, 0.525, 0, 0.325}},
      {"restricted_nodata", {0.55, nd, 0.6, 0.525, nd, 0.325}},
      // gamma 0.5: sqrt(SUM * PRODUCT), SUM = 1 - (1-a)(1-b), PRODUCT = ab
      //   cell 1: SUM 1 - 0.2 * 0.5 = 0.9, PRODUCT 0.4 -> sqrt(0.36) = 0.6
      //   cell 2: SUM 1, PRODUCT 0.6 -> sqrt(0.6); cell 3: SUM 1 - 0.6 * 0.5 = 0.7, PRODUCT 0.2 -> sqrt(0.14)
      //   cells 0, 4, 5: PRODUCT 0 -> 0
      {"gamma", {0, 0.6, std::sqrt(0.6), std::sqrt(0.14), 0, 0}},
      {"and3", {0, 0.2, 0.2, 0.4, 0, 0}},   // minimum of a, b, c
      {"or3", {1, 0.8, 1, 0.8, 0.8, 0.8}},  // maximum of a, b, c
  };
  for (const auto& e : table) {
    INFO("model " << e.id);
    const RasterData cog = read_raster(run.output(std::string(e.id) + ".tif"));
    REQUIRE(cog.values.size() == e.values.size());
    for (std::size_t i = 0; i < e.values.size(); ++i) {
      INFO("cell " << i);
      if (std::isnan(e.values[i]))
        CHECK(std::isnan(cog.values[i]));
      else
        CHECK(cog.values[i] == Approx(e.values[i]).margin(1e-6));
    }
  }

  // The normalised weights are reported in the log and recorded in the COG.
  CHECK_THAT(run.log(), Catch::Contains("model free: normalised weights a 0.5, b 0.25, c 0.25"));
  CHECK(metadata(run.output("free.tif"), "OREMAP_WEIGHTS_NORMALISED") == "0.5,0.25,0.25");
  CHECK(metadata(run.output("restricted_nodata.tif"), "OREMAP_RESTRICTED") == "nodata");
  CHECK(metadata(run.output("gamma.tif"), "OREMAP_OPERATOR") == "gamma");
  CHECK(metadata(run.output("gamma.tif"), "OREMAP_GAMMA") == "0.500000");
  CHECK(metadata(run.output("gamma.tif"), "OREMAP_INPUTS") == "a,b");
}

TEST_CASE("an overlay names an evidence raster that is constant or has no data in the study area",
          "[stages][overlay][messages]") {
  TempDir dir;
  write_grid_raster(dir.path() / "a.tif", kGrid, kA);
  write_grid_raster(dir.path() / "k.tif", kGrid, std::vector<double>(6, 0.0));         // every cell 0
  write_grid_raster(dir.path() / "n.tif", kGrid, std::vector<double>(6, -1.0), -1.0);  // all nodata
  StageRun run(dir.path(), grid_toml(500000, 3000000, 100, 3, 2) + R"(
[[layers]]
id = "a"
path = "a.tif"

[[layers]]
id = "k"
path = "k.tif"

[[layers]]
id = "n"
path = "n.tif"

[[models]]
id = "w"
commodity = "copper"
kind = "fuzzy"
operator = "or"
inputs = ["a", "k", "n"]
)");
  run.run();
  CHECK_THAT(run.log(), Catch::Contains("model 'w': evidence 'k' is constant (0) in all 6 cells with data"));
  CHECK_THAT(run.log(), Catch::Contains("model 'w': evidence 'n' has no data inside the study area"));
  CHECK(run.log().find("evidence 'a'") == std::string::npos);  // a varies: nothing to say
}
