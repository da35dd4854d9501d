// The boosted-trees model (XGBoost) end to end: one tree worked by hand on a 10 x 10 grid, the
// importance table, nodata, identical bytes for 1 and 2 threads, random forest against boosting,
// and the hold-out and spatial cross-validation refits.
#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "../stage_fixture.hpp"
#include "stages/validation/model_validation.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

// Evidence s: 1 in rows 0-1 (20 cells), 0 below. Evidence u: 5 everywhere (nothing to split on)
// but nodata at (9, 9). Four deposits, all where s = 1.
void write_separable(const TempDir& dir) {
  std::vector<double> s, u;
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c) {
      s.push_back(r < 2 ? 1 : 0);
      u.push_back(r == 9 && c == 9 ? -9999 : 5);
    }
  write_grid_raster(dir.path() / "s.tif", kTenGrid, s);
  write_grid_raster(dir.path() / "u.tif", kTenGrid, u, -9999.0);
  write_text_file(
      dir.path() / "deposits.geojson",
      feature_collection(
          {{ten_centre(0, 2), ""}, {ten_centre(1, 5), ""}, {ten_centre(1, 8), ""}, {ten_centre(0, 7), ""}}));
}

const std::string kSeparable = grid_toml(500000, 3000000, 1000, 10, 10) + R"(
[[layers]]
id = "s"
path = "s.tif"

[[layers]]
id = "u"
path = "u.tif"

[[layers]]
id = "deposits"
path = "deposits.geojson"
crs = "EPSG:32642"
)";

std::string trees_model(const std::string& id, const std::string& keys) {
  return "\n[[models]]\nid = \"" + id +
         "\"\ncommodity = \"copper\"\nkind = \"boosted_trees\"\ninputs = [\"s\", \"u\"]\ndeposits = \"deposits\"\n" +
         keys;
}

double sigmoid(double margin) { return 1 / (1 + std::exp(-margin)); }

