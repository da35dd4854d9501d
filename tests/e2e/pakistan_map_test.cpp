// The map renderer on the bundled Pakistan data (geodata/pakistan, lon/lat GeoJSON and an
// ETOPO5 GeoTIFF): real layers reprojected to UTM 42N, the DEM warped for the hillshade,
// towns named, and every file written and readable.
#include <cpl_minixml.h>

#include <catch2/catch.hpp>

#include "../unit/stages/stage_fixture.hpp"
#include "stages/sinks/map/colour.hpp"
#include "stages/sinks/map/site_map.hpp"
#include "stages/sources/grid_builder.hpp"

using namespace oremap;
namespace fs = std::filesystem;

namespace {

const std::string kData = std::string(OREMAP_SOURCE_DIR) + "/geodata/pakistan/";

std::string project_text(const std::string& out) {
  return R"(
[project]
name = "Pakistan map test"
output = ")" +
         out + R"("

[grid]
crs = "EPSG:32642"
cell_size = 5000
extent_layer = "country"
buffer = 20000

[[layers]]
id = "country"
path = ")" +
         kData + R"(admin/pak_adm0_dissolved.geojson"

[[layers]]
id = "provinces"
path = ")" +
         kData + R"(admin/pak_adm1_provinces_dissolved.geojson"

[[layers]]
id = "roads"
path = ")" +
         kData + R"(infrastructure/schematic_roads_pakistan.geojson"

[[layers]]
id = "railways"
path = ")" +
         kData + R"(infrastructure/schematic_railways_pakistan.geojson"

[[layers]]
id = "ports"
path = ")" +
         kData + R"(infrastructure/ne10m_ports.geojson"

[[layers]]
id = "towns"
path = ")" +
         kData + R"(infrastructure/ne10m_populated_places.geojson"

[[layers]]
id = "parks"
path = ")" +
         kData + R"(protected/schematic_national_parks_pakistan.geojson"

[[layers]]
id = "dem"
path = ")" +
         kData + R"(raster/etopo5_pakistan.tif"
resampling = "bilinear"

[[exclusions]]
id = "national_park"
layer = "parks"

[map]
width = 1600
dpi = 150
formats = ["png", "svg"]
boundaries = ["country", "provinces"]
infrastructure = ["roads", "railways", "ports", "towns"]
dem = "dem"
attribution = "Boundaries: geoBoundaries; Natural Earth. Elevation: NOAA ETOPO5. Schematic routes use GeoNames (CC BY 4.0)."
)";
}

sites::SiteRow site(const std::string& name, double lon, double lat, int rank, double score) {
  const auto xy = test::gdaltransform("EPSG:4326", "EPSG:32642", lon, lat);
  sites::SiteRow r;
  r.name = name;
  r.x = xy[0];
  r.y = xy[1];
  r.rank = rank;
  r.excluded = rank == 0;
  r.score = score;
  return r;
}

}  // namespace

TEST_CASE("maps of the Pakistan demo data", "[map][e2e]") {
  test::TempDir dir;
  const project::Project p = project::parse_project(project_text(dir.file("out")), dir.file("p.toml"), dir.path());
  std::ostringstream log_text;
  Log log(log_text, Verbosity::verbose);
  const Grid grid = sources::build_grid(p, log);
  // A west-to-east gradient from 0 to 1 as the copper model.
  std::vector<double> v;
  for (int r = 0; r < grid.rows; ++r)
    for (int c = 0; c < grid.cols; ++c) v.push_back(static_cast<double>(c) / (grid.cols - 1));
  test::write_grid_raster(dir.file("cu.tif"), grid, v);
  RunContext ctx(p, grid, log);
  ctx.rasters["cu"] = fs::path(dir.file("cu.tif"));
  ctx.model_of_commodity["copper"] = "cu";  // the DEM is not in ctx.rasters: it is warped from its layer

  sites::CommodityResult cu;
  cu.commodity = "copper";
  cu.rows = {site("Reko Diq", 62.18, 29.12, 1, 0.82), site("Saindak", 61.58, 29.23, 2, 0.71),
             site("Hingol prospect", 65.5, 25.6, 0, 0)};
  sinks::render_maps(ctx, {cu});

  const fs::path png = p.output_dir / "maps" / "copper.png";
  auto ds = test::open_raster_file(png);
  CHECK(ds->GetRasterXSize() == 1600);
  CHECK(ds->GetRasterYSize() > 1000);  // Pakistan is taller than wide: the page grows to fit
  CPLXMLNode* svg = CPLParseXMLFile((p.output_dir / "maps" / "copper.svg").string().c_str());
  REQUIRE(svg != nullptr);
  CHECK(std::string(CPLGetXMLValue(CPLSearchXMLNode(svg, "=svg"), "title", "")) ==
        "Copper prospectivity and ranked sites");
  CPLDestroyXMLNode(svg);
  CHECK(log_text.str().find("wrote " + png.string()) != std::string::npos);
}
