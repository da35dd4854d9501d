// Distance evidence end to end: features burnt from GeoJSON or picked from a raster, then every
// cell checked against a brute-force distance between cell centres (the exact Euclidean
// definition: the nearest feature cell's centre), with and without a cap.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "../stage_fixture.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

// 7 x 5 cells of 100 m from (500000, 3000000): cell (row r, col c) has its centre at
// x = 500050 + 100 c, y = 3000450 - 100 r.
constexpr double kX0 = 500000, kY0 = 3000000, kCell = 100;
constexpr int kCols = 7, kRows = 5;

struct Cell {
  int row, col;
};

// Brute force: distance in metres from every cell centre to the nearest feature cell's centre.
std::vector<double> brute_force(const std::vector<Cell>& features, double cap) {
  std::vector<double> d;
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < kCols; ++c) {
      double best = std::numeric_limits<double>::infinity();
      for (const Cell& f : features) best = std::min(best, std::hypot((c - f.col) * kCell, (r - f.row) * kCell));
      d.push_back(std::min(best, cap));
    }
  return d;
}

const std::string kProject = grid_toml(kX0, kY0, kCell, kCols, kRows) + R"(
[[layers]]
id = "faults"
path = "faults.geojson"
crs = "EPSG:32642"

[[layers]]
id = "rock"
path = "rock.tif"

[[layers]]
id = "anomaly"
path = "anomaly.tif"

[[evidence]]
id = "fault_distance"
kind = "distance"
input = "faults"

[[evidence]]
id = "fault_distance_capped"
kind = "distance"
input = "faults"
cap = 150

[[evidence]]
id = "rock_distance"
kind = "distance"
input = "rock"
values = [3, 5]

[[evidence]]
id = "anomaly_distance"
kind = "distance"
input = "anomaly"

[[evidence]]
id = "anomaly_distance_everywhere"
kind = "distance"
input = "anomaly"
keep_nodata = false

[[evidence]]
id = "fault_distance_near"
kind = "distance"
input = "faults"
max_distance = 250
)";

}  // namespace

TEST_CASE("distance evidence equals a brute-force distance between cell centres", "[stages][distance]") {
  TempDir dir;
  // A vertical fault along the centres of column 2 from y 3000150 (row 3) to 3000350 (row 1):
  // all-touched burns (1,2), (2,2), (3,2). A point fault at (500650, 3000050) burns (4,6).
  write_text_file(dir.path() / "faults.geojson",
                  feature_collection({{geo_line({{500250, 3000150}, {500250, 3000350}}), "\"name\": \"F1\""},
                                      {geo_point(500650, 3000050), "\"name\": \"F2\""}}));
  const Grid grid = make_grid(32642, kX0, kY0 + kRows * kCell, kCell, kCols, kRows);
  // Rock codes: 3 at (1,1), 5 at (2,5), 4 elsewhere in row 3 (not a feature), 1 the rest.
  std::vector<double> rock(kCols * kRows, 1.0);
  rock[1 * kCols + 1] = 3;
  rock[2 * kCols + 5] = 5;
  for (int c = 0; c < kCols; ++c) rock[3 * kCols + c] = 4;
  write_grid_raster(dir.path() / "rock.tif", grid, rock);
  // Anomaly: zero except -1 at (0,6) and 2.5 at (4,0); nodata (-9999) at (2,3) is not a feature.
  std::vector<double> anomaly(kCols * kRows, 0.0);
  anomaly[0 * kCols + 6] = -1;
  anomaly[4 * kCols + 0] = 2.5;
  anomaly[2 * kCols + 3] = -9999;
  write_grid_raster(dir.path() / "anomaly.tif", grid, anomaly, -9999.0);

  StageRun run(dir.path(), kProject);
  REQUIRE(run.grid().cols == kCols);
  REQUIRE(run.grid().rows == kRows);
  run.run();

  constexpr double inf = std::numeric_limits<double>::infinity();
  struct Case {
    const char* id;
    std::vector<Cell> features;
    double cap;
    double max_distance = std::numeric_limits<double>::infinity();  // farther cells are nodata
    std::vector<Cell> nodata = {};                                  // cells that are nodata whatever their distance
  };
  const std::vector<Case> cases = {
      {"fault_distance", {{1, 2}, {2, 2}, {3, 2}, {4, 6}}, inf},
      {"fault_distance_capped", {{1, 2}, {2, 2}, {3, 2}, {4, 6}}, 150},
      {"fault_distance_near", {{1, 2}, {2, 2}, {3, 2}, {4, 6}}, inf, 250},
      {"rock_distance", {{1, 1}, {2, 5}}, inf},
      {"anomaly_distance", {{0, 6}, {4, 0}}, inf, inf, {{2, 3}}},  // the input's nodata cell stays nodata
      {"anomaly_distance_everywhere", {{0, 6}, {4, 0}}, inf},      // keep_nodata = false: it gets its distance
  };
  for (const auto& c : cases) {
    INFO("step " << c.id);
    const RasterData got = run.raster(c.id);
    const std::vector<double> want = brute_force(c.features, c.cap);
    REQUIRE(got.values.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      const int r = static_cast<int>(i) / kCols, col = static_cast<int>(i) % kCols;
      INFO("cell row " << r << " col " << col);
      const bool nodata = want[i] > c.max_distance || std::any_of(c.nodata.begin(), c.nodata.end(),
                                                                  [&](Cell n) { return n.row == r && n.col == col; });
      if (nodata)
        CHECK(std::isnan(got.values[i]));
      else
        CHECK(got.values[i] == Approx(want[i]).margin(1e-3));
    }
  }
  // max_distance 250 m from the fault cells: (0, 0) is 223.607 m from (1, 2), kept; (0, 6) is
  // hypot(300, 100) = 316.2 m from (1, 2) and 400 m from (4, 6): nodata.
  CHECK(run.raster("fault_distance_near").at(0, 0) == Approx(std::sqrt(50000.0)));
  CHECK(std::isnan(run.raster("fault_distance_near").at(0, 6)));

  // Spot values by hand.
  const RasterData d = run.raster("fault_distance");
  CHECK(d.at(2, 2) == 0);                           // on the fault
  CHECK(d.at(0, 0) == Approx(std::sqrt(50000.0)));  // to (1,2): hypot(200, 100) = 223.607
  CHECK(d.at(4, 4) == Approx(200));                 // to (4,6): 200; to (3,2): hypot(200, 100)
  CHECK(d.at(0, 6) == Approx(400));                 // to (4,6): 400; to (1,2): hypot(400, 100)
  const RasterData capped = run.raster("fault_distance_capped");
  CHECK(capped.at(0, 0) == Approx(150));  // 223.607 capped at 150
  CHECK(capped.at(1, 3) == Approx(100));  // below the cap: unchanged
}

