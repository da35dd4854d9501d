// Site-ranking maps rendered end to end on a tiny case whose pixels are known: the files and
// their sizes, the colour of the prospectivity under known points, the SVG's XML and title,
// the PDF, which commodities get a map, progress, and the attribution warning.
#include "stages/sinks/map/site_map.hpp"

#include <cpl_minixml.h>

#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "map_fixture.hpp"
#include "stages/sinks/map/colour.hpp"
#include "stages/sinks/map/style.hpp"

using namespace oremap;
using namespace oremap::sinks;
using oremap::sinks::Rgb;
namespace fs = std::filesystem;

namespace {

struct Png {
  int width = 0, height = 0, bands = 0;
  gdal::DatasetPtr ds;
  Rgb at(int x, int y) const {
    unsigned char v[3] = {0, 0, 0};
    for (int b = 0; b < 3; ++b)
      if (ds->GetRasterBand(b + 1)->RasterIO(GF_Read, x, y, 1, 1, &v[b], 1, 1, GDT_Byte, 0, 0, nullptr) != CE_None)
        throw std::runtime_error("cannot read a PNG pixel");
    return {v[0], v[1], v[2]};
  }
};

// Read back with GDAL's own PNG driver, not with Cairo.
Png read_png(const fs::path& path) {
  gdal::register_drivers();
  const char* drivers[] = {"PNG", nullptr};
  Png p;
  p.ds.reset(GDALDataset::Open(path.string().c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, drivers, nullptr, nullptr));
  if (!p.ds) throw std::runtime_error("GDAL's PNG driver cannot open " + path.string());
  p.width = p.ds->GetRasterXSize();
  p.height = p.ds->GetRasterYSize();
  p.bands = p.ds->GetRasterCount();
  return p;
}

std::string hex(const Rgb& c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
  return buf;
}

}  // namespace

TEST_CASE("render_maps writes a PNG of the requested size, an SVG and a PDF", "[map]") {
  test::MapFixture f;
  const project::Project p = f.load();
  RunContext ctx = f.context(p);
  render_maps(ctx, test::MapFixture::results());
  const fs::path maps = p.output_dir / "maps";
  CHECK(test::folder_listing(maps) == std::vector<std::string>{"copper.pdf", "copper.png", "copper.svg"});
  const Png png = read_png(maps / "copper.png");
  CHECK(png.width == 800);
  CHECK(png.height == 600);
  CHECK(png.bands == 3);
  const std::string pdf = test::read_text_file(maps / "copper.pdf");
  CHECK(pdf.rfind("%PDF-", 0) == 0);
  CHECK(pdf.find("%%EOF") != std::string::npos);
  CHECK(f.log_text.str().find("wrote " + (maps / "copper.png").string()) != std::string::npos);
}

TEST_CASE("the map shows each raster value in its viridis colour", "[map]") {
  test::MapFixture f;
  const project::Project p = f.load();
  RunContext ctx = f.context(p);
  const auto results = test::MapFixture::results();
  render_maps(ctx, results);
  const map::Layout l = plan_layout(ctx, map::read_map_options(p), results);
  const Png png = read_png(p.output_dir / "maps" / "copper.png");
  // Band centres at y = 3015 km (mid-height, clear of sites, road, park, scale bar and north
  // arrow); range = [0, 1], no DEM: matplotlib's viridis(0), (0.25), (0.75), (1).
  struct Case {
    double x;
    const char* colour;
  };
  for (const Case& c :
       {Case{405000, "#440154"}, Case{415000, "#3b528b"}, Case{425000, "#5ec962"}, Case{435000, "#fde725"}}) {
    const int px = static_cast<int>(l.map.px(c.x)), py = static_cast<int>(l.map.py(3015000));
    INFO("x = " << c.x << " -> pixel " << px << ", " << py);
    CHECK(hex(png.at(px, py)) == c.colour);
  }
  // Outside the frame: white page.
  CHECK(hex(png.at(2, 2)) == "#ffffff");
  // Alpha (rank 1, score 0.9): its circle's fill beside the number is score_colour(0.9); Charlie
  // (excluded) is a grey cross whose centre is (110, 110, 110).
  const double r = map::site_radius(1, true, l.u);
  CHECK(png.at(static_cast<int>(l.map.px(410000) + 0.65 * r), static_cast<int>(l.map.py(3026000))) ==
        map::score_colour(0.9));
  const Rgb cross =
      png.at(static_cast<int>(std::lround(l.map.px(404000))), static_cast<int>(std::lround(l.map.py(3006000))));
  CHECK(std::abs(cross.r - 110) <= 12);
  CHECK(cross.r == cross.g);
  CHECK(cross.g == cross.b);
}

