// The map's colour ramps against matplotlib's published viridis values.
#include <catch2/catch.hpp>
#include <cmath>

#include "stages/sinks/map/colour.hpp"

using namespace oremap::sinks;
using namespace oremap::sinks::map;

namespace {

Rgb hex(unsigned v) {
  return {static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 8 & 0xff),
          static_cast<std::uint8_t>(v & 0xff)};
}

}  // namespace

TEST_CASE("viridis matches matplotlib's published colours", "[map]") {
  // matplotlib.cm.viridis(t) for t = 0, 0.25, 0.5, 0.75, 1 (entry floor(t * 256), capped at 255).
  CHECK(viridis(0.0) == hex(0x440154));
  CHECK(viridis(0.25) == hex(0x3b528b));
  CHECK(viridis(0.5) == hex(0x21918c));
  CHECK(viridis(0.75) == hex(0x5ec962));
  CHECK(viridis(1.0) == hex(0xfde725));
  CHECK(viridis_entry(0) == hex(0x440154));
  CHECK(viridis_entry(255) == hex(0xfde725));
}

TEST_CASE("viridis clamps out-of-range and NaN values", "[map]") {
  CHECK(viridis(-3) == hex(0x440154));
  CHECK(viridis(7) == hex(0xfde725));
  CHECK(viridis(std::nan("")) == hex(0x440154));
  CHECK(viridis_entry(-1) == hex(0x440154));
  CHECK(viridis_entry(300) == hex(0xfde725));
}

TEST_CASE("viridis grows lighter from end to end", "[map]") {
  // Monotonic in perceived lightness (CAM02-UCS J'); sRGB luma, a cruder measure, dips by less
  // than 0.001 between neighbours twice.
  for (int i = 1; i < 256; ++i) CHECK(luma(viridis_entry(i)) > luma(viridis_entry(i - 1)) - 0.001);
  CHECK(luma(viridis_entry(255)) - luma(viridis_entry(0)) > 0.7);
}

TEST_CASE("score colours run from light to dark red", "[map]") {
  CHECK(score_colour(0) == hex(0xfee0d2));
  CHECK(score_colour(1.0 / 3) == hex(0xfc9272));
  CHECK(score_colour(2.0 / 3) == hex(0xde2d26));
  CHECK(score_colour(1) == hex(0x67000d));
  // Halfway between the first two stops: (0xfe + 0xfc) / 2 = 0xfd, (0xe0 + 0x92) / 2 = 0xb9, (0xd2 + 0x72) / 2 = 0xa2.
  CHECK(score_colour(1.0 / 6) == hex(0xfdb9a2));
  CHECK(luma(score_colour(0)) > 0.55);  // dark text on low scores
  CHECK(luma(score_colour(1)) < 0.55);  // white text on high scores
}
