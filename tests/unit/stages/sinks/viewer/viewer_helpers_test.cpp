// The viewer's helpers: the viridis colour mapping of prospectivity cells (values from
// matplotlib's published viridis table), the PNG it is written as, and the escaping of data-derived text.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "../../../test_support.hpp"
#include "gdal/handles.hpp"
#include "stages/sinks/map/colour.hpp"
#include "stages/sinks/viewer/colour.hpp"
#include "stages/sinks/viewer/text.hpp"

using namespace oremap;
using namespace oremap::sinks;
namespace fs = std::filesystem;

namespace {

std::vector<int> bytes(const Rgb& c) { return {c.r, c.g, c.b}; }

}  // namespace

TEST_CASE("viridis: matplotlib's entries, clamped; the legend samples the same ramp", "[viewer]") {
  CHECK(bytes(viridis(0.0)) == std::vector<int>{68, 1, 84});     // #440154
  CHECK(bytes(viridis(1.0)) == std::vector<int>{253, 231, 37});  // #fde725
  CHECK(bytes(viridis(0.5)) == std::vector<int>{33, 145, 140});  // entry 128, #21918c
  // matplotlib: viridis(0.25) -> entry floor(0.25 * 256) = 64 = #3b528b.
  CHECK(bytes(viridis(0.25)) == std::vector<int>{59, 82, 139});
  CHECK(bytes(viridis(-0.5)) == bytes(viridis(0.0)));  // clamped
  CHECK(bytes(viridis(7.0)) == bytes(viridis(1.0)));
  CHECK(bytes(viridis(std::nan(""))) == bytes(viridis(0.0)));
  const std::vector<Rgb> stops = legend_stops();
  REQUIRE(stops.size() == 11);
  CHECK(css_hex(stops.front()) == "#440154");
  CHECK(css_hex(stops[1]) == "#482475");  // matplotlib viridis(0.1): entry 25
  CHECK(css_hex(stops[5]) == "#21918c");
  CHECK(css_hex(stops.back()) == "#fde725");
}

TEST_CASE("viridis: a value gets the same colour on the map and in the viewer", "[viewer][map]") {
  const std::vector<float> values = {0.0f, 0.13f, 0.25f, 0.3333f, 0.61f, 0.999f, 1.0f};
  const std::vector<std::uint8_t> rgba = colour_map(values, 0, 1);
  for (std::size_t i = 0; i < values.size(); ++i) {
    INFO("value " << values[i]);
    const Rgb map_colour = viridis(values[i]);  // what the map paints (map/raster.cpp)
    CHECK(std::vector<int>{rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2]} == bytes(map_colour));
  }
}

TEST_CASE("colour_map: values stretched over [lo, hi], nodata transparent", "[viewer]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  // lo = 10, hi = 30: 10 -> t 0, 30 -> t 1, 20 -> t 0.5, 15 -> t 0.25, 0 -> clamped to 0, 99 -> 1.
  const std::vector<float> values = {10, 30, 20, 15, nan, 0, 99, inf};
  const std::vector<std::uint8_t> rgba = colour_map(values, 10, 30);
  REQUIRE(rgba.size() == values.size() * 4);
  auto pixel = [&rgba](std::size_t i) {
    return std::vector<int>{rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2], rgba[4 * i + 3]};
  };
  CHECK(pixel(0) == std::vector<int>{68, 1, 84, 255});
  CHECK(pixel(1) == std::vector<int>{253, 231, 37, 255});
  CHECK(pixel(2) == std::vector<int>{33, 145, 140, 255});
  CHECK(pixel(3) == std::vector<int>{59, 82, 139, 255});  // entry 64
  CHECK(pixel(4) == std::vector<int>{0, 0, 0, 0});        // NaN: transparent
  CHECK(pixel(5) == std::vector<int>{68, 1, 84, 255});
  CHECK(pixel(6) == std::vector<int>{253, 231, 37, 255});
  CHECK(pixel(7) == std::vector<int>{0, 0, 0, 0});  // infinite: transparent
}

TEST_CASE("colour_map: a constant raster (hi == lo) takes the first entry", "[viewer]") {
  const std::vector<std::uint8_t> rgba = colour_map({0.4f, 0.4f}, 0.4, 0.4);
  CHECK(std::vector<int>(rgba.begin(), rgba.begin() + 4) == std::vector<int>{68, 1, 84, 255});
  CHECK(colour_map({}, 0, 1).empty());
}

TEST_CASE("write_png: RGBA pixels read back exactly, no temporary or .aux.xml left", "[viewer]") {
  test::TempDir dir;
  const fs::path png = dir.path() / "overlay.png";
  // 2 x 2: red, transparent / green, half-transparent blue.
  const std::vector<std::uint8_t> rgba = {255, 0, 0, 255, 0, 0, 0, 0, 0, 255, 0, 255, 0, 0, 255, 128};
  write_png(png, 2, 2, rgba);
  REQUIRE(fs::exists(png));
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) files += e.is_regular_file();
  CHECK(files == 1);
  gdal::DatasetPtr ds(GDALDataset::Open(png.string().c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  REQUIRE(ds);
  CHECK(std::string(ds->GetDriver()->GetDescription()) == "PNG");
  REQUIRE(ds->GetRasterCount() == 4);
  CHECK(ds->GetRasterBand(4)->GetColorInterpretation() == GCI_AlphaBand);
  std::vector<std::uint8_t> back(16);
  int bands[4] = {1, 2, 3, 4};
  REQUIRE(ds->RasterIO(GF_Read, 0, 0, 2, 2, back.data(), 2, 2, GDT_Byte, 4, bands, 4, 8, 1, nullptr) == CE_None);
  CHECK(back == rgba);
}

TEST_CASE("write_png: a buffer of the wrong size is refused with the file named", "[viewer]") {
  test::TempDir dir;
  const fs::path png = dir.path() / "bad.png";
  CHECK_THROWS_WITH(write_png(png, 2, 2, std::vector<std::uint8_t>(12)),
                    png.string() + ": internal error: image buffer does not match 2 x 2 RGBA pixels");
  CHECK_FALSE(fs::exists(png));
}

TEST_CASE("html_escape: markup in data becomes text", "[viewer]") {
  CHECK(html_escape("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;");
  CHECK(html_escape("Tom & \"Jerry\" 'n' co") == "Tom &amp; &quot;Jerry&quot; &#39;n&#39; co");
  CHECK(html_escape("&amp;") == "&amp;amp;");                      // escaping twice is visible, never undone
  CHECK(html_escape("ریکوڈک — Reko Diq") == "ریکوڈک — Reko Diq");  // UTF-8 passes unchanged
  CHECK(html_escape("") == "");
}

TEST_CASE("safe_stem: only [A-Za-z0-9_-] reach a file name", "[viewer]") {
  CHECK(safe_stem("copper") == "copper");
  CHECK(safe_stem("../etc/passwd") == "___etc_passwd");
  CHECK(safe_stem("roads 2024.v2") == "roads_2024_v2");
  CHECK(safe_stem("a<b>\"c\"") == "a_b__c_");
  CHECK(safe_stem("") == "layer");
}

TEST_CASE("fill_placeholder: every occurrence, and a value holding the token is not expanded again", "[viewer]") {
  CHECK(fill_placeholder("<t>{{TITLE}}</t><h1>{{TITLE}}</h1>", "TITLE", "A &amp; B") ==
        "<t>A &amp; B</t><h1>A &amp; B</h1>");
  CHECK(fill_placeholder("x{{A}}y", "A", "{{A}}") == "x{{A}}y");
  CHECK(fill_placeholder("no token", "A", "z") == "no token");
}
