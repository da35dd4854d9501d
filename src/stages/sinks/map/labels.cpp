#include "stages/sinks/map/labels.hpp"

namespace oremap::sinks::map {

Box label_box(const LabelRequest& l, LabelPosition position) {
  const double w = l.width, h = l.height, g = l.gap;
  switch (position) {
    case LabelPosition::east:
      return {l.x + g, l.y - h / 2, l.x + g + w, l.y + h / 2};
    case LabelPosition::north_east:
      return {l.x + g, l.y - g - h, l.x + g + w, l.y - g};
    case LabelPosition::south_east:
      return {l.x + g, l.y + g, l.x + g + w, l.y + g + h};
    case LabelPosition::west:
      return {l.x - g - w, l.y - h / 2, l.x - g, l.y + h / 2};
    case LabelPosition::north_west:
      return {l.x - g - w, l.y - g - h, l.x - g, l.y - g};
    case LabelPosition::south_west:
      return {l.x - g - w, l.y + g, l.x - g, l.y + g + h};
    case LabelPosition::north:
      return {l.x - w / 2, l.y - g - h, l.x + w / 2, l.y - g};
    case LabelPosition::south:
      return {l.x - w / 2, l.y + g, l.x + w / 2, l.y + g + h};
  }
  return {};
}

std::vector<std::optional<Box>> place_labels(const std::vector<LabelRequest>& labels, const std::vector<Box>& obstacles,
                                             const Box& bounds) {
  std::vector<Box> taken = obstacles;
  std::vector<std::optional<Box>> placed(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    for (int p = 0; p < kLabelPositions && !placed[i]; ++p) {
      const Box box = label_box(labels[i], static_cast<LabelPosition>(p));
      if (!box.inside(bounds)) continue;
      bool free = true;
      for (const Box& t : taken)
        if (box.overlaps(t)) {
          free = false;
          break;
        }
      if (free) placed[i] = box;
    }
    if (placed[i]) taken.push_back(*placed[i]);
  }
  return placed;
}

}  // namespace oremap::sinks::map
