// Output files: every COG a run writes (evidence on request, each model, the WofE std) is a
// valid Cloud-Optimised GeoTIFF with internal overviews on the grid; outputs appear only when
// complete (no temporary files left behind, no model COG from a run that failed midway).
#include <catch2/catch.hpp>
#include <regex>

#include "cog_check.hpp"
#include "core/error.hpp"
#include "stage_fixture.hpp"
#include "stages/sinks/map/raster.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

// 1100 x 300 cells of 100 m: wide enough that the COG driver adds overviews (1100 -> 550 -> 275).
constexpr int kCols = 1100, kRows = 300;
const Grid kGrid = make_grid(32642, 500000, 3030000, 100, kCols, kRows);

void write_inputs(const TempDir& dir) {
  std::vector<double> x;
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < kCols; ++c) x.push_back((r % 7 == 0 && c % 13 == 0) ? 1.0 : 0.001 * c + 0.002 * r);
  write_grid_raster(dir.path() / "x.tif", kGrid, x);
  write_text_file(dir.path() / "fault.geojson",
                  feature_collection({{geo_line({{500000, 3000000}, {610000, 3030000}}), "\"name\": \"F\""}}));
  write_text_file(dir.path() / "deposits.geojson", feature_collection({{geo_point(520050, 3005050), ""},
                                                                       {geo_point(560050, 3015050), ""},
                                                                       {geo_point(600050, 3025050), ""},
                                                                       {geo_point(505050, 3025050), ""}}));
}

std::string project_text(const std::string& deposits_where = "") {
  return grid_toml(500000, 3000000, 100, kCols, kRows) + R"(
[[layers]]
id = "x"
path = "x.tif"

[[layers]]
id = "fault"
path = "fault.geojson"
crs = "EPSG:32642"

[[layers]]
id = "deposits"
path = "deposits.geojson"
crs = "EPSG:32642"
)" + (deposits_where.empty() ? "" : "where = \"" + deposits_where + "\"\n") +
         R"(
[[evidence]]
id = "fault_distance"
kind = "distance"
input = "fault"
write = true

[[evidence]]
id = "fault_near"
kind = "fuzzy"
input = "fault_distance"
function = "small"
midpoint = 2000
spread = 2

[[evidence]]
id = "x_rank"
kind = "normalise"
input = "x"
method = "percentile"
write = true

[[models]]
id = "cu_weighted"
commodity = "copper"
kind = "weighted"
inputs = ["fault_near", "x_rank"]
weights = [3, 1]

[[models]]
id = "cu_wofe"
commodity = "copper"
kind = "wofe"
inputs = ["fault_distance"]
types = ["ascending"]
classes = 5
min_confidence = 0
deposits = "deposits"
)";
}

// Each raster with its QGIS style (.qml) beside it.
const std::vector<std::string> kOutputs = {"cu_weighted.qml",    "cu_weighted.tif",     "cu_wofe.qml",
                                           "cu_wofe.tif",        "cu_wofe_ci_test.csv", "cu_wofe_independence.csv",
                                           "cu_wofe_std.qml",    "cu_wofe_std.tif",     "cu_wofe_weights.csv",
                                           "fault_distance.qml", "fault_distance.tif",  "resolved_project.toml",
                                           "x_rank.qml",         "x_rank.tif"};

// The colour stops (value, colour) of a raster .qml, in file order.
std::vector<std::pair<double, std::string>> ramp_stops(const fs::path& qml) {
  const std::string text = read_text_file(qml);
  const std::regex item(R"re(<item alpha="255" value="([^"]+)" label="[^"]*" color="(#[0-9a-f]{6})"/>)re");
  std::vector<std::pair<double, std::string>> stops;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), item); it != std::sregex_iterator(); ++it)
    stops.emplace_back(std::stod((*it)[1]), (*it)[2]);
  return stops;
}

