// Weights-of-evidence classes as ArcSDM and EIS Toolkit make them, on an integer raster whose
// cumulative rows are counted by hand: every distinct value a class boundary (unique), explicit
// breaks, and quantiles; the study area is the cells where the evidence has data, or a raster
// mask's data cells.
#include <catch2/catch.hpp>
#include <cmath>
#include <tuple>

#include "../stage_fixture.hpp"
#include "core/error.hpp"
#include "csv_rows.hpp"
#include "gdal/handles.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

// 10 x 10 cells of 1 km. Evidence v = col + 1 in columns 0-7 (values 1..8, 10 cells each);
// columns 8 and 9 are nodata (the grid reaches beyond the data). Deposits: v = 1 at rows 0, 1,
// 2; v = 2 at rows 0, 1; v = 3 at row 3; v = 5 at row 7; v = 8 at row 4; and one at (5, 9), where
// there is no evidence. Rows 0-4 hold 7 of them (all but v = 5's).

void write_inputs(const TempDir& dir) {
  std::vector<double> v, m;
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c) {
      v.push_back(c < 8 ? c + 1 : -1);
      m.push_back(r < 5 ? 1 : -1);
    }
  write_grid_raster(dir.path() / "v.tif", kTenGrid, v, -1.0);
  write_grid_raster(dir.path() / "rows.tif", kTenGrid, m, -1.0);
  std::vector<Feature> deposits;
  for (auto [r, c] :
       std::vector<std::pair<int, int>>{{0, 0}, {1, 0}, {2, 0}, {0, 1}, {1, 1}, {3, 2}, {7, 4}, {4, 7}, {5, 9}})
    deposits.push_back({ten_centre(r, c), "\"r\": " + std::to_string(r)});
  write_text_file(dir.path() / "deposits.geojson", feature_collection(deposits));
}

std::string wofe_project(const std::string& model, const std::string& grid_extra = "") {
  std::string g = grid_toml(500000, 3000000, 1000, 10, 10);
  if (!grid_extra.empty()) g.insert(g.find("\n", g.find("[grid]")) + 1, grid_extra + "\n");
  return g + R"(
[[layers]]
id = "v"
path = "v.tif"

[[layers]]
id = "rows"
path = "rows.tif"

[[layers]]
id = "deposits"
path = "deposits.geojson"
crs = "EPSG:32642"

[[models]]
id = "w"
commodity = "copper"
kind = "wofe"
inputs = ["v"]
deposits = "deposits"
)" + model;
}

using Splits = std::vector<std::tuple<std::string, int, int>>;  // label, cells, deposits

// The table lists exactly these cumulative splits, with these counts.
void check_splits(const fs::path& csv, const std::string& type, const Splits& splits) {
  const auto table = read_csv(csv);
  CHECK(table.size() == 1 + splits.size());
  for (const auto& [label, cells, deposits] : splits) {
    INFO(type << " " << label);
    const auto row = csv_row(table, {"v", type, label});
    CHECK(number(row.at("area_cells")) == cells);
    CHECK(number(row.at("deposits")) == deposits);
  }
}

}  // namespace

TEST_CASE("weights of evidence: unique-value classes give a split between every pair of values", "[stages][wofe]") {
  TempDir dir;
  write_inputs(dir);
  StageRun run(dir.path(), wofe_project("types = [\"ascending\"]\nclassing = [\"unique\"]\n"));
  run.run();
  // Study area: the 80 cells with evidence; the deposit at (5, 9) has none and is left out (8).
  // v <= 8 takes every cell: no split. 7 splits, counted by hand:
  check_splits(run.output("w_weights.csv"), "ascending",
               {{"v <= 1", 10, 3},
                {"v <= 2", 20, 5},
                {"v <= 3", 30, 6},
                {"v <= 4", 40, 6},
                {"v <= 5", 50, 7},
                {"v <= 6", 60, 7},
                {"v <= 7", 70, 7}});
  CHECK_THAT(run.log(), Catch::Contains("1 of the 9 training deposits lie in cells where no evidence has data"));
  // W+ of v <= 2 = ln[(5/8) / (15/72)] = ln 3; W- = ln[(3/8) / (57/72)] = ln(9/19).
  const auto row = csv_row(read_csv(run.output("w_weights.csv")), {"v", "ascending", "v <= 2"});
  CHECK(number(row.at("w_plus")) == Approx(std::log(3.0)).epsilon(1e-9));
  CHECK(number(row.at("w_minus")) == Approx(std::log(9.0 / 19)).epsilon(1e-9));
  // The prior is 8 deposits over 80 unit cells (not the grid's 100), and a cell without evidence
  // is outside the study area: nodata.
  const gdal::DatasetPtr ds = gdal::open_dataset(run.output("w.tif").string(), GDAL_OF_RASTER);
  CHECK(number(ds->GetMetadataItem("OREMAP_PRIOR")) == Approx(0.1).epsilon(1e-6));
  const RasterData p = read_raster(run.output("w.tif"));
  CHECK(std::isnan(p.at(0, 9)));
  CHECK_FALSE(std::isnan(p.at(0, 7)));
}

