// The viewer's helpers: the viridis colour mapping of prospectivity cells (values computed by
// hand from the ramp's stops), the PNG it is written as, and the escaping of data-derived text.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "../test_support.hpp"
#include "gdal/handles.hpp"
#include "stages/sinks/viewer/colour.hpp"
#include "stages/sinks/viewer/text.hpp"

using namespace oremap;
using namespace oremap::sinks;
namespace fs = std::filesystem;

namespace {

std::vector<int> bytes(const Rgba& c) { return {c.r, c.g, c.b, c.a}; }

}  // namespace

TEST_CASE("viridis: the end stops, a stop and a point between two stops", "[viewer]") {
  CHECK(bytes(viridis(0.0)) == std::vector<int>{68, 1, 84, 255});     // #440154
  CHECK(bytes(viridis(1.0)) == std::vector<int>{253, 231, 37, 255});  // #fde725
  CHECK(bytes(viridis(0.5)) == std::vector<int>{33, 145, 140, 255});  // stop 5, #21918c
  // 0.25 is halfway between stop 2 (65, 68, 135) and stop 3 (53, 95, 141):
  // (65+53)/2 = 59, (68+95)/2 = 81.5 -> 82 (rounded half away from zero), (135+141)/2 = 138.
  CHECK(bytes(viridis(0.25)) == std::vector<int>{59, 82, 138, 255});
  CHECK(bytes(viridis(-0.5)) == bytes(viridis(0.0)));  // clamped
  CHECK(bytes(viridis(7.0)) == bytes(viridis(1.0)));
  CHECK(bytes(viridis(std::nan(""))) == bytes(viridis(0.0)));
  CHECK(viridis_stops().size() == 11);
  CHECK(css_hex(viridis(0.5)) == "#21918c");
  CHECK(css_hex(viridis_stops().front()) == "#440154");
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
  CHECK(pixel(3) == std::vector<int>{59, 82, 138, 255});
  CHECK(pixel(4) == std::vector<int>{0, 0, 0, 0});  // NaN: transparent
  CHECK(pixel(5) == std::vector<int>{68, 1, 84, 255});
  CHECK(pixel(6) == std::vector<int>{253, 231, 37, 255});
  CHECK(pixel(7) == std::vector<int>{0, 0, 0, 0});  // infinite: transparent
}

TEST_CASE("colour_map: a constant raster (hi == lo) takes the first stop", "[viewer]") {
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