TEST_CASE("distances kept in memory as feature rows, or on disk when the cache is too small, are the same bits",
          "[stages][distance]") {
  // 90 x 600 cells of 30 m (origin on whole cells, so the layers lie on the grid): three 256-row
  // strips, the last one short. Features: a seeded scatter of 40 cells with value 1; a second
  // raster without any feature.
  constexpr int cols = 90, rows = 600;
  const Grid grid = make_grid(32642, 499980, 3018000, 30, cols, rows);
  std::vector<double> roads(static_cast<std::size_t>(cols) * rows, 0.0);
  std::vector<Cell> features;
  unsigned state = 12345;
  for (int i = 0; i < 40; ++i) {
    state = state * 1103515245u + 12345u;
    const int r = static_cast<int>((state >> 8) % rows), c = static_cast<int>((state >> 20) % cols);
    roads[static_cast<std::size_t>(r) * cols + c] = 1;
    features.push_back({r, c});
  }
  const std::string project = grid_toml(499980, 3000000, 30, cols, rows) + R"(
[[layers]]
id = "roads"
path = "roads.tif"

[[layers]]
id = "empty"
path = "empty.tif"

[[evidence]]
id = "road_distance"
kind = "distance"
input = "roads"
values = [1]

[[evidence]]
id = "nothing_near"
kind = "distance"
input = "empty"
cap = 5000

[[evidence]]
id = "road_near"
kind = "distance"
input = "roads"
values = [1]
max_distance = 300
)";
  // Caches: the default; 64 KiB, below the 108 KB of column distances but above the feature
  // rows (90 lists of 24 bytes, and 4 bytes per feature); 2 KiB, below even the feature rows.
  const std::size_t caches[3] = {0, 64 * 1024, 2 * 1024};
  std::vector<RasterData> results[3];
  for (int on_disk : {0, 1, 2}) {
    TempDir dir;
    write_grid_raster(dir.path() / "roads.tif", grid, roads);
    write_grid_raster(dir.path() / "empty.tif", grid, std::vector<double>(roads.size(), 0.0));
    StageRun run(dir.path(), project, 2);
    if (caches[on_disk] > 0) run.ctx().cache_bytes = caches[on_disk];
    run.run();
    INFO("cache " << caches[on_disk]);
    CHECK((run.log().find("kept on disk") != std::string::npos) == (on_disk == 2));
    results[on_disk] = {run.raster("road_distance"), run.raster("nothing_near"), run.raster("road_near")};
  }
  for (int i : {1, 2}) {
    CHECK(first_difference(results[0][0].values, results[i][0].values) == -1);
    CHECK(first_difference(results[0][1].values, results[i][1].values) == -1);
    CHECK(first_difference(results[0][2].values, results[i][2].values) == -1);
  }
  // max_distance on every path: nodata exactly where the distance exceeds 300 m.
  for (std::size_t i = 0; i < roads.size(); ++i) {
    INFO("cell " << i);
    CHECK(std::isnan(results[2][2].values[i]) == (results[2][0].values[i] > 300));
  }
  for (double v : results[2][1].values) CHECK(v == 5000);
  // And the disk path is exact: brute force at every 7th cell.
  for (std::size_t i = 0; i < roads.size(); i += 7) {
    const int r = static_cast<int>(i / cols), c = static_cast<int>(i % cols);
    double best = std::numeric_limits<double>::infinity();
    for (const Cell& f : features) best = std::min(best, std::hypot((c - f.col) * 30.0, (r - f.row) * 30.0));
    INFO("cell " << r << ", " << c);
    CHECK(results[2][0].values[i] == Approx(best).margin(1e-3));
  }
}