// The raster's minimum and maximum over its data cells, read here.
std::array<double, 2> data_min_max(const fs::path& raster) {
  std::array<double, 2> mm{INFINITY, -INFINITY};
  for (double v : read_raster(raster).values)
    if (!std::isnan(v)) mm = {std::min(mm[0], v), std::max(mm[1], v)};
  return mm;
}

}  // namespace

TEST_CASE("every output COG passes GDAL's COG validation and carries the grid and metadata", "[stages][cog]") {
  TempDir dir;
  write_inputs(dir);
  StageRun run(dir.path(), project_text());
  run.run();
  for (const auto& name : kOutputs)
    if (fs::path(name).extension() == ".tif") check_cog(run.output(name), kGrid, 2);
  // Descriptions and metadata name the step and its parameters.
  GDALDatasetUniquePtr model = open_raster_file(run.output("cu_weighted.tif"));
  CHECK(std::string(model->GetRasterBand(1)->GetDescription()) == "cu_weighted: copper prospectivity (weighted)");
  CHECK(std::string(model->GetMetadataItem("OREMAP_MODEL")) == "weighted");
  CHECK(std::string(model->GetMetadataItem("OREMAP_COMMODITY")) == "copper");
  CHECK(std::string(model->GetMetadataItem("OREMAP_INPUTS")) == "fault_near,x_rank");
  CHECK(std::string(model->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE")) == "ZSTD");  // the default
  GDALDatasetUniquePtr evidence = open_raster_file(run.output("fault_distance.tif"));
  CHECK(std::string(evidence->GetRasterBand(1)->GetDescription()) == "fault_distance: distance evidence");
  CHECK(std::string(evidence->GetMetadataItem("OREMAP_INPUT")) == "fault");
  // The COG holds exactly the values the run computed.
  CHECK(first_difference(read_raster(run.output("cu_weighted.tif")).values, run.raster("cu_weighted").values) == -1);
}

TEST_CASE("format = gtiff writes plain tiled GeoTIFFs that later stages read", "[stages][cog]") {
  for (const char* compression : {"none", "deflate"}) {
    DYNAMIC_SECTION(compression) {
      TempDir dir;
      write_inputs(dir);
      StageRun run(dir.path(),
                   project_text() + "\n[outputs]\nformat = \"gtiff\"\ncompression = \"" + compression + "\"\n");
      run.run();
      CHECK(folder_listing(run.output("")).size() == kOutputs.size() + 1);  // + the work folder
      for (const auto& name : kOutputs) {
        INFO(name);
        REQUIRE(fs::exists(run.output(name)));
        if (fs::path(name).extension() != ".tif") continue;
        GDALDatasetUniquePtr ds = open_raster_file(run.output(name));
        CHECK(ds->GetRasterBand(1)->GetOverviewCount() == 0);
        const char* layout = ds->GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE");
        CHECK(std::string(layout ? layout : "") != "COG");
        const char* codec = ds->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE");
        CHECK(std::string(codec ? codec : "none") == (std::string(compression) == "none" ? "none" : "DEFLATE"));
        CHECK(std::string(ds->GetMetadataItem("OREMAP_VERSION")) == OREMAP_VERSION);
      }
      // The run reads its model where it now lies, and it holds the computed values.
      const RasterData model = run.raster("cu_weighted");
      CHECK(first_difference(read_raster(run.output("cu_weighted.tif")).values, model.values) == -1);
      if (std::string(compression) == "none")
        CHECK(run.ctx().raster_file("cu_weighted") == run.output("cu_weighted.tif"));
    }
  }
}

TEST_CASE("a run leaves only finished outputs: no temporary files, no COG from a failed run", "[stages][atomic]") {
  TempDir dir;
  write_inputs(dir);
  SECTION("a successful run") {
    {
      StageRun run(dir.path(), project_text());
      run.run();
    }  // the work folder goes with the run
    CHECK(folder_listing(dir.path() / "out") == kOutputs);
  }
  SECTION("a run failing in its second model") {
    // The deposits' where filter names no field: the weighted model succeeds, then WofE fails.
    StageRun run(dir.path(), project_text("no_such_field = 1"));
    QuietGdalErrors quiet;
    try {
      run.run();
      FAIL("the run should have failed");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::input);
      CHECK_THAT(e.what(),
                 Catch::StartsWith("model 'cu_wofe': deposits (" + (dir.path() / "deposits.geojson").string() +
                                   "): invalid where filter 'no_such_field = 1'"));
    }
    // The resolved project (written before any computation), the first model's finished COG
    // (each model is written out when computed; `oremap run` stages the folder, so a failed run
    // shows the user none of it) and, while the run lives, its work folder: no temporary file.
    const auto listing = folder_listing(dir.path() / "out");
    REQUIRE(listing.size() == 4);
    CHECK_THAT(listing[0], Catch::StartsWith(".oremap-work-"));
    CHECK(listing[1] == "cu_weighted.qml");
    CHECK(listing[2] == "cu_weighted.tif");
    CHECK(listing[3] == "resolved_project.toml");
    CHECK(read_raster(dir.path() / "out" / "cu_weighted.tif").values.size() == static_cast<std::size_t>(kCols * kRows));
    run.finish();
    CHECK(folder_listing(dir.path() / "out") ==
          std::vector<std::string>{"cu_weighted.qml", "cu_weighted.tif", "resolved_project.toml"});
  }
}

TEST_CASE("each raster output has a QGIS style: viridis over the maps' colour range", "[stages][styles]") {
  TempDir dir;
  write_inputs(dir);
  SECTION("no [map] range: each raster's own range, widened to round numbers as the maps do") {
    StageRun run(dir.path(), project_text());
    run.run();
    for (const char* id : {"cu_weighted", "cu_wofe", "cu_wofe_std", "fault_distance", "x_rank"}) {
      INFO(id);
      const std::string qml = read_text_file(run.output(std::string(id) + ".qml"));
      CHECK_THAT(qml, Catch::Contains("<rasterrenderer type=\"singlebandpseudocolor\" band=\"1\""));
      CHECK_THAT(qml, Catch::Contains("colorRampType=\"INTERPOLATED\""));
      const auto stops = ramp_stops(run.output(std::string(id) + ".qml"));
      REQUIRE(stops.size() == 16);
      const std::array<double, 2> mm = data_min_max(run.output(std::string(id) + ".tif"));
      const std::array<double, 2> range = sinks::map::nice_range(mm[0], mm[1]);
      CHECK(stops.front().first == range[0]);
      CHECK(stops.back().first == range[1]);
      CHECK(stops.front().second == "#440154");  // viridis_entry(0)
      CHECK(stops.back().second == "#fde725");   // viridis_entry(255)
      for (std::size_t k = 1; k < stops.size(); ++k) CHECK(stops[k].first > stops[k - 1].first);
    }
    // The stops are even: stop k of 16 lies k/15 of the way up.
    const auto w = ramp_stops(run.output("cu_weighted.qml"));
    CHECK(w[3].first == Approx(w[0].first + (w[15].first - w[0].first) * 3 / 15));
  }
  SECTION("[map] range: the models take it (as the maps and the viewer do), the evidence keeps its own") {
    StageRun run(dir.path(), project_text() + "\n[map]\nrange = [0.1, 0.9]\n");
    run.run();
    const auto model = ramp_stops(run.output("cu_weighted.qml"));
    REQUIRE(model.size() == 16);
    CHECK(model.front().first == 0.1);
    CHECK(model.back().first == 0.9);
    const auto distance = ramp_stops(run.output("fault_distance.qml"));
    const std::array<double, 2> mm = data_min_max(run.output("fault_distance.tif"));
    CHECK(distance.back().first == sinks::map::nice_range(mm[0], mm[1])[1]);
    CHECK(distance.back().first > 1000);
  }
}
