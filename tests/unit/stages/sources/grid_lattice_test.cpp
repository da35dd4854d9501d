// The grid's lattice ([grid] align): the raster layers' shared lattice by default, "cell", a
// raster layer's id, a point; the warning when rasters disagree and the refusals.
#include "stages/sources/grid_lattice.hpp"

#include <catch2/catch.hpp>
#include <sstream>

#include "../../test_support.hpp"
#include "grid_fixture.hpp"

using namespace oremap;
using oremap::test::build;
using oremap::test::grid_error;
using oremap::test::layer_spec;
using oremap::test::TempDir;

namespace {

// A Float32 raster of `cols` x `rows` pixels of `cell` m whose top-left corner is (x0, y0).
void write_raster(const std::string& path, double x0, double y0, double cell, int cols, int rows, int epsg = 32642) {
  const Grid g = oremap::test::make_grid(epsg, x0, y0, cell, cols, rows);
  oremap::test::write_float_raster(path, g, std::vector<float>(static_cast<std::size_t>(cols) * rows, 1.0f));
}

// The bbox [200000, 2999750, 200360, 3000050] in UTM 42N with 30 m cells, and `rasters` as layers.
project::Project bbox_project(const std::vector<project::LayerSpec>& rasters) {
  project::Project p = oremap::test::bbox_project({200000, 2999750, 200360, 3000050}, "EPSG:32642", 30, "EPSG:32642");
  p.layers = rasters;
  return p;
}

}  // namespace

// The raster "dem": 10 x 8 pixels of 30 m from (200020, 3000020). 200020 = 6667 * 30 + 10 and
// 3000020 = 100000 * 30 + 20: its lattice is offset 10, 20 m from whole cells.

TEST_CASE("align absent: the grid takes the raster layers' lattice and says so", "[grid][align]") {
  TempDir dir;
  write_raster(dir.file("dem.tif"), 200020, 3000020, 30, 10, 8);
  // A second raster on the same lattice, 3 pixels east and 2 south: no disagreement.
  write_raster(dir.file("slope.tif"), 200110, 2999960, 30, 4, 4);
  std::string log;
  const Grid g = build(bbox_project({layer_spec("dem", dir.file("dem.tif"), "raster"),
                                     layer_spec("slope", dir.file("slope.tif"), "raster")}),
                       &log);
  // x: floor((200000 - 10) / 30) = 6666 -> 199990; ceil((200360 - 10) / 30) = 6679 -> 200380
  // y: (2999750 - 20) / 30 = 99991 exactly -> 2999750; (3000050 - 20) / 30 = 100001 -> 3000050
  CHECK(g.xmin == 199990);
  CHECK(g.xmax() == 200380);
  CHECK(g.ymax == 3000050);
  CHECK(g.ymin() == 2999750);
  CHECK(g.cols == 13);
  CHECK(g.rows == 10);
  CHECK(log ==
        "oremap: grid: aligned to the lattice of raster layer 'dem' (origin offset 10, 20 m from whole "
        "cells)\n");
}

TEST_CASE("align = \"cell\" keeps whole multiples of the cell size", "[grid][align]") {
  TempDir dir;
  write_raster(dir.file("dem.tif"), 200020, 3000020, 30, 10, 8);
  project::Project p = bbox_project({layer_spec("dem", dir.file("dem.tif"), "raster")});
  p.grid.align_to = "cell";
  std::string log;
  const Grid g = build(p, &log);
  // x: floor(200000 / 30) = 6666 -> 199980; ceil(200360 / 30) = 6679 -> 200370
  // y: floor(2999750 / 30) = 99991 -> 2999730; ceil(3000050 / 30) = 100002 -> 3000060
  CHECK(g.xmin == 199980);
  CHECK(g.ymax == 3000060);
  CHECK(g.cols == 13);
  CHECK(g.rows == 11);
  CHECK(log.empty());
}

TEST_CASE("align = a raster layer's id takes that layer's lattice", "[grid][align]") {
  TempDir dir;
  write_raster(dir.file("dem.tif"), 200020, 3000020, 30, 10, 8);
  write_raster(dir.file("other.tif"), 200000, 3000000, 30, 10, 8);  // whole cells, declared first
  project::Project p = bbox_project(
      {layer_spec("other", dir.file("other.tif"), "raster"), layer_spec("dem", dir.file("dem.tif"), "raster")});
  p.grid.align_to = "dem";
  std::string log;
  const Grid g = build(p, &log);
  CHECK(g.xmin == 199990);
  CHECK(g.ymax == 3000050);
  CHECK(g.cols == 13);
  CHECK(g.rows == 10);
  CHECK(log ==
        "oremap: grid: aligned to the lattice of raster layer 'dem' (origin offset 10, 20 m from whole "
        "cells)\n");
}

