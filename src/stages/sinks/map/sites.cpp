#include "stages/sinks/map/sites.hpp"

#include <algorithm>
#include <cmath>

#include "geos/handles.hpp"
#include "stages/sinks/map/overlay.hpp"
#include "stages/sinks/map/style.hpp"

namespace oremap::sinks::map {

namespace {

constexpr double kLabelFont = 7.5;  // points
constexpr double kTownFont = 6.5;

// Thin outlines of polygon sites (points have nothing to outline).
void draw_outlines(cairo_t* cr, const Layout& l, const sites::CommodityResult& result) {
  geos::Context ctx;
  std::vector<Shape> shapes;
  for (const auto& row : result.rows) {
    if (row.wkb.empty()) continue;
    geos::GeometryPtr g = geos::from_wkb(ctx, reinterpret_cast<const unsigned char*>(row.wkb.data()), row.wkb.size());
    append_shapes(ctx, *g, shapes);
  }
  for (const Shape& s : shapes)
    if (s.kind == ShapeKind::polygon) add_shape_path(cr, l.map, s);
  cairo_set_source_rgba(cr, 0.1, 0.1, 0.1, 0.9);
  cairo_set_line_width(cr, 0.9 * l.u);
  cairo_stroke(cr);
}

bool labelled(const sites::SiteRow& row, int top_n) { return !row.excluded && row.rank >= 1 && row.rank <= top_n; }

}  // namespace

std::vector<Box> draw_sites(cairo_t* cr, const Layout& l, const sites::CommodityResult& result, int top_n,
                            std::vector<Box> taken) {
  const double u = l.u;
  draw_outlines(cr, l, result);
  std::vector<const sites::SiteRow*> ranked;
  for (const auto& row : result.rows) {
    if (row.status == sites::SiteStatus::unranked)
      draw_unranked_symbol(cr, l.map.px(row.x), l.map.py(row.y), u);
    else if (row.excluded || row.rank < 1)
      draw_excluded_symbol(cr, l.map.px(row.x), l.map.py(row.y), u);
    else
      ranked.push_back(&row);
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto* a, const auto* b) { return a->rank > b->rank; });
  for (const auto* row : ranked) {
    const double x = l.map.px(row->x), y = l.map.py(row->y), r = site_radius(row->rank, labelled(*row, top_n), u);
    draw_site_symbol(cr, x, y, r, row->score, row->rank, u);
    taken.push_back({x - r, y - r, x + r, y + r});
  }
  // Labels, best rank first.
  std::reverse(ranked.begin(), ranked.end());
  set_font(cr, kLabelFont * u);
  cairo_font_extents_t fe;
  cairo_font_extents(cr, &fe);
  std::vector<LabelRequest> requests;
  std::vector<const sites::SiteRow*> named;
  for (const auto* row : ranked) {
    if (!labelled(*row, top_n) || row->name.empty()) continue;
    const double r = site_radius(row->rank, true, u);
    requests.push_back(
        {l.map.px(row->x), l.map.py(row->y), r + 1.5 * u, text_width(cr, row->name) + 2 * u, fe.ascent + fe.descent});
    named.push_back(row);
  }
  const auto placed = place_labels(requests, taken, l.frame);
  for (std::size_t i = 0; i < placed.size(); ++i) {
    if (!placed[i]) continue;
    taken.push_back(*placed[i]);
    draw_text(cr, placed[i]->x0 + u, placed[i]->y0 + fe.ascent, named[i]->name, {20, 20, 20}, 1.6 * u);
  }
  return taken;
}

void draw_place_labels(cairo_t* cr, const Layout& l, const std::vector<const Shape*>& towns, std::vector<Box> taken,
                       int max_labels) {
  const double u = l.u;
  std::vector<const Shape*> named;
  for (const Shape* s : towns)
    if (!s->name.empty() && !s->parts.empty() && !s->parts[0].empty()) named.push_back(s);
  std::stable_sort(named.begin(), named.end(),
                   [](const Shape* a, const Shape* b) { return a->population > b->population; });
  set_font(cr, kTownFont * u, false, true);
  cairo_font_extents_t fe;
  cairo_font_extents(cr, &fe);
  std::vector<LabelRequest> requests;
  for (const Shape* s : named) {
    const double x = l.map.px(s->parts[0][0][0]), y = l.map.py(s->parts[0][0][1]);
    // A port or airport symbol on the town itself would block every position: step past it.
    const Box dot{x - 2 * u, y - 2 * u, x + 2 * u, y + 2 * u};
    double gap = 2.8 * u;
    for (const Box& b : taken)
      if (b.overlaps(dot)) {
        const double far = std::max({std::abs(b.x0 - x), std::abs(b.x1 - x), std::abs(b.y0 - y), std::abs(b.y1 - y)});
        if (far < 12 * u) gap = std::max(gap, far + 0.5 * u);
      }
    requests.push_back({x, y, gap, text_width(cr, s->name) + 4 * u, fe.ascent + fe.descent + u});
    taken.push_back(dot);
  }
  const auto placed = place_labels(requests, taken, l.frame);
  int drawn = 0;
  for (std::size_t i = 0; i < placed.size() && drawn < max_labels; ++i) {
    if (!placed[i]) continue;
    ++drawn;
    draw_infra_point(cr, InfraClass::town, requests[i].x, requests[i].y, u);
    draw_text(cr, placed[i]->x0 + 2 * u, placed[i]->y0 + u / 2 + fe.ascent, named[i]->name, {60, 60, 60}, 1.2 * u);
  }
}

}  // namespace oremap::sinks::map
