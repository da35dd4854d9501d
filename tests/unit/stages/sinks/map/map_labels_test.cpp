// Greedy label placement, with hand-made boxes: candidate positions, the order they are tried,
// obstacles, the map's bounds, and no overlaps on a crowded random case.
#include <catch2/catch.hpp>
#include <random>

#include "stages/sinks/map/labels.hpp"

using namespace oremap::sinks;
using namespace oremap::sinks::map;

namespace {

void check_box(const Box& b, double x0, double y0, double x1, double y1) {
  CHECK(b.x0 == Approx(x0));
  CHECK(b.y0 == Approx(y0));
  CHECK(b.x1 == Approx(x1));
  CHECK(b.y1 == Approx(y1));
}

const Box kBounds{0, 0, 1000, 1000};

}  // namespace

TEST_CASE("label boxes sit around the symbol at each of the eight positions", "[map]") {
  // Symbol at (100, 100), gap 10, label 40 x 12.
  const LabelRequest l{100, 100, 10, 40, 12};
  check_box(label_box(l, LabelPosition::east), 110, 94, 150, 106);
  check_box(label_box(l, LabelPosition::north_east), 110, 78, 150, 90);
  check_box(label_box(l, LabelPosition::south_east), 110, 110, 150, 122);
  check_box(label_box(l, LabelPosition::west), 50, 94, 90, 106);
  check_box(label_box(l, LabelPosition::north_west), 50, 78, 90, 90);
  check_box(label_box(l, LabelPosition::south_west), 50, 110, 90, 122);
  check_box(label_box(l, LabelPosition::north), 80, 78, 120, 90);
  check_box(label_box(l, LabelPosition::south), 80, 110, 120, 122);
}

TEST_CASE("boxes that only touch do not overlap", "[map]") {
  const Box a{0, 0, 10, 10};
  CHECK_FALSE(a.overlaps({10, 0, 20, 10}));
  CHECK_FALSE(a.overlaps({0, 10, 10, 20}));
  CHECK(a.overlaps({9.5, 9.5, 20, 20}));
  CHECK(a.overlaps({2, 2, 3, 3}));  // contained
}

TEST_CASE("a free label goes to the east of its symbol", "[map]") {
  auto placed = place_labels({{100, 100, 10, 40, 12}}, {}, kBounds);
  REQUIRE(placed[0]);
  check_box(*placed[0], 110, 94, 150, 106);
}

TEST_CASE("an obstacle to the east moves the label to the next free position", "[map]") {
  // The obstacle covers east and north-east (y 70..108 right of the symbol); south-east is free.
  const std::vector<Box> obstacles = {{105, 70, 200, 108}};
  auto placed = place_labels({{100, 100, 10, 40, 12}}, obstacles, kBounds);
  REQUIRE(placed[0]);
  check_box(*placed[0], 110, 110, 150, 122);
}

TEST_CASE("labels that would leave the map try the other side", "[map]") {
  // Symbol 20 px from the right edge: every eastern box leaves the bounds; west fits.
  auto placed = place_labels({{980, 500, 10, 40, 12}}, {}, kBounds);
  REQUIRE(placed[0]);
  check_box(*placed[0], 930, 494, 970, 506);
}

TEST_CASE("the second of two close symbols takes another position, the third is skipped", "[map]") {
  // Symbol squares of both sites are obstacles, as draw_sites passes them.
  const std::vector<Box> symbols = {{92, 92, 108, 108}, {142, 92, 158, 108}};
  const std::vector<LabelRequest> labels = {{100, 100, 10, 40, 12}, {150, 100, 10, 40, 12}};
  auto placed = place_labels(labels, symbols, kBounds);
  REQUIRE(placed[0]);
  REQUIRE(placed[1]);
  // First: east (110..150 x 94..106) overlaps the second symbol (142..158 x 92..108); north-east
  // (110..150 x 78..90) lies above both symbols and is taken.
  check_box(*placed[0], 110, 78, 150, 90);
  // Second: east is free (160..200, 94..106).
  check_box(*placed[1], 160, 94, 200, 106);

  // A site walled in on every side gets no label.
  const std::vector<Box> wall = {{0, 0, 1000, 1000}};
  auto none = place_labels({{500, 500, 10, 40, 12}}, wall, kBounds);
  CHECK_FALSE(none[0]);
}

TEST_CASE("placed labels never overlap each other, obstacles or the map edge", "[map]") {
  std::mt19937 random(12345);
  std::uniform_real_distribution<double> pos(0, 400), size(20, 80);
  std::vector<LabelRequest> labels;
  std::vector<Box> symbols;
  for (int i = 0; i < 150; ++i) {
    const double x = pos(random), y = pos(random);
    labels.push_back({x, y, 8, size(random), 12});
    symbols.push_back({x - 6, y - 6, x + 6, y + 6});
  }
  const Box bounds{0, 0, 400, 400};
  auto placed = place_labels(labels, symbols, bounds);
  int count = 0;
  for (std::size_t i = 0; i < placed.size(); ++i) {
    if (!placed[i]) continue;
    ++count;
    CHECK(placed[i]->inside(bounds));
    for (const Box& s : symbols) CHECK_FALSE(placed[i]->overlaps(s));
    for (std::size_t j = i + 1; j < placed.size(); ++j)
      if (placed[j]) CHECK_FALSE(placed[i]->overlaps(*placed[j]));
  }
  CHECK(count > 10);   // a crowded map still gets labels
  CHECK(count < 150);  // and some are left out
}