TEST_CASE("the SVG is well-formed XML titled with the escaped map title", "[map]") {
  test::MapFixture f(test::MapFixture::default_map() + "title = \"Cu & Au <screening>: {commodity}\"\n");
  const project::Project p = f.load();
  RunContext ctx = f.context(p);
  render_maps(ctx, test::MapFixture::results());
  const std::string svg = test::read_text_file(p.output_dir / "maps" / "copper.svg");
  CPLXMLNode* root = CPLParseXMLString(svg.c_str());
  REQUIRE(root != nullptr);
  const CPLXMLNode* element = CPLSearchXMLNode(root, "=svg");
  REQUIRE(element != nullptr);
  // 800 x 600 px at 96 dpi = 600 x 450 pt.
  CHECK(std::string(CPLGetXMLValue(element, "width", "")) == "600pt");
  CHECK(std::string(CPLGetXMLValue(element, "height", "")) == "450pt");
  CHECK(std::string(CPLGetXMLValue(element, "title", "")) == "Cu & Au <screening>: Copper");
  CPLDestroyXMLNode(root);
  CHECK(svg.find("<title>Cu &amp; Au &lt;screening&gt;: Copper</title>") != std::string::npos);
}

TEST_CASE("every commodity with a model or with sites gets a map", "[map]") {
  test::MapFixture f("[map]\nwidth = 400\nformats = [\"png\"]\nattribution = \"x\"\n");
  const project::Project p = f.load();
  RunContext ctx = f.context(p);
  ctx.model_of_commodity["ree"] = "cu_model";  // a model, no sites
  auto results = test::MapFixture::results();
  sites::CommodityResult gold;  // sites, no model
  gold.commodity = "gold";
  gold.rows = {test::MapFixture::site("Delta", 420000, 3020000, 1, 0.7)};
  results.push_back(gold);
  sites::CommodityResult empty;  // neither
  empty.commodity = "zinc";
  results.push_back(empty);
  CHECK(map_commodities(ctx, results) == std::vector<std::string>{"copper", "gold", "ree"});
  render_maps(ctx, results);
  CHECK(test::folder_listing(p.output_dir / "maps") == std::vector<std::string>{"copper.png", "gold.png", "ree.png"});
  // Without a height the page follows the grid's aspect (and the legend): every map the same size.
  const Png a = read_png(p.output_dir / "maps" / "copper.png"), b = read_png(p.output_dir / "maps" / "gold.png");
  CHECK(a.width == 400);
  CHECK(a.height == b.height);
}

TEST_CASE("the DEM is shaded from the run's raster or warped from its layer", "[map]") {
  test::MapFixture f(test::MapFixture::default_map() + "dem = \"dem\"\n");
  const project::Project p = f.load();
  RunContext ctx = f.context(p);
  ctx.rasters.erase("dem");  // as after `oremap score`, which registers only the models
  render_maps(ctx, test::MapFixture::results());
  const Png png = read_png(p.output_dir / "maps" / "copper.png");
  const map::Layout l = plan_layout(ctx, map::read_map_options(p), test::MapFixture::results());
  // Flat ground: GDAL's hillshade is 181 where level ground scores 180.6, so the colour moves by
  // at most one level from viridis(0) = (68, 1, 84).
  const Rgb c = png.at(static_cast<int>(l.map.px(405000)), static_cast<int>(l.map.py(3015000)));
  CHECK(std::abs(c.r - 68) <= 1);
  CHECK(std::abs(c.g - 1) <= 1);
  CHECK(std::abs(c.b - 84) <= 1);
}

TEST_CASE("progress rises to 1 and a cancel stops the maps", "[map]") {
  test::MapFixture f("[map]\nwidth = 400\nformats = [\"png\"]\nattribution = \"x\"\n");
  const project::Project p = f.load();
  RunContext ctx = f.context(p);
  ctx.model_of_commodity["gold"] = "cu_model";
  std::vector<double> seen;
  ctx.progress = [&seen](double v, const std::string&) {
    seen.push_back(v);
    return true;
  };
  render_maps(ctx, test::MapFixture::results());
  REQUIRE(!seen.empty());
  for (std::size_t i = 1; i < seen.size(); ++i) CHECK(seen[i] >= seen[i - 1]);
  CHECK(seen.back() == 1.0);
  ctx.progress = [](double, const std::string&) { return false; };
  CHECK_THROWS_AS(render_maps(ctx, test::MapFixture::results()), Cancelled);
}

TEST_CASE("a map without attribution warns and says so in its footer", "[map]") {
  test::MapFixture f("[map]\nwidth = 400\nformats = [\"png\"]\n");
  const project::Project p = f.load();
  RunContext ctx = f.context(p);
  render_maps(ctx, test::MapFixture::results());
  CHECK(f.log_text.str().find("warning: [map] attribution is not set") != std::string::npos);
  CHECK(fs::exists(p.output_dir / "maps" / "copper.png"));
}

TEST_CASE("nothing to map writes nothing", "[map]") {
  test::MapFixture f;
  const project::Project p = f.load();
  RunContext ctx(p, f.grid, f.log);
  render_maps(ctx, {});
  CHECK_FALSE(fs::exists(p.output_dir / "maps"));
  CHECK(f.log_text.str().find("no map written") != std::string::npos);
}