TEST_CASE("align = [x0, y0] takes the lattice through that point", "[grid][align]") {
  project::Project p = bbox_project({});
  SECTION("a point near the extent") {
    p.grid.align_point = std::array<double, 2>{5, 7};
    // x: floor((200000 - 5) / 30) = 6666 -> 199985; ceil((200360 - 5) / 30) = 6679 -> 200375
    // y: floor((2999750 - 7) / 30) = 99991 -> 2999737; ceil((3000050 - 7) / 30) = 100002 -> 3000067
    const Grid g = build(p);
    CHECK(g.xmin == 199985);
    CHECK(g.ymax == 3000067);
    CHECK(g.cols == 13);
    CHECK(g.rows == 11);
  }
  SECTION("any point of the lattice gives the same grid, negative or far away") {
    // -25 = -1 * 30 + 5 and 3000067 + 300 * 30 = 3009067: the same lattice as [5, 7]
    p.grid.align_point = std::array<double, 2>{-25, 3009067};
    const Grid g = build(p);
    CHECK(g.xmin == 199985);
    CHECK(g.ymax == 3000067);
  }
  SECTION("a point of the whole-cell lattice is \"cell\"") {
    p.grid.align_point = std::array<double, 2>{-300, 600};
    const Grid g = build(p);
    CHECK(g.xmin == 199980);
    CHECK(g.ymax == 3000060);
  }
}

TEST_CASE("rasters on different lattices: a warning naming both and the offset; the first one's lattice",
          "[grid][align]") {
  TempDir dir;
  write_raster(dir.file("a.tif"), 200020, 3000020, 30, 10, 8);  // offset 10, 20
  write_raster(dir.file("b.tif"), 200015, 3000020, 30, 10, 8);  // offset 5, 20: 5 m west of a's
  std::string log;
  const Grid g = build(
      bbox_project({layer_spec("a", dir.file("a.tif"), "raster"), layer_spec("b", dir.file("b.tif"), "raster")}), &log);
  CHECK(g.xmin == 199990);
  CHECK(g.ymax == 3000050);
  CHECK(log ==
        "oremap: warning: grid: raster layers 'a' and 'b' lie on different lattices ('b' is -5, 0 m off 'a'); the "
        "grid takes the lattice of 'a', so 'b' is resampled: set [grid] align to choose\n"
        "oremap: grid: aligned to the lattice of raster layer 'a' (origin offset 10, 20 m from whole cells)\n");
}

TEST_CASE("rasters in another CRS or with another pixel size do not move the grid", "[grid][align]") {
  TempDir dir;
  write_raster(dir.file("geo.tif"), 69.0, 30.0, 0.01, 10, 8, 4326);
  write_raster(dir.file("zone43.tif"), 200020, 3000020, 30, 10, 8, 32643);
  write_raster(dir.file("fine.tif"), 200025, 3000025, 10, 10, 8);
  project::Project p = bbox_project({layer_spec("geo", dir.file("geo.tif"), "raster"),
                                     layer_spec("zone43", dir.file("zone43.tif"), "raster"),
                                     layer_spec("fine", dir.file("fine.tif"), "raster")});
  // A raster that cannot be opened is left to the stage that reads it.
  p.layers.push_back(layer_spec("missing", dir.file("missing.tif"), "raster"));
  std::string log;
  oremap::test::QuietGdalErrors quiet;
  const Grid g = build(p, &log);
  CHECK(g.xmin == 199980);  // whole cells, as with "cell"
  CHECK(g.ymax == 3000060);
  CHECK(log.empty());
}

TEST_CASE("align refuses a layer that is not a raster or whose pixels cannot be the grid's cells", "[grid][align]") {
  TempDir dir;
  write_raster(dir.file("zone43.tif"), 200020, 3000020, 30, 10, 8, 32643);
  write_raster(dir.file("fine.tif"), 200025, 3000025, 10, 10, 8);
  oremap::test::write_text_file(dir.file("roads.geojson"), R"({"type": "FeatureCollection", "features": []})");
  project::Project p = bbox_project({layer_spec("zone43", dir.file("zone43.tif"), "raster"),
                                     layer_spec("fine", dir.file("fine.tif"), "raster"),
                                     layer_spec("roads", dir.file("roads.geojson"))});
  p.grid.align_to = "roads";
  CHECK(grid_error(p) ==
        "grid.align: 'roads' is not a raster layer; give \"cell\", a point [x0, y0] or the id of a raster layer");
  p.grid.align_to = "nowhere";
  CHECK(grid_error(p) ==
        "grid.align: 'nowhere' is not a layer id; give \"cell\", a point [x0, y0] or the id of a raster layer");
  p.grid.align_to = "zone43";
  CHECK(grid_error(p) ==
        "grid.align: raster layer 'zone43' is in EPSG:32643 (WGS 84 / UTM zone 43N), not in the grid's CRS "
        "EPSG:32642 (WGS 84 / UTM zone 42N), so its pixels cannot be the grid's cells: set grid.crs to the layer's "
        "CRS, or use align = \"cell\" (the layer is then resampled)");
  p.grid.align_to = "fine";
  CHECK(grid_error(p) ==
        "grid.align: raster layer 'fine' has pixels of 10 x 10 m, not the grid's cell_size of 30 m, so its pixels "
        "cannot be the grid's cells: set cell_size = 10, or use align = [200025, 3000025] (the lattice through its "
        "corner) or \"cell\" (the layer is then resampled)");
}

TEST_CASE("the lattice keeps the cell-count limit of the grid", "[grid][align]") {
  project::Project p = bbox_project({});
  p.grid.bbox = std::array<double, 4>{-1e7, -1e7, 1e7, 1e7};
  p.grid.cell_size = 0.001;
  p.grid.align_point = std::array<double, 2>{0.0005, 0.0005};
  CHECK_THAT(grid_error(p), Catch::Matchers::StartsWith("grid.cell_size: the grid would have "));
}