// Lines of a text file, comment lines included.
std::vector<std::string> lines_of(const fs::path& path) {
  std::vector<std::string> out;
  std::istringstream in(read_text_file(path));
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("boosted trees: one tree of depth 1 by hand; nodata stays nodata; importance per input",
          "[stages][boosted_trees]") {
  TempDir dir;
  write_separable(dir);
  // background = 1000 > the 95 non-deposit cells with data: the sample is all of them.
  StageRun run(dir.path(), kSeparable + trees_model("cu_trees",
                                                    "background = 1000\ntrees = 1\nmax_depth = 1\n"
                                                    "learning_rate = 1\n"));
  run.run();
  // binary:logistic from the sample's share of deposits, q = 4/99 (4 deposit cells of weight 1,
  // 95 background cells): each row has gradient q - y and hessian q (1 - q) = 380/9801. The one
  // split is on s (u is constant); a leaf's value is -G / (H + lambda), lambda = 1:
  //   s = 1: 16 background, 4 deposits: G = 20q - 4 = -316/99, H = 20 x 380/9801 = 7600/9801
  //          -> 316/99 / (17401/9801) = 31284/17401
  //   s = 0: 79 background ((9, 9) has no u): G = 79q = 316/99, H = 30020/9801
  //          -> -316/99 / (39821/9801) = -31284/39821
  // and p = sigmoid(logit(q) + leaf), logit(q) = ln(4/95).
  const double start = std::log(4.0 / 95);
  const RasterData p = read_raster(run.output("cu_trees.tif"));
  CHECK(p.at(0, 0) == Approx(sigmoid(start + 31284.0 / 17401)).epsilon(1e-5));  // 0.202659
  CHECK(p.at(1, 5) == Approx(sigmoid(start + 31284.0 / 17401)).epsilon(1e-5));  // a deposit cell
  CHECK(p.at(5, 5) == Approx(sigmoid(start - 31284.0 / 39821)).epsilon(1e-5));  // 0.018832
  CHECK(p.at(9, 8) == Approx(sigmoid(start - 31284.0 / 39821)).epsilon(1e-5));
  CHECK(std::isnan(p.at(9, 9)));  // nodata in u
  // The split's gain, XGBoost's loss change G_L^2/(H_L + 1) + G_R^2/(H_R + 1) - G^2/(H + 1), with
  // G = 0 at the root: (316/99)^2 (9801/17401 + 9801/39821) = 316^2 (1/17401 + 1/39821) = 8.246142
  const auto csv = lines_of(run.output("cu_trees_importance.csv"));
  REQUIRE(csv.size() == 3);  // one plain table: the sample's size is a column, not a comment line
  CHECK(csv[0] == "input,total_gain,gain,splits,share_of_gain,deposit_cells,background_cells");
  CHECK(csv[1].rfind("s,", 0) == 0);
  std::istringstream row(csv[1].substr(2));
  double total = 0, mean = 0, splits = 0, share = 0;
  char comma = 0;
  row >> total >> comma >> mean >> comma >> splits >> comma >> share;
  CHECK(total == Approx(316.0 * 316 * (1.0 / 17401 + 1.0 / 39821)).epsilon(1e-5));
  CHECK(mean == Approx(total));  // one split
  CHECK(splits == 1);
  CHECK(share == 1);
  CHECK_THAT(csv[1], Catch::EndsWith(",4,95"));  // 4 deposit cells, 95 background cells
  CHECK(csv[2] == "u,0,0,0,0,4,95");             // never split on: listed, with 0
  const gdal::DatasetPtr ds = gdal::open_dataset(run.output("cu_trees.tif").string(), GDAL_OF_RASTER);
  CHECK_THAT(std::string(ds->GetMetadataItem("OREMAP_IMPORTANCE_TOTAL_GAIN")), Catch::EndsWith(",u:0"));
  CHECK(std::string(ds->GetMetadataItem("OREMAP_MODE")) == "boosting");
}

TEST_CASE("boosted trees: more rounds still rank the deposits' pattern first", "[stages][boosted_trees]") {
  TempDir dir;
  write_separable(dir);
  StageRun run(dir.path(), kSeparable + trees_model("cu_trees", "background = 1000\n") +
                               trees_model("cu_forest", "background = 1000\nmode = \"random_forest\"\n"));
  run.run();
  for (const char* id : {"cu_trees", "cu_forest"}) {
    INFO(id);
    const RasterData p = read_raster(run.output(std::string(id) + ".tif"));
    // Only s varies, so every tree splits on it alone: one value in each half.
    for (int r = 0; r < 10; ++r)
      for (int c = 0; c < 10; ++c) {
        if (r == 9 && c == 9) continue;
        CHECK(p.at(r, c) == p.at(r < 2 ? 0 : 5, 0));
      }
    CHECK(p.at(0, 0) > p.at(5, 0));
    CHECK(p.at(0, 0) < 1);
    CHECK(p.at(5, 0) > 0);
  }
  // A forest averages trees grown on random rows; boosting adds corrections: other numbers.
  CHECK(read_raster(run.output("cu_trees.tif")).at(0, 0) != read_raster(run.output("cu_forest.tif")).at(0, 0));
}

namespace {

// 40 x 600 cells (three strips of 256 rows): two smooth inputs and one of noise, deposits where
// a hidden score of the first two is high, so the trees have several splits to choose among.
const Grid kTall = make_grid(32642, 500000, 3600000, 1000, 40, 600);

void write_tall(const TempDir& dir) {
  std::vector<double> a, b, n;
  std::vector<Feature> deposits;
  for (int r = 0; r < 600; ++r)
    for (int c = 0; c < 40; ++c) {
      a.push_back(std::sin(r / 37.0) + 0.3 * std::cos(c / 5.0));
      b.push_back(std::cos(r / 23.0 + c / 11.0));
      n.push_back(std::fmod((r * 7919 + c * 104729) % 1000 / 1000.0 + 0.123, 1.0));
      const bool mask_hole = r % 97 == 5 && c % 13 == 3;
      if (mask_hole) n.back() = -9999;
      if ((r * 31 + c * 17) % 29 == 0 && a.back() + b.back() > 1.2)
        deposits.push_back({geo_point(500500 + 1000.0 * c, 3599500 - 1000.0 * r), ""});
    }
  write_grid_raster(dir.path() / "a.tif", kTall, a);
  write_grid_raster(dir.path() / "b.tif", kTall, b);
  write_grid_raster(dir.path() / "n.tif", kTall, n, -9999.0);
  write_text_file(dir.path() / "deposits.geojson", feature_collection(deposits));
}

std::string tall_project(const fs::path& output) {
  std::string grid = grid_toml(500000, 3000000, 1000, 40, 600);
  grid.replace(grid.find("output = \"out\""), 14, "output = \"" + output.string() + "\"");
  return grid + R"(
[[layers]]
id = "a"
path = "a.tif"

[[layers]]
id = "b"
path = "b.tif"

[[layers]]
id = "n"
path = "n.tif"

[[layers]]
id = "deposits"
path = "deposits.geojson"
crs = "EPSG:32642"

[[models]]
id = "cu_boost"
commodity = "copper"
kind = "boosted_trees"
inputs = ["a", "b", "n"]
deposits = "deposits"
background = 3000
trees = 30
subsample = 0.7
column_sample = 0.7

[[models]]
id = "cu_forest"
commodity = "copper"
kind = "boosted_trees"
mode = "random_forest"
inputs = ["a", "b", "n"]
deposits = "deposits"
background = 3000
trees = 30
)";
}

}  // namespace

