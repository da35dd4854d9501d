#pragma once
// Greedy label placement for the site-ranking map: each label tries eight positions around
// its symbol and takes the first that stays inside the map and overlaps no placed label
// and no obstacle (site symbols, the north arrow, the scale bar). Page units, y down.
#include <optional>
#include <vector>

namespace oremap::sinks::map {

struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // x0 <= x1, y0 <= y1

  // Interiors overlap (boxes that only touch along an edge do not).
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  bool inside(const Box& o) const { return x0 >= o.x0 && y0 >= o.y0 && x1 <= o.x1 && y1 <= o.y1; }
};

// A label of size width x height for a symbol centred on (x, y); `gap` is the distance kept
// from the centre (the symbol's radius plus a little air).
struct LabelRequest {
  double x = 0, y = 0;
  double gap = 0;
  double width = 0, height = 0;
};

// The eight candidate positions, in the order they are tried: right of the symbol, then
// above-right, below-right, left, above-left, below-left, above, below.
enum class LabelPosition { east, north_east, south_east, west, north_west, south_west, north, south };
constexpr int kLabelPositions = 8;

// The label's box at one position. East/west boxes are centred vertically on the symbol and
// start `gap` from its centre; diagonal boxes have their near corner at (x +- gap, y +- gap);
// north/south boxes are centred horizontally.
Box label_box(const LabelRequest& label, LabelPosition position);

// Places the labels in the order given (the most important first). A label is skipped
// (nullopt) when no position fits; placed labels become obstacles for the later ones.
std::vector<std::optional<Box>> place_labels(const std::vector<LabelRequest>& labels, const std::vector<Box>& obstacles,
                                             const Box& bounds);

}  // namespace oremap::sinks::map
