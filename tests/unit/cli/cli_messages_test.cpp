// Figures that were silently wrong or unexplained (issue 9, point 7), as the user meets them: the
// oremap CLI in a separate process on a small broken project, asserting the exit code and that
// the message names the key or file and the fix. Expected numbers are computed here.
#include <sys/mount.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <sstream>

#include "../stages/stage_fixture.hpp"

using namespace oremap;
using namespace oremap::test;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

namespace {

CommandResult oremap_cli(const std::string& args) { return run_command(shell_quote(OREMAP_BINARY) + " " + args); }

// 1-based line and column of the first occurrence of `needle` in `text`.
std::string position(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  REQUIRE(at != std::string::npos);
  const std::size_t line_start = text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
  return std::to_string(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n') + 1) + ":" +
         std::to_string(at - line_start + 1);
}

const std::string kPoint = R"({"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [69.5, 30]}}]})";

}  // namespace

TEST_CASE("messages: a directory given as the project file says so and names the .toml inside", "[cli][messages]") {
  TempDir dir;
  write_text_file(dir.file("site.geojson"), kPoint);
  write_text_file(dir.file("project.toml"),
                  "[grid]\ncell_size = 1000\nbbox = [68, 29, 71, 31]\n\n[[layers]]\n"
                  "id = \"site\"\npath = \"site.geojson\"\n");
  for (const char* command : {"validate", "run", "inspect"}) {
    INFO(command);
    const CommandResult r = oremap_cli(std::string(command) + " " + shell_quote(dir.path().string()));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains(dir.path().string() +
                               ": is a directory, not a project file; give the project's "
                               ".toml file, e.g. " +
                               dir.file("project.toml")));
    CHECK_THAT(r.err, !Contains("[grid]"));
  }
  // An empty folder: no suggestion, the same message.
  fs::create_directories(dir.path() / "empty");
  const CommandResult r = oremap_cli("validate " + shell_quote(dir.file("empty")));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err,
             Contains(dir.file("empty") + ": is a directory, not a project file; give the project's .toml file\n"));
}

TEST_CASE("messages: a bbox outside its CRS's range is refused at validation, naming grid.bbox", "[cli][messages]") {
  TempDir dir;
  write_text_file(dir.file("site.geojson"), kPoint);
  const std::string layers = "\n[[layers]]\nid = \"site\"\npath = \"site.geojson\"\n";
  SECTION("lon/lat of +-1e308 in EPSG:4326 (the default bbox_crs)") {
    const std::string text = "[grid]\ncell_size = 1000\nbbox = [-1e308, -1e308, 1e308, 1e308]\n" + layers;
    write_text_file(dir.file("p.toml"), text);
    const std::string file = dir.file("p.toml");
    const CommandResult r = oremap_cli("validate " + shell_quote(file));
    CHECK(r.exit_code == 2);
    const std::string fix =
        "; give bbox as [lon min, lat min, lon max, lat max] in degrees, or set bbox_crs to the "
        "CRS of your coordinates\n";
    // the four values start at columns 9, 17, 25 and 32 of line 3
    CHECK(r.err == file +
                       ":3:9: grid.bbox: longitude -1e+308 is outside -180..180 degrees (bbox_crs EPSG:4326 is "
                       "geographic)" +
                       fix + file +
                       ":3:17: grid.bbox: latitude -1e+308 is outside -90..90 degrees (bbox_crs EPSG:4326 is "
                       "geographic)" +
                       fix + file +
                       ":3:25: grid.bbox: longitude 1e+308 is outside -180..180 degrees (bbox_crs EPSG:4326 is "
                       "geographic)" +
                       fix + file +
                       ":3:32: grid.bbox: latitude 1e+308 is outside -90..90 degrees (bbox_crs EPSG:4326 is "
                       "geographic)" +
                       fix + "oremap: 4 problem(s) in the project file\n");
  }
  SECTION("metres beyond the Earth in a projected bbox_crs") {
    const std::string text = "[grid]\ncell_size = 1000\nbbox_crs = \"EPSG:32642\"\nbbox = [0, 0, 5e8, 100]\n" + layers;
    write_text_file(dir.file("p.toml"), text);
    const std::string file = dir.file("p.toml");
    const CommandResult r = oremap_cli("validate " + shell_quote(file));
    CHECK(r.exit_code == 2);
    CHECK(r.err == file + ":" + position(text, "5e8") +
                       ": grid.bbox: 500000000 is beyond 100,000 km from the origin of bbox_crs EPSG:32642: not a "
                       "place on Earth; give bbox in the units of bbox_crs, or set bbox_crs to the CRS of your "
                       "coordinates\noremap: 1 problem(s) in the project file\n");
  }
  SECTION("the limits themselves are accepted") {
    write_text_file(dir.file("p.toml"),
                    "[grid]\ncell_size = 1000\ncrs = \"EPSG:3857\"\nbbox = [-180, -85, 180, 85]\n" + layers);
    const CommandResult r = oremap_cli("--quiet validate " + shell_quote(dir.file("p.toml")));
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
  }
}

