// [map] deposits (known deposits drawn as stars with their own legend entry) and [map]
// rank_intervals (the top-N list gives each site's Monte-Carlo 5-95 % rank interval).
#include <catch2/catch.hpp>

#include "map_fixture.hpp"
#include "stages/sinks/map/legend.hpp"
#include "stages/sinks/map/options.hpp"
#include "stages/sinks/map/site_map.hpp"

using namespace oremap;
using namespace oremap::sinks;
namespace fs = std::filesystem;

namespace {

// A layer of known deposits: one point in the fixture's yellow band (model value 1, x 430-440 km),
// clear of the sites, the road, the park, the scale bar and the north arrow.
const std::string kKnown = "\n[[layers]]\nid = \"known\"\npath = \"known.geojson\"\ncrs = \"EPSG:32642\"\n";

void write_known(const test::MapFixture& f) {
  test::write_text_file(f.dir.file("known.geojson"),
                        test::feature_collection({{test::geo_point(435000, 3015000), "\"name\":\"Known\""}}));
}

// The PNG pixel at grid point (x, y) of the copper map, as GDAL's PNG driver reads it.
Rgb pixel(const fs::path& png, const map::Layout& l, double x, double y) {
  gdal::register_drivers();
  const char* drivers[] = {"PNG", nullptr};
  gdal::DatasetPtr ds(
      GDALDataset::Open(png.string().c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, drivers, nullptr, nullptr));
  REQUIRE(ds);
  unsigned char v[3] = {0, 0, 0};
  const int px = static_cast<int>(l.map.px(x)), py = static_cast<int>(l.map.py(y));
  for (int b = 0; b < 3; ++b)
    REQUIRE(ds->GetRasterBand(b + 1)->RasterIO(GF_Read, px, py, 1, 1, &v[b], 1, 1, GDT_Byte, 0, 0, nullptr) == CE_None);
  return {v[0], v[1], v[2]};
}

}  // namespace

TEST_CASE("[map] deposits and rank_intervals: defaults and values", "[map][deposits]") {
  test::MapFixture plain("");
  const map::MapOptions d = map::read_map_options(plain.load());
  CHECK(d.deposits.empty());
  CHECK_FALSE(d.rank_intervals);
  CHECK(d.deposits_of("copper").empty());

  test::MapFixture f("[map]\ndeposits = { copper = \"known\" }\nrank_intervals = true\n" + kKnown);
  write_known(f);
  const map::MapOptions o = map::read_map_options(f.load());
  CHECK(o.deposits == std::vector<std::pair<std::string, std::string>>{{"copper", "known"}});
  CHECK(o.deposits_of("copper") == "known");
  CHECK(o.deposits_of("gold").empty());
  CHECK(o.rank_intervals);
}

TEST_CASE("[map] deposits: a white star on the deposit, over the prospectivity colour", "[map][deposits]") {
  const auto results = test::MapFixture::results();
  for (const bool drawn : {false, true}) {
    test::MapFixture f(test::MapFixture::default_map() + (drawn ? "deposits = { copper = \"known\" }\n" : "") + kKnown);
    write_known(f);
    const project::Project p = f.load();
    RunContext ctx = f.context(p);
    render_maps(ctx, results);
    const map::Layout l = plan_layout(ctx, map::read_map_options(p), results);
    const fs::path png = p.output_dir / "maps" / "copper.png";
    // The star's centre is white; without the option the yellow band shows: viridis(1) = #fde725.
    INFO("deposits drawn: " << drawn);
    CHECK(pixel(png, l, 435000, 3015000) == (drawn ? Rgb{255, 255, 255} : Rgb{0xfd, 0xe7, 0x25}));
    // 3 km west of it the band is untouched either way.
    CHECK(pixel(png, l, 432000, 3015000) == Rgb{0xfd, 0xe7, 0x25});
  }
}

TEST_CASE("[map] deposits: the legend gains a 'Known deposits' heading and a row", "[map][deposits]") {
  // Measured, not drawn: a heading takes 8 + 9 + 4 pt after earlier rows, a symbol row 13 pt.
  map::SurfacePtr s = map::own_surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10), "test");
  map::CairoPtr cr = map::own_context(cairo_create(s.get()), "test");
  const map::Box panel{0, 0, 300, 2000};
  map::LegendContent c;
  c.model = "cu_model (weighted)";
  c.range = std::array<double, 2>{0, 1};
  const double without = map::draw_legend(cr.get(), panel, c, 1.0, false);
  c.deposits = "known";
  const double with = map::draw_legend(cr.get(), panel, c, 1.0, false);
  CHECK(with - without == Approx(8 + 9 + 4 + 13));
}

TEST_CASE("[map] rank_intervals: the 5-95 % rank interval as the legend writes it", "[map][deposits]") {
  CHECK(map::rank_interval_text(2, 5) == "2\u20135");
  CHECK(map::rank_interval_text(1, 1) == "1");
  CHECK(map::rank_interval_text(0, 0).empty());  // no draws
}
