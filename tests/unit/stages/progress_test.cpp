// Progress reporting through a whole run, in GDAL's callback style: within each step the
// fraction never falls and the step's last report is exactly 1.0; a callback returning false
// stops the run with oremap::Cancelled wherever it happens, leaving no partial output.
#include <algorithm>
#include <catch2/catch.hpp>
#include <mutex>

#include "core/error.hpp"
#include "stage_fixture.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

// 20 x 600 cells of 100 m: three 256-row strips, so parallel steps report several times.
constexpr int kCols = 20, kRows = 600;
const Grid kGrid = make_grid(32642, 500000, 3060000, 100, kCols, kRows);

void write_inputs(const TempDir& dir) {
  std::vector<double> x;
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < kCols; ++c) x.push_back((r * 7 + c * 3) % 10 / 10.0);
  // Half a cell off the grid's whole-cell lattice (align = "cell" below), so the layer goes
  // through the warp (and reports it).
  write_grid_raster(dir.path() / "x.tif", make_grid(32642, 500050, 3060000, 100, kCols, kRows), x);
  write_text_file(dir.path() / "fault.geojson",
                  feature_collection({{geo_line({{500000, 3000000}, {502000, 3060000}}), ""}}));
  write_text_file(dir.path() / "samples.geojson", feature_collection({{geo_point(500500, 3010000), "\"cu\": 5"},
                                                                      {geo_point(501500, 3050000), "\"cu\": 50"}}));
  write_text_file(dir.path() / "zones.geojson",
                  feature_collection({{geo_polygon({{500000, 3000000}, {501000, 3000000}, {501000, 3030000}}), ""}}));
  write_text_file(dir.path() / "deposits.geojson",
                  feature_collection({{geo_point(500150, 3005050), ""}, {geo_point(501050, 3040050), ""}}));
}

const std::string kProject = grid_toml(500000, 3000000, 100, kCols, kRows, "align = \"cell\"\n") + R"(
[[layers]]
id = "x"
path = "x.tif"

[[layers]]
id = "fault"
path = "fault.geojson"
crs = "EPSG:32642"

[[layers]]
id = "samples"
path = "samples.geojson"
crs = "EPSG:32642"

[[layers]]
id = "zones"
path = "zones.geojson"
crs = "EPSG:32642"

[[layers]]
id = "deposits"
path = "deposits.geojson"
crs = "EPSG:32642"

[[evidence]]
id = "fault_distance"
kind = "distance"
input = "fault"

[[evidence]]
id = "fault_near"
kind = "fuzzy"
input = "fault_distance"
function = "small"
midpoint = 500
spread = 2

[[evidence]]
id = "x_far"
kind = "distance"
input = "x"
values = [0.5]
write = true

[[evidence]]
id = "x_rank"
kind = "normalise"
input = "x"
method = "percentile"

[[evidence]]
id = "cu"
kind = "interpolate"
input = "samples"
field = "cu"

[[evidence]]
id = "zone"
kind = "rasterise"
input = "zones"
outside = 0

[[models]]
id = "cu_weighted"
commodity = "copper"
kind = "weighted"
inputs = ["fault_near", "x_rank"]
weights = [1, 1]

[[models]]
id = "cu_wofe"
commodity = "copper"
kind = "wofe"
inputs = ["zone"]
deposits = "deposits"
)";

struct Report {
  double fraction;
  std::string label;
};

// Records every report; returns false at the first report whose label is `cancel_at`.
struct Recorder {
  std::string cancel_at;
  std::vector<Report> reports;
  std::mutex mutex;
  bool cancelled = false;

  Progress callback() {
    return [this](double f, const std::string& label) {
      std::lock_guard<std::mutex> lock(mutex);
      reports.push_back({f, label});
      if (!cancelled && label == cancel_at) cancelled = true;
      return !cancelled;
    };
  }
};

}  // namespace

TEST_CASE("progress rises within each step and ends each step at exactly 1.0", "[stages][progress]") {
  TempDir dir;
  write_inputs(dir);
  StageRun run(dir.path(), kProject, 2);
  Recorder recorder;
  run.ctx().progress = recorder.callback();
  run.run();
  REQUIRE(!recorder.reports.empty());
  // A step's reports run from its first report to its report of 1.0 (a step may change its
  // message on the way, e.g. distance: "scanning features" then "distance"). Every report
  // after a 1.0 starts the next step; the fraction must not fall before the step ends.
  double previous = 0;
  std::string label;
  bool step_open = false;
  for (const auto& r : recorder.reports) {
    INFO("report " << r.fraction << " '" << r.label << "' after " << previous << " '" << label << "'");
    CHECK(r.fraction >= 0);
    CHECK(r.fraction <= 1);
    if (step_open) CHECK(r.fraction >= previous);
    previous = r.fraction;
    label = r.label;
    step_open = r.fraction != 1.0;
  }
  INFO("last report '" << label << "'");
  CHECK(!step_open);
  // The steps that report do so under their own label; GDAL's rasteriser and gridding report too.
  // (A distance to a vector layer, fault_distance, measures to the lines: nothing is rasterised.)
  // Per-cell steps (fault_near, x_rank) have no pass of their own: the model reading them reports.
  for (const char* id :
       {"x: warping", "distance: scanning features", "counting values", "cu: gridding", "zone: rasterising",
        "cu_weighted", "cu_wofe: posterior", "cu_wofe: posterior std", "building overviews", "writing COG"}) {
    INFO("label " << id);
    CHECK(
        std::any_of(recorder.reports.begin(), recorder.reports.end(), [&](const Report& r) { return r.label == id; }));
  }
}

TEST_CASE("a progress callback returning false cancels the run with oremap::Cancelled", "[stages][progress]") {
  TempDir dir;
  write_inputs(dir);
  // One stop per kind of loop that reports: warping a layer, GDAL rasterising, statistics, a strip pass, the two phases
  // of a raster distance, GDAL gridding, WofE counting, overviews and the COG.
  const std::string where =
      GENERATE(as<std::string>{}, "x: warping", "counting values", "cu_weighted", "distance: scanning features",
               "distance", "cu: gridding", "zone: rasterising", "counting evidence classes", "cu_wofe: posterior",
               "building overviews", "writing COG");
  INFO("cancelled at the first '" << where << "' report");
  {
    StageRun run(dir.path(), kProject, 2);
    Recorder recorder;
    recorder.cancel_at = where;
    run.ctx().progress = recorder.callback();
    QuietGdalErrors quiet;
    CHECK_THROWS_AS(run.run(), Cancelled);
    CHECK(recorder.cancelled);
    // Nothing after the refusal: the run stopped at the step that was cancelled.
    const auto stop = std::find_if(recorder.reports.begin(), recorder.reports.end(),
                                   [&](const Report& r) { return r.label == where; });
    REQUIRE(stop != recorder.reports.end());
    for (auto it = stop + 1; it != recorder.reports.end(); ++it) CHECK(it->label == where);
    // No half-written file: a model's COG is there only once it is complete (each model is
    // written out when computed; `oremap run` stages the folder and shows none of it).
    for (const auto& name : folder_listing(dir.path() / "out")) {
      CHECK_THAT(name, !Catch::Contains(".tmp-"));
      if (name.size() > 4 && name.compare(name.size() - 4, 4, ".tif") == 0) {
        INFO(name);
        CHECK(read_raster(dir.path() / "out" / name).values.size() == static_cast<std::size_t>(kCols * kRows));
      }
    }
  }
  for (const auto& name : folder_listing(dir.path() / "out")) CHECK_THAT(name, !Catch::Contains(".oremap-work-"));
}