TEST_CASE("messages: a grid too large to hold says how many cells it would have and the limit", "[cli][messages]") {
  TempDir dir;
  write_text_file(dir.file("site.geojson"), kPoint);
  // 2 km x 2 km in cells of 1e-300 m: 2000 / 1e-300 = 2e303 columns and rows, 4e606 cells (beyond
  // a double's range: the count must not become inf, nor wrap into an int).
  write_text_file(dir.file("p.toml"), R"([project]
output = "out"

[grid]
crs = "EPSG:32642"
bbox_crs = "EPSG:32642"
bbox = [500000, 3000000, 502000, 3002000]
cell_size = 1e-300

[[layers]]
id = "site"
path = "site.geojson"
crs = "EPSG:4326"
)");
  std::ostringstream side;
  side.precision(3);
  side << 2000 / 1e-300;
  REQUIRE(side.str() == "2e+303");
  for (const char* command : {"run", "inspect"}) {
    INFO(command);
    const CommandResult r = oremap_cli(std::string("--quiet ") + command + " " + shell_quote(dir.file("p.toml")));
    CHECK(r.exit_code == 2);
    CHECK(r.err == "oremap: error: grid.cell_size: the grid would have 4e+606 cells (" + side.str() + " x " +
                       side.str() +
                       " of 1e-300 m); the limit is 4000000000 cells and 2147483647 columns or rows: "
                       "raise [grid] cell_size or shrink the extent\n");
    CHECK_THAT(r.err, !Contains("no data cells"));
  }
}

namespace {

// Sites with ids in attribute "sid", a road to measure to, and a project scoring them.
std::string sites_project(const TempDir& dir, const std::string& sites_properties_a,
                          const std::string& sites_properties_b, const std::string& sites_properties_c) {
  write_text_file(dir.file("sites.geojson"), feature_collection({{geo_point(500500, 3000500), sites_properties_a},
                                                                 {geo_point(501500, 3000500), sites_properties_b},
                                                                 {geo_point(501500, 3001500), sites_properties_c}}));
  write_text_file(dir.file("roads.geojson"),
                  feature_collection({{geo_line({{500000, 3001000}, {502000, 3001000}}), ""}}));
  return grid_toml(500000, 3000000, 1000, 2, 2) + R"(
[[layers]]
id = "sites"
path = "sites.geojson"
crs = "EPSG:32642"

[[layers]]
id = "roads"
path = "roads.geojson"
crs = "EPSG:32642"

[sites]
layer = "sites"
id_field = "sid"
commodities = { copper = "cu = 1", gold = "au = 1" }
draws = 10

[[criteria]]
id = "road"
kind = "distance"
layer = "roads"
weight = 1
bounds = [0, 5000]
better = "lower"
)";
}

}  // namespace

TEST_CASE("messages: two sites of one commodity with one id stop the run, naming layer, id and fix",
          "[cli][messages][sites]") {
  TempDir dir;
  // Features 0 and 2 (GeoJSON feature ids count from 0) are both copper sites "S1".
  write_text_file(dir.file("p.toml"),
                  sites_project(dir, R"("sid": "S1", "cu": 1, "au": 0)", R"("sid": "S2", "cu": 1, "au": 1)",
                                R"("sid": "S1", "cu": 1, "au": 0)"));
  const CommandResult r = oremap_cli("--quiet run " + shell_quote(dir.file("p.toml")));
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.err, Contains("oremap: error: sites (" + dir.file("sites.geojson") +
                             "): site id 'S1' (id_field \"sid\") is shared by features 0 and 2 among the copper "
                             "sites; site ids name the rows of every output and break ranking ties, so they must be "
                             "unique: set [sites] id_field to an attribute with unique values, or remove id_field to "
                             "use the feature ids"));
  CHECK(!fs::exists(dir.path() / "out" / "sites_copper.csv"));
}

