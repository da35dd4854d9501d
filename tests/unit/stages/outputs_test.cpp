// Output files: every COG a run writes (evidence on request, each model, the WofE std) is a
// valid Cloud-Optimised GeoTIFF with internal overviews on the grid; outputs appear only when
// complete (no temporary files left behind, no model COG from a run that failed midway).
#include <catch2/catch.hpp>

#include "cog_check.hpp"
#include "core/error.hpp"
#include "stage_fixture.hpp"

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

const std::vector<std::string> kOutputs = {"cu_weighted.tif",          "cu_wofe.tif",           "cu_wofe_ci_test.csv",
                                           "cu_wofe_independence.csv", "cu_wofe_std.tif",       "cu_wofe_weights.csv",
                                           "fault_distance.tif",       "resolved_project.toml", "x_rank.tif"};

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
    REQUIRE(listing.size() == 3);
    CHECK_THAT(listing[0], Catch::StartsWith(".oremap-work-"));
    CHECK(listing[1] == "cu_weighted.tif");
    CHECK(listing[2] == "resolved_project.toml");
    CHECK(read_raster(dir.path() / "out" / "cu_weighted.tif").values.size() == static_cast<std::size_t>(kCols * kRows));
    run.finish();
    CHECK(folder_listing(dir.path() / "out") == std::vector<std::string>{"cu_weighted.tif", "resolved_project.toml"});
  }
}