TEST_CASE("weights of evidence: explicit breaks, ascending and descending", "[stages][wofe]") {
  TempDir dir;
  write_inputs(dir);
  StageRun run(dir.path(), wofe_project(R"(types = ["ascending"]
classing = ["breaks"]
breaks = [[2, 5]]

[[models]]
id = "d"
commodity = "gold"
kind = "wofe"
inputs = ["v"]
deposits = "deposits"
types = ["descending"]
classing = ["breaks"]
breaks = [[2, 5]]
)"));
  run.run();
  // Classes [min, 2], (2, 5], (5, max]: ascending v <= 2 (20 cells, 5 deposits), v <= 5 (50, 7);
  // descending v > 5 (30 cells: 6, 7, 8; 1 deposit), v > 2 (60, 3).
  check_splits(run.output("w_weights.csv"), "ascending", {{"v <= 2", 20, 5}, {"v <= 5", 50, 7}});
  const auto d = read_csv(run.output("d_weights.csv"));
  CHECK(d.size() == 3);
  CHECK(number(csv_row(d, {"v", "descending", "v > 5"}).at("area_cells")) == 30);
  CHECK(number(csv_row(d, {"v", "descending", "v > 5"}).at("deposits")) == 1);
  CHECK(number(csv_row(d, {"v", "descending", "v > 2"}).at("area_cells")) == 60);
  CHECK(number(csv_row(d, {"v", "descending", "v > 2"}).at("deposits")) == 3);
}

TEST_CASE("weights of evidence: quantile classes on the integer raster", "[stages][wofe]") {
  TempDir dir;
  write_inputs(dir);
  StageRun run(dir.path(), wofe_project("types = [\"ascending\"]\nclasses = 4\n"));
  run.run();
  // 80 sorted values (ten each of 1..8); edges at ranks 20, 40, 60 (0-based): 3, 5, 7.
  check_splits(run.output("w_weights.csv"), "ascending", {{"v <= 3", 30, 6}, {"v <= 5", 50, 7}, {"v <= 7", 70, 7}});
}

TEST_CASE("weights of evidence: a raster's data cells as the study-area mask", "[stages][wofe]") {
  TempDir dir;
  write_inputs(dir);
  StageRun run(dir.path(), wofe_project("types = [\"ascending\"]\nclassing = [\"unique\"]\n", "mask = \"rows\""));
  run.run();
  // rows.tif has data in rows 0-4: 40 cells with evidence, 5 per value; 7 deposits inside.
  check_splits(run.output("w_weights.csv"), "ascending",
               {{"v <= 1", 5, 3},
                {"v <= 2", 10, 5},
                {"v <= 3", 15, 6},
                {"v <= 4", 20, 6},
                {"v <= 5", 25, 6},
                {"v <= 6", 30, 6},
                {"v <= 7", 35, 6}});
  const RasterData p = read_raster(run.output("w.tif"));
  CHECK(std::isnan(p.at(5, 0)));  // outside the mask
  CHECK_FALSE(std::isnan(p.at(4, 0)));
}

TEST_CASE("weights of evidence: classing and breaks that disagree are project errors naming the input",
          "[stages][wofe]") {
  TempDir dir;
  write_inputs(dir);
  auto fails = [&](const std::string& model, const std::string& message) {
    StageRun run(dir.path(), wofe_project(model));
    CHECK_THROWS_WITH(run.run(), Catch::Contains(message));
  };
  fails("types = [\"ascending\"]\nclassing = [\"breaks\"]\n", "input 'v' has classing \"breaks\" but no breaks");
  fails("types = [\"ascending\"]\nclassing = [\"breaks\"]\nbreaks = [[5, 2]]\n",
        "the breaks of input 'v' must increase strictly");
  fails("types = [\"binary\"]\nclassing = [\"unique\"]\n", "needs type ascending or descending");
  fails("types = [\"ascending\"]\nbreaks = [[2]]\n", "has breaks but classing \"quantile\"");
}