TEST_CASE("messages: one record per site and commodity may repeat an id across commodities", "[cli][messages][sites]") {
  TempDir dir;
  // "S1" is a copper record and a gold record: each commodity's table still has one row per id.
  write_text_file(dir.file("p.toml"),
                  sites_project(dir, R"("sid": "S1", "cu": 1, "au": 0)", R"("sid": "S2", "cu": 1, "au": 1)",
                                R"("sid": "S1", "cu": 0, "au": 1)"));
  const CommandResult r = oremap_cli("--quiet run " + shell_quote(dir.file("p.toml")));
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(fs::exists(dir.path() / "out" / "sites_copper.csv"));
  CHECK(fs::exists(dir.path() / "out" / "sites_gold.csv"));
}

namespace {

// A tmpfs of `kib` KiB mounted at `dir` for the test's lifetime (root only; otherwise mounted() is false).
class SmallDisk {
 public:
  SmallDisk(const fs::path& dir, int kib) : dir_(dir) {
    fs::create_directories(dir);
    const std::string options = "size=" + std::to_string(kib) + "k";
    mounted_ = ::geteuid() == 0 && ::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) ::umount(dir_.c_str());
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;
  bool mounted() const { return mounted_; }

 private:
  fs::path dir_;
  bool mounted_ = false;
};

}  // namespace

TEST_CASE("messages: a disk too small for the run is named before the run starts", "[cli][messages][disk]") {
  TempDir dir;
  // 512 x 512 cells: the model's intermediate is 1 MiB of Float32, the disk 256 KiB.
  const Grid grid = make_grid(32642, 500000, 3000000 + 512 * 100, 100, 512, 512);
  std::vector<double> values(512 * 512);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<double>(i % 977) / 977;
  write_grid_raster(dir.path() / "e.tif", grid, values);
  write_text_file(dir.file("p.toml"), grid_toml(500000, 3000000, 100, 512, 512) + R"(
[[layers]]
id = "e"
path = "e.tif"

[[models]]
id = "m"
commodity = "copper"
kind = "weighted"
inputs = ["e"]
weights = [1]
)");
  const fs::path out = dir.path() / "out";
  SmallDisk disk(out, 256);
  if (!disk.mounted()) {
    WARN("not root or no tmpfs: the full-disk test is skipped");
    return;
  }
  const CommandResult r = oremap_cli("--quiet run " + shell_quote(dir.file("p.toml")));
  CHECK(r.exit_code == 5);
  // The plan writes one raster, the model's 1 MiB intermediate, and its COG overviews beside
  // it (a third more: 1.33 MiB): more than the disk holds.
  CHECK_THAT(r.err, Contains("oremap: error: the run needs up to 1.3 MiB of temporary disk in " + out.string() +
                             "/.oremap-work-"));
  CHECK_THAT(r.err, Contains("(on " + out.string() + "), and "));
  CHECK_THAT(r.err, Contains(" is free; free space there, set [project] output to a folder on another disk"));
  CHECK_FALSE(fs::exists(out / "m.tif"));
}

TEST_CASE("messages: a full disk while writing a text output names it too", "[cli][messages][disk]") {
  TempDir dir;
  write_text_file(dir.file("site.geojson"), kPoint);
  write_text_file(dir.file("p.toml"),
                  grid_toml(500000, 3000000, 1000, 2, 2) +
                      "\n[[layers]]\nid = \"site\"\npath = \"site.geojson\"\ncrs = \"EPSG:4326\"\n");
  const fs::path out = dir.path() / "out";
  SmallDisk disk(out, 64);
  if (!disk.mounted()) {
    WARN("not root or no tmpfs: the full-disk test is skipped");
    return;
  }
  // Fill the disk: the first file a run writes, the marker of its work folder, finds no room.
  run_command("dd if=/dev/zero of=" + shell_quote((out / "filler").string()) + " bs=4096 2>/dev/null");
  const CommandResult r = oremap_cli("--quiet run " + shell_quote(dir.file("p.toml")));
  CHECK(r.exit_code == 5);
  CHECK_THAT(r.err, StartsWith("oremap: error: no space left on " + out.string() + " while writing " +
                               (out / ".oremap-work-").string()));
  CHECK_THAT(r.err, EndsWith("/.oremap-run; free space there, or set [project] output to a folder on another disk\n"));
}
