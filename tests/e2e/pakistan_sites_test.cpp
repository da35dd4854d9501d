// Site scoring on the bundled Pakistan data (tests/e2e/sites_pakistan.toml): every commodity
// ranked, distances equal to a brute-force OGR computation, the port distance equal to PROJ's
// `geod` on the files' own lon/lat, flags where governance is missing, valid RFC 7946 output.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../unit/test_support.hpp"
#include "gdal/handles.hpp"
#include "ogr_distance.hpp"
#include "stages/pipeline.hpp"
#include "stages/sources/grid_builder.hpp"

using namespace oremap;
using namespace oremap::sites;

namespace {

std::ostringstream sink;
Log quiet_log(sink, Verbosity::quiet);

const std::string kProject = std::string(OREMAP_SOURCE_DIR) + "/tests/e2e/sites_pakistan.toml";
const std::string kData = std::string(OREMAP_SOURCE_DIR) + "/geodata/pakistan/";

struct Demo {
  test::TempDir out;
  project::Project p = project::load_project(kProject);
  Grid grid = sources::build_grid(p, quiet_log);
  std::vector<CommodityResult> results;
  Demo() {
    p.output_dir = out.path();
    RunContext ctx(p, grid, quiet_log);
    ctx.threads = 2;
    results = run_site_stages(ctx);
  }
  const CommodityResult& commodity(const std::string& name) const {
    for (const auto& r : results)
      if (r.commodity == name) return r;
    throw std::runtime_error("no commodity " + name);
  }
};

// Point of a site by name, in lon/lat, read straight from the file with OGR.
std::array<double, 2> site_lonlat(const std::string& name) {
  gdal::DatasetPtr ds =
      gdal::open_dataset(kData + "deposits/gold_ree_candidates_pakistan_region.geojson", GDAL_OF_VECTOR);
  for (auto& f : *ds->GetLayer(0))
    if (std::string(f->GetFieldAsString("site_name")) == name) {
      const OGRPoint* p = f->GetGeometryRef()->toPoint();
      return {p->getX(), p->getY()};
    }
  throw std::runtime_error("no site " + name);
}

// Brute force: the smallest OGR (not oremap) distance to every feature of a demo layer.
double brute_force_distance(const std::array<double, 2>& lonlat, const std::string& file) {
  return test::ogr_distance_utm42(lonlat, kData + file);
}

}  // namespace

TEST_CASE("Pakistan demo: Cu, Au and REE sites ranked against infrastructure and governance", "[sites][e2e]") {
  Demo d;
  const CommodityResult& cu = d.commodity("copper");
  const CommodityResult& au = d.commodity("gold");
  const CommodityResult& ree = d.commodity("ree");
  CHECK(cu.rows.size() == 5);
  CHECK(ree.rows.size() == 5);  // four REE records in Afghanistan and the Loe Shilman carbonatite
  CHECK(au.rows.size() >= 5);
  for (const auto* r : {&cu, &au, &ree}) {
    int expected = 1;
    for (const auto& row : r->rows)
      if (row.rank) CHECK(row.rank == expected++);
    CHECK(r->rows.front().rank == 1);
  }
  // Road and rail distances against a brute-force OGR computation over every feature.
  for (const auto& row : cu.rows) {
    INFO(row.name);
    const auto lonlat = site_lonlat(row.name);
    CHECK(row.cells[0].raw ==
          Approx(brute_force_distance(lonlat, "infrastructure/schematic_roads_pakistan.geojson")).epsilon(1e-9));
    CHECK(row.cells[1].raw ==
          Approx(brute_force_distance(lonlat, "infrastructure/schematic_railways_pakistan.geojson")).epsilon(1e-9));
    CHECK(row.cells[3].raw ==
          Approx(brute_force_distance(lonlat, "infrastructure/ne10m_populated_places.geojson")).epsilon(1e-9));
  }
  // Geodesic port distance of Reko Diq: PROJ's geod between the file's own coordinates.
  for (const auto& row : cu.rows) {
    if (row.name != "Reko Diq") continue;
    const auto site = site_lonlat("Reko Diq");
    gdal::DatasetPtr ports = gdal::open_dataset(kData + "infrastructure/ne10m_ports.geojson", GDAL_OF_VECTOR);
    for (auto& f : *ports->GetLayer(0)) {
      if (row.cells[2].feature != f->GetFieldAsString("name")) continue;
      const OGRPoint* port = f->GetGeometryRef()->toPoint();
      char cmd[256];
      std::snprintf(cmd, sizeof cmd, "echo '%.10f %.10f %.10f %.10f' | geod +ellps=WGS84 -I -f '%%.4f' +units=m",
                    site[1], site[0], port->getY(), port->getX());
      std::istringstream out(test::run_ok(cmd));
      double az1 = 0, az2 = 0, s12 = 0;
      out >> az1 >> az2 >> s12;
      CHECK(row.cells[2].raw == Approx(s12).margin(0.01));
    }
  }
  // Khanneshin lies in Afghanistan, outside every province: the declared default, flagged.
  for (const auto& row : ree.rows)
    if (row.name == "Khanneshin") {
      CHECK(row.cells[4].raw == 30.0);
      CHECK_THAT(row.flags.front(), Catch::Matchers::Contains("governance: in no region; default 30 used"));
    }
}

TEST_CASE("Pakistan demo: the written GeoJSON follows RFC 7946", "[sites][e2e]") {
  Demo d;
  for (const char* c : {"copper", "gold", "ree"}) {
    const auto path = d.out.path() / (std::string("sites_") + c + ".geojson");
    REQUIRE(std::filesystem::exists(path));
    const nlohmann::json doc = nlohmann::json::parse(test::read_text_file(path));
    CHECK_FALSE(doc.contains("crs"));
    CHECK(doc.contains("bbox"));
    for (const auto& f : doc["features"]) {
      const double lon = f["geometry"]["coordinates"][0], lat = f["geometry"]["coordinates"][1];
      CHECK(lon > 60.0);
      CHECK(lon < 78.0);
      CHECK(lat > 23.0);
      CHECK(lat < 38.0);
    }
    if (test::run_command("command -v node").exit_code == 0 &&
        std::filesystem::exists(std::string(OREMAP_SOURCE_DIR) + "/tools/node/node_modules")) {
      test::CommandResult r = test::run_command("node " + std::string(OREMAP_SOURCE_DIR) +
                                                "/tools/node/check-geojson.js " + test::shell_quote(path.string()));
      INFO(r.out);
      CHECK(r.exit_code == 0);
    } else {
      WARN("node or tools/node/node_modules missing: run tools/setup-node; the npm GeoJSON validators were skipped");
    }
  }
}