TEST_CASE("boosted trees: the same bytes for 1 and 2 threads (boosting and random forest)",
          "[stages][boosted_trees][threads]") {
  TempDir dir;
  write_tall(dir);
  const fs::path one = dir.path() / "threads1", two = dir.path() / "threads2";
  {
    StageRun run(dir.path(), tall_project(one), 1);
    run.run();
  }
  {
    StageRun run(dir.path(), tall_project(two), 2);
    run.run();
  }
  for (const char* name : {"cu_boost.tif", "cu_boost_importance.csv", "cu_forest.tif", "cu_forest_importance.csv"}) {
    INFO(name);
    const std::string a = read_text_file(one / name), b = read_text_file(two / name);
    CHECK(a.size() > 100);
    CHECK(a == b);
  }
  // The maps are maps: both modes score deposit-bearing ground above the rest, and differ.
  const RasterData boost = read_raster(one / "cu_boost.tif"), forest = read_raster(one / "cu_forest.tif");
  CHECK(first_difference(boost.values, forest.values) >= 0);
  std::size_t nodata = 0;
  for (double v : boost.values) nodata += std::isnan(v);
  CHECK(nodata == 7 * 3);  // n's holes: rows 5, 102, ..., 587 (7) x columns 3, 16, 29 (3)
}

TEST_CASE("boosted trees: refitted for the hold-out and the spatial folds like the other data-driven models",
          "[stages][boosted_trees][validation]") {
  TempDir dir;
  write_tall(dir);
  StageRun run(dir.path(), tall_project(dir.path() / "out") + R"(
[report]
folds = 3
block_size = 100000
holdout = 0.3
seed = 7
)");
  run.run();
  const std::string importance_before = read_text_file(run.output("cu_boost_importance.csv"));
  const auto vs = validation::validate_models(run.ctx(), validation::read_report_config(run.project()));
  REQUIRE(vs.size() == 2);
  for (const auto& v : vs) {
    INFO(v.id);
    CHECK(v.data_driven);
    CHECK(v.kind == "boosted_trees");
    REQUIRE(v.roc);
    CHECK(v.roc->auc > 0.8);  // deposits lie where a + b > 1.2, which the trees learn
    CHECK_FALSE(v.prediction_is_success);
    REQUIRE(v.prediction_roc);
    CHECK(v.prediction_roc->auc > 0.5);
    REQUIRE(v.cv.ran);
    CHECK(v.cv.folds == 3);
    CHECK(v.cv.scored == 3);
    CHECK(v.cv.mean > 0.5);
    CHECK_THAT(v.refit_log, Catch::Contains("-- " + v.id + ", fold3"));
  }
  // The refits left the output folder as it was.
  CHECK(read_text_file(run.output("cu_boost_importance.csv")) == importance_before);
  for (const auto& name : folder_listing(run.project().output_dir)) CHECK(name.find("fold") == std::string::npos);
}

TEST_CASE("boosted trees: a deposit layer with no cell of data is refused, naming the step",
          "[stages][boosted_trees]") {
  TempDir dir;
  write_separable(dir);
  write_text_file(dir.path() / "deposits.geojson", feature_collection({{ten_centre(9, 9), ""}}));  // u is nodata there
  StageRun run(dir.path(), kSeparable + trees_model("cu_trees", ""));
  CHECK_THROWS_WITH(run.run(),
                    Catch::Contains("model 'cu_trees': ") &&
                        Catch::Contains("no deposit cell has data in every input; check the inputs' nodata"));
}

TEST_CASE("boosted trees: a random forest of a few deposits among thousands of cells still splits",
          "[stages][boosted_trees]") {
  // 3 deposits against 3000 background cells (a share of 0.1 %, as the demo's porphyries): from
  // XGBoost's base score 0.5 a forest found no split and mapped one value everywhere.
  TempDir dir;
  write_tall(dir);
  write_text_file(dir.path() / "deposits.geojson",
                  feature_collection({{geo_point(500500 + 1000.0 * 3, 3599500 - 1000.0 * 40), ""},
                                      {geo_point(500500 + 1000.0 * 20, 3599500 - 1000.0 * 280), ""},
                                      {geo_point(500500 + 1000.0 * 35, 3599500 - 1000.0 * 510), ""}}));
  StageRun run(dir.path(), tall_project(dir.path() / "out"));
  run.run();
  const RasterData p = read_raster(run.output("cu_forest.tif"));
  const double at_deposit = p.at(280, 20);
  std::size_t below = 0, cells = 0;
  for (double v : p.values)
    if (!std::isnan(v)) {
      ++cells;
      below += v < at_deposit;
    }
  CHECK(below > cells / 2);  // a deposit cell scores above most of the grid
}
