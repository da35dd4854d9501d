// The Pakistan demo (geodata/pakistan/project.toml) run end to end twice, with 1 and 3 threads,
// into temporary folders: every output COG must hold the same pixel values bit for bit and every
// table the same text; every COG passes GDAL's COG validation. The sites without prospectivity
// data are listed unranked, with the reason.
#include <catch2/catch.hpp>
#include <cstring>
#include <nlohmann/json.hpp>

#include "../unit/stages/cog_check.hpp"
#include "../unit/stages/stage_fixture.hpp"
#include "ogr_distance.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

const fs::path kDemo = fs::path(OREMAP_SOURCE_DIR) / "geodata" / "pakistan";

// The demo's project text with its output folder moved to `output` (an absolute path replaces
// the project-relative one); layer paths still resolve from geodata/pakistan.
std::string demo_project(const fs::path& output) {
  std::string text = read_text_file(kDemo / "project.toml");
  const std::string key = "output = \"output\"";
  const auto at = text.find(key);
  if (at == std::string::npos) throw std::runtime_error("the demo project no longer says " + key);
  return text.replace(at, key.size(), "output = \"" + output.string() + "\"");
}

// Bitwise equality of two Float32 rasters (NaN payloads included).
bool same_bits(const fs::path& a, const fs::path& b) {
  auto read = [](const fs::path& p) {
    GDALDatasetUniquePtr ds = open_raster_file(p);
    const int cols = ds->GetRasterXSize(), rows = ds->GetRasterYSize();
    std::vector<float> v(static_cast<std::size_t>(cols) * rows);
    if (ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, cols, rows, v.data(), cols, rows, GDT_Float32, 0, 0, nullptr) !=
        CE_None)
      throw std::runtime_error("cannot read " + p.string());
    return std::make_pair(std::array<int, 2>{cols, rows}, v);
  };
  const auto [size_a, va] = read(a);
  const auto [size_b, vb] = read(b);
  return size_a == size_b && va.size() == vb.size() &&
         std::memcmp(va.data(), vb.data(), va.size() * sizeof(float)) == 0;
}

// The demo's sites without prospectivity data (their 5 km zone holds no cell of the country
// mask: Kundalyan and the Khanneshin records lie in Afghanistan) are listed, not ranked, with the
// reason; the others are ranked 1..n. The three Khanneshin records are reported as duplicates.
void check_unranked_sites(const fs::path& out) {
  int unranked = 0;
  for (const char* c : {"copper", "gold", "ree"}) {
    const nlohmann::json doc = nlohmann::json::parse(read_text_file(out / (std::string("sites_") + c + ".geojson")));
    for (const auto& f : doc["features"]) {
      const auto& p = f["properties"];
      // Metres from Pakistan's polygon (0 inside), by OGR on the demo's country layer.
      const double d = ogr_distance_utm42({f["geometry"]["coordinates"][0], f["geometry"]["coordinates"][1]},
                                          (kDemo / "admin" / "pak_adm0_dissolved.geojson").string());
      INFO(c << " site " << p["name"].get<std::string>() << ", " << d << " m from Pakistan");
      if (d > 4000 && d < 6000) continue;  // the zone's edge: whether a cell centre falls inside is moot
      if (d >= 6000) {
        ++unranked;
        CHECK(p["status"] == "unranked");
        CHECK(p["rank"].is_null());
        CHECK(p["score"].is_null());
        CHECK_THAT(p["reasons"].get<std::string>(), Catch::StartsWith("prospectivity: no value"));
      } else {
        CHECK(p["status"] == "ranked");
        CHECK(p["rank"].get<int>() >= 1);
      }
    }
  }
  CHECK(unranked == 6);  // Kundalyan for copper and gold; four REE records
  const std::string dup = read_text_file(out / "sites_ree_duplicates.csv");
  CHECK(std::count(dup.begin(), dup.end(), '\n') == 5);  // the header and four records of one group
  CHECK_THAT(dup, Catch::Contains("\"42\",Khanneshin,"));
}

}  // namespace

TEST_CASE("the Pakistan demo gives identical outputs with 1 and 3 threads, all valid COGs", "[stages][threads]") {
  TempDir dir;
  const fs::path one = dir.path() / "threads1", three = dir.path() / "threads3";
  Grid grid;
  std::vector<std::string> models;
  {
    StageRun run(kDemo, demo_project(one), kDemo / "project.toml", 1);
    run.run();
    run_site_stages(run.ctx());
    grid = run.grid();
    for (const auto& m : run.project().models) models.push_back(m.id);
  }
  check_unranked_sites(one);
  {
    StageRun run(kDemo, demo_project(three), kDemo / "project.toml", 3);
    run.run();
    run_site_stages(run.ctx());
  }
  const std::vector<std::string> files = folder_listing(one);
  REQUIRE(files == folder_listing(three));
  // Every model of the demo (presets included) wrote its COG.
  REQUIRE(models.size() >= 5);
  for (const auto& id : models) {
    INFO("model " << id);
    CHECK(std::count(files.begin(), files.end(), id + ".tif") == 1);
  }
  for (const auto& name : files) {
    INFO(name);
    const auto ext = fs::path(name).extension();
    if (ext == ".tif") {
      CHECK(same_bits(one / name, three / name));
      check_cog(one / name, grid, 2);
    } else if (ext == ".csv" || ext == ".geojson") {
      CHECK(read_text_file(one / name) == read_text_file(three / name));
    }
  }
}
