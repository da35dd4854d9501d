// The raster plan: per-cell steps are fused into the passes that read them and never
// written; only outputs, whole-grid steps and rasters later stages open as files are.
#include "stages/raster_plan.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "stage_fixture.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

// 40 x 30 cells of 100 m; input k holds (k + 1) * (col + 2 * row) so every layer differs.
constexpr int kCols = 40, kRows = 30, kLayers = 6;
const Grid kGrid = make_grid(32642, 500000, 3003000, 100, kCols, kRows);

double input_value(int k, int row, int col) { return (k + 1.0) * (col + 2.0 * row); }

// Six linear memberships (0 at 0, 1 at max_k) and one weighted overlay with weights 1..6.
std::string six_memberships(const std::string& outputs) {
  std::string text = grid_toml(500000, 3000000, 100, kCols, kRows);
  for (int k = 0; k < kLayers; ++k)
    text += "\n[[layers]]\nid = \"x" + std::to_string(k) + "\"\npath = \"x" + std::to_string(k) + ".tif\"\n";
  for (int k = 0; k < kLayers; ++k)
    text += "\n[[evidence]]\nid = \"m" + std::to_string(k) + "\"\nkind = \"fuzzy\"\ninput = \"x" + std::to_string(k) +
            "\"\nfunction = \"linear\"\nmin = 0\nmax = " + std::to_string(100 * (k + 1)) + "\n";
  text += R"(
[[models]]
id = "w"
commodity = "copper"
kind = "weighted"
inputs = ["m0", "m1", "m2", "m3", "m4", "m5"]
weights = [1, 2, 3, 4, 5, 6]
)" + outputs;
  return text;
}

void write_inputs(const TempDir& dir) {
  for (int k = 0; k < kLayers; ++k) {
    std::vector<double> v;
    for (int r = 0; r < kRows; ++r)
      for (int c = 0; c < kCols; ++c) v.push_back(input_value(k, r, c));
    write_grid_raster(dir.path() / ("x" + std::to_string(k) + ".tif"), kGrid, v);
  }
}

// The grid and layer x0, for projects that add steps to them.
std::string with_x0() {
  return grid_toml(500000, 3000000, 100, kCols, kRows) + "\n[[layers]]\nid = \"x0\"\npath = \"x0.tif\"\n";
}

}  // namespace

TEST_CASE("six memberships and one overlay: one raster written, no intermediates", "[stages][plan]") {
  TempDir dir;
  write_inputs(dir);
  StageRun run(dir.path(), six_memberships("\n[outputs]\nformat = \"gtiff\"\ncompression = \"none\"\n"), 2);

  const RasterPlan plan = plan_rasters(run.project(), run.grid());
  CHECK(plan.materialised() == std::vector<std::string>{"w"});
  for (int k = 0; k < kLayers; ++k) {
    INFO("m" << k);
    CHECK(plan.rasters[kLayers + k].fused);
  }
  const std::string text = plan_text(plan, run.grid(), 2, 64u << 20);
  CHECK_THAT(text, Catch::Contains("1 rasters written (w); 6 per-cell steps fused, never written"));
  CHECK_THAT(text, Catch::Contains("fused m3"));
  // The model's 40 * 30 cells * 4 bytes: rounds up to 1 MiB.
  CHECK_THAT(text, Catch::Contains("read  x0") && Catch::Contains("a layer on the grid: read in place"));
  CHECK_THAT(text, Catch::Contains("Temporary disk: about 1 MiB"));

  run.run();
  // Nothing but the model was written: no membership in the work folder.
  for (const auto& name : folder_listing(run.ctx().work_dir)) CHECK(name.rfind("m", 0) != 0);
  CHECK(run.ctx().raster("m0").deferred());
  CHECK(!run.ctx().raster("w").deferred());

  // Weighted sum of linear memberships, weights normalised by 21: sum_k (k+1)/21 * v_k / (100 (k+1)),
  // clamped to [0, 1] per membership.
  const RasterData w = read_raster(run.output("w.tif"));
  REQUIRE(w.values.size() == static_cast<std::size_t>(kCols * kRows));
  for (int r = 0; r < kRows; r += 7)
    for (int c = 0; c < kCols; c += 3) {
      double expected = 0;
      for (int k = 0; k < kLayers; ++k)
        expected += (k + 1.0) / 21.0 * std::min(1.0, input_value(k, r, c) / (100.0 * (k + 1)));
      INFO("row " << r << " col " << c);
      CHECK(w.values[static_cast<std::size_t>(r) * kCols + c] == Approx(expected).margin(1e-6));
    }
}

TEST_CASE("a fused step is written when the user asks for it or a later stage reads it as a file", "[stages][plan]") {
  TempDir dir;
  write_inputs(dir);
  // m1 is an output; m2 feeds a zonal criterion (opened as a file by the site stage).
  std::string text = six_memberships("");
  const std::string m1 = "id = \"m1\"\nkind = \"fuzzy\"\n";
  text.replace(text.find(m1), m1.size(), m1 + "write = true\n");
  text += R"(
[[layers]]
id = "sites"
path = "sites.geojson"

[sites]
layer = "sites"
commodities = { copper = "1 = 1" }

[[criteria]]
id = "m2_max"
kind = "zonal"
raster = "m2"
statistic = "max"
weight = 1
)";
  write_text_file(dir.path() / "sites.geojson", feature_collection({{geo_point(501050, 3001050), ""}}));
  StageRun run(dir.path(), text, 1);
  const RasterPlan plan = plan_rasters(run.project(), run.grid());
  CHECK(plan.materialised() == std::vector<std::string>{"m1", "m2", "w"});
  CHECK(plan.read_as_files == std::set<std::string>{"m2"});
  CHECK_THAT(plan_text(plan, run.grid(), 1, 64u << 20),
             Catch::Contains("written: site criterion 'm2_max' reads it as a file"));
  run.run();
  CHECK(!run.ctx().raster("m1").deferred());  // the output
  CHECK(!run.ctx().raster("m2").deferred());  // the criterion's file
  CHECK(run.ctx().raster("m3").deferred());
}

TEST_CASE("rasters kept to the end are compressed; an output's intermediate goes once it is written",
          "[stages][plan]") {
  TempDir dir;
  write_inputs(dir);
  StageRun run(dir.path(), with_x0() + R"(
[[evidence]]
id = "d"
kind = "distance"
input = "x0"
values = [0]

[[evidence]]
id = "near"
kind = "fuzzy"
input = "d"
function = "linear"
min = 1000
max = 0

[[models]]
id = "w"
commodity = "copper"
kind = "weighted"
inputs = ["near"]
weights = [1]
)",
               1);
  const RasterPlan plan = plan_rasters(run.project(), run.grid());
  CHECK(plan.materialised() == std::vector<std::string>{"d", "w"});
  // 1200 cells: the distance kept compressed (4 bytes a cell, counted at half), the model's
  // plain intermediate (4 bytes) and its COG overviews (a third of that), the burnt features
  // of the distance step (1 byte, at half): 2400 + 4800 + 1600 + 600.
  CHECK(plan.temporary_bytes(run.grid(), 64u << 20) == 9400);
  run.run();
  // The work folder holds the distance, compressed; the model is in the output folder only.
  CHECK(folder_listing(run.ctx().work_dir) == std::vector<std::string>{".oremap-run", "d.tif"});
  CHECK(std::string(gdal::open_dataset((run.ctx().work_dir / "d.tif").string(), GDAL_OF_RASTER)
                        ->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE")) == "ZSTD");
  CHECK(run.ctx().raster_file("w") == run.output("w.tif"));
  // 1 - d / 1000 with d = 100 m * hypot(row, col) from the corner (0, 0).
  const RasterData w = read_raster(run.output("w.tif"));
  CHECK(w.values[0] == Approx(1));
  CHECK(w.values[3 * kCols + 4] == Approx(0.5).margin(1e-6));
}

TEST_CASE("a whole-grid step declared twice is computed once, and a plain GeoTIFF output of it stays readable",
          "[stages][plan]") {
  TempDir dir;
  write_inputs(dir);
  // Two distances to the non-zero cells of x0 (every cell but the corner (0, 0), 100 m from them),
  // the second written as a plain GeoTIFF (a copy: the shared intermediate is compressed) and
  // read by a fused membership afterwards.
  StageRun run(dir.path(), with_x0() + R"(
[[evidence]]
id = "d1"
kind = "distance"
input = "x0"

[[evidence]]
id = "d2"
kind = "distance"
input = "x0"
description = "the same distance, described"
write = true

[[evidence]]
id = "near"
kind = "fuzzy"
input = "d2"
function = "linear"
min = 0
max = 100

[outputs]
format = "gtiff"
compression = "none"
)",
               1);
  const RasterPlan plan = plan_rasters(run.project(), run.grid());
  CHECK(plan.same_as == std::map<std::string, std::string>{{"d2", "d1"}});
  CHECK(plan.materialised() == std::vector<std::string>{"d1"});
  CHECK_THAT(plan_text(plan, run.grid(), 1, 64u << 20),
             Catch::Contains("reuse d2") && Catch::Contains("the same computation as 'd1': shares its raster"));
  run.run();
  CHECK_THAT(run.log(), Catch::Contains("evidence d2: the same computation as d1; its raster is reused"));
  const RasterData written = read_raster(run.output("d2.tif"));
  CHECK(written.values[0] == Approx(100));
  CHECK(written.values[1] == 0);
  const RasterData near = run.raster("near");  // computed from d1's file after d2's output moved
  CHECK(near.values[0] == Approx(1));
  CHECK(near.values[kCols + 1] == 0);
}

TEST_CASE("an output no per-cell step reads is written as soon as computed; two outputs sharing a raster both stay",
          "[stages][plan]") {
  TempDir dir;
  write_inputs(dir);
  // d1 and d2: the same distance (to the non-zero cells of x0: all but the corner (0, 0)), both
  // outputs. d1 has no per-cell reader: written plain at once (renamed into place). d2 shares
  // d1's raster, which is then an output already: d2 is a copy, and d1 keeps its own file and
  // description. d3, read by a fused membership, stays in the work folder to the end.
  StageRun run(dir.path(), with_x0() + R"(
[[evidence]]
id = "d1"
kind = "distance"
input = "x0"
write = true

[[evidence]]
id = "d2"
kind = "distance"
input = "x0"
write = true

[[evidence]]
id = "d3"
kind = "distance"
input = "x0"
values = [0]
write = true

[[evidence]]
id = "near"
kind = "fuzzy"
input = "d3"
function = "linear"
min = 1000
max = 0
write = true

[outputs]
format = "gtiff"
compression = "none"
)",
               1);
  const RasterPlan plan = plan_rasters(run.project(), run.grid());
  CHECK(plan.written_when_computed == std::set<std::string>{"d1"});
  CHECK_THAT(plan_text(plan, run.grid(), 1, 64u << 20),
             Catch::Contains("; also an output; written out as soon as computed"));
  // 1200 cells: d3 kept compressed (4800 bytes at half), the largest output plain (4800: no
  // COG overviews), a distance's burnt features (1 byte a cell at half, counted whatever the
  // input) -> 2400 + 4800 + 600.
  CHECK(plan.temporary_bytes(run.grid(), 64u << 20) == 7800);
  run.run();
  const std::string log = run.log();
  CHECK(log.find("wrote d1.tif") < log.find("evidence d2"));  // out before the next step runs
  for (const char* id : {"d1", "d2"}) {
    INFO(id);
    const RasterData d = read_raster(run.output(std::string(id) + ".tif"));
    CHECK(d.values[0] == Approx(100));
    CHECK(d.values[1] == 0);
    CHECK(std::string(gdal::open_dataset(run.output(std::string(id) + ".tif").string(), GDAL_OF_RASTER)
                          ->GetRasterBand(1)
                          ->GetDescription()) == std::string(id) + ": distance evidence");
  }
  const RasterData near = read_raster(run.output("near.tif"));  // 1 - d3 / 1000, d3 from the corner
  CHECK(near.values[0] == Approx(1));
  CHECK(near.values[3 * kCols + 4] == Approx(0.5).margin(1e-6));
}

TEST_CASE("a capped distance whose uncapped twin is declared is that twin capped per cell, to the bit",
          "[stages][plan]") {
  // Distances to the one cell of x0 holding 0, the corner (0, 0): 100 m * sqrt(row^2 + col^2).
  // The capped step comes first; its cap is not a float, so rounding and the cap must commute.
  const std::string layer = with_x0() + R"(
[[evidence]]
id = "capped"
kind = "distance"
input = "x0"
values = [0]
cap = 1234.56
write = true

[outputs]
format = "gtiff"
compression = "none"
)";
  const std::string twin = R"(
[[evidence]]
id = "all"
kind = "distance"
input = "x0"
values = [0]
)";
  TempDir dir, alone_dir;
  write_inputs(dir);
  write_inputs(alone_dir);
  StageRun run(dir.path(), layer + twin, 2), alone(alone_dir.path(), layer, 2);
  const RasterPlan plan = plan_rasters(run.project(), run.grid());
  CHECK(plan.capped_from == std::map<std::string, std::string>{{"capped", "all"}});
  CHECK(plan_rasters(alone.project(), alone.grid()).capped_from.empty());
  CHECK(plan.materialised() == std::vector<std::string>{"capped", "all"});  // capped: an output
  CHECK_THAT(plan_text(plan, run.grid(), 1, 64u << 20), Catch::Contains("the distances of 'all' capped per cell"));
  run.run();
  alone.run();
  CHECK_THAT(run.log(), Catch::Contains("evidence capped (distance: those of all capped at 1234.56 m"));
  const RasterData shared = read_raster(run.output("capped.tif")), own = read_raster(alone.output("capped.tif"));
  REQUIRE(shared.values.size() == own.values.size());
  int capped_cells = 0;
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < kCols; ++c) {
      const std::size_t i = static_cast<std::size_t>(r) * kCols + c;
      const double d = 100 * std::sqrt(double(r) * r + double(c) * c);
      INFO("row " << r << ", col " << c);
      CHECK(shared.values[i] == own.values[i]);  // bit for bit: both are floats read back
      CHECK(shared.values[i] == static_cast<float>(std::min(d, 1234.56)));
      capped_cells += d > 1234.56;
    }
  CHECK(capped_cells > 1000);
}
