#include "stages/sinks/map/legend.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/number_text.hpp"
#include "stages/sinks/map/deposits.hpp"
#include "stages/sinks/map/style.hpp"

namespace oremap::sinks::map {

namespace {

const Rgb kText{30, 30, 30};
const Rgb kNote{90, 90, 90};

// Writes legend rows top-down; in measuring mode it only advances.
class Column {
 public:
  Column(cairo_t* cr, const Box& panel, double u, bool draw) : cr_(cr), p_(panel), u_(u), draw_(draw), y_(panel.y0) {}

  void heading(const std::string& text) {
    y_ += (y_ > p_.y0 ? 8 : 0) * u_ + 9 * u_;
    if (draw_) {
      set_font(cr_, 9 * u_, true);
      draw_text(cr_, p_.x0, y_, fit_text(cr_, text, p_.x1 - p_.x0), kText);
    }
    y_ += 4 * u_;
  }
  void note(const std::string& text) {
    y_ += 8.5 * u_;
    if (draw_) {
      set_font(cr_, 7 * u_, false, true);
      draw_text(cr_, p_.x0, y_, fit_text(cr_, text, p_.x1 - p_.x0), kNote);
    }
    y_ += 1.5 * u_;
  }
  // A row with a symbol drawn by `symbol(x_centre, y_centre)` and a label.
  template <typename F>
  void row(const std::string& label, F symbol) {
    const double h = 13 * u_, cx = p_.x0 + 11 * u_, cy = y_ + h / 2;
    if (draw_) {
      symbol(cx, cy);
      set_font(cr_, 8 * u_);
      draw_text(cr_, p_.x0 + 27 * u_, cy + 3 * u_, fit_text(cr_, label, p_.x1 - p_.x0 - 27 * u_), kText);
    }
    y_ += h;
  }
  void ramp(const std::array<double, 2>& range, bool score) {
    const double h = (score ? 7 : 11) * u_, w = p_.x1 - p_.x0 - 4 * u_, x0 = p_.x0 + 2 * u_;
    y_ += 3 * u_;
    if (draw_) {
      const int steps = 128;
      for (int i = 0; i < steps; ++i) {
        const double t = (i + 0.5) / steps;
        set_colour(cr_, score ? score_colour(t) : viridis(t));
        cairo_rectangle(cr_, x0 + w * i / steps, y_, w / steps + 0.6, h);
        cairo_fill(cr_);
      }
      cairo_rectangle(cr_, x0, y_, w, h);
      set_colour(cr_, kText);
      cairo_set_line_width(cr_, 0.6 * u_);
      cairo_stroke(cr_);
      set_font(cr_, 7.5 * u_);
      const double ty = y_ + h + 9 * u_;
      const std::string lo = significant_text(range[0], 3), hi = significant_text(range[1], 3);
      const std::string mid = significant_text((range[0] + range[1]) / 2, 3);
      draw_text(cr_, x0, ty, lo, kText);
      draw_text(cr_, x0 + w / 2 - text_width(cr_, mid) / 2, ty, mid, kText);
      draw_text(cr_, x0 + w - text_width(cr_, hi), ty, hi, kText);
    }
    y_ += h + 12 * u_;
  }
  void site_line(const LegendSite& s) {
    y_ += 10.5 * u_;
    if (!draw_) return;
    set_font(cr_, 7.5 * u_);
    char number[16];
    std::snprintf(number, sizeof number, "%.3f", s.score);
    const std::string score = s.interval.empty() ? number : s.interval + "  " + number;
    const std::string rank = std::to_string(s.rank);
    const double rank_w = 16 * u_, score_w = text_width(cr_, score);
    draw_text(cr_, p_.x0 + rank_w - 4 * u_ - text_width(cr_, rank), y_, rank, kText);
    draw_text(cr_, p_.x0 + rank_w, y_, fit_text(cr_, s.name, p_.x1 - p_.x0 - rank_w - score_w - 6 * u_), kText);
    draw_text(cr_, p_.x1 - score_w, y_, score, kNote);
  }
  double used() const { return y_ - p_.y0; }
  double u() const { return u_; }
  cairo_t* cr() const { return cr_; }

 private:
  cairo_t* cr_;
  Box p_;
  double u_;
  bool draw_;
  double y_;
};

void prospectivity_rows(Column& col, const LegendContent& c) {
  col.heading("Prospectivity");
  if (c.model.empty() || !c.range) {
    col.note(c.model.empty() ? "no model for this commodity" : "no values inside the grid");
    return;
  }
  col.note("model " + c.model);
  col.ramp(*c.range, false);
  if (c.hillshade) col.note("over relief shading of the DEM");
}

void site_rows(Column& col, const LegendContent& c) {
  cairo_t* cr = col.cr();
  const double u = col.u();
  col.heading("Candidate sites");
  col.row("ranked site (number = rank)", [&](double x, double y) { draw_site_symbol(cr, x, y, 6.5 * u, 0.75, 1, u); });
  if (c.unranked) col.row("not ranked: missing data", [&](double x, double y) { draw_unranked_symbol(cr, x, y, u); });
  col.row("excluded site (unranked)", [&](double x, double y) { draw_excluded_symbol(cr, x, y, u); });
  col.note("site score, 0 to 1");
  col.ramp({0, 1}, true);
  col.note(std::to_string(c.ranked) + " ranked, " + (c.unranked ? std::to_string(c.unranked) + " not ranked, " : "") +
           std::to_string(c.excluded) + " excluded");
}

void layer_rows(Column& col, const LegendContent& c) {
  cairo_t* cr = col.cr();
  const double u = col.u();
  auto sample_line = [&](double x, double y) {
    cairo_move_to(cr, x - 10 * u, y);
    cairo_line_to(cr, x + 10 * u, y);
  };
  if (!c.deposits.empty()) {
    col.heading("Known deposits");
    col.row(c.deposits, [&](double x, double y) { draw_deposit_symbol(cr, x, y, u); });
  }
  if (!c.infrastructure.empty()) col.heading("Infrastructure");
  for (InfraClass k : c.infrastructure)
    col.row(infra_label(k), [&](double x, double y) {
      if (infra_is_line(k)) {
        sample_line(x, y);
        stroke_infra_line(cr, k, u);
      } else {
        draw_infra_point(cr, k, x, y, u);
      }
    });
  if (!c.hatched.empty()) col.heading("Exclusions");
  for (const auto& [label, soft] : c.hatched)
    col.row(label, [&, soft = soft](double x, double y) {
      cairo_rectangle(cr, x - 10 * u, y - 5 * u, 20 * u, 10 * u);
      hatch_path(cr, soft, u);
    });
  if (!c.boundaries.empty()) col.heading("Boundaries");
  for (std::size_t i = 0; i < c.boundaries.size(); ++i)
    col.row(c.boundaries[i], [&](double x, double y) {
      sample_line(x, y);
      stroke_boundary(cr, i == 0 ? 0 : 1, u);
    });
}

}  // namespace

std::string rank_interval_text(int p05, int p95) {
  if (p05 < 1 || p95 < 1) return "";
  if (p05 == p95) return std::to_string(p05);
  return std::to_string(p05) + "\u2013" + std::to_string(p95);
}

double draw_legend(cairo_t* cr, const Box& panel, const LegendContent& c, double u, bool draw) {
  Column col(cr, panel, u, draw);
  prospectivity_rows(col, c);
  site_rows(col, c);
  layer_rows(col, c);
  if (!c.top.empty()) {
    const std::string top = c.top.size() == 1 ? "Top site" : "Top " + std::to_string(c.top.size()) + " sites";
    if (c.top.front().interval.empty()) {
      col.heading(top + " (rank, name, score)");
    } else {  // the columns in a note of their own: a heading naming four would be cut
      col.heading(top);
      col.note("rank, name, 5\u201395 % rank interval, score");
    }
    for (const auto& s : c.top) col.site_line(s);
  }
  if (!c.not_ranked.empty()) {
    constexpr std::size_t kShown = 8;
    col.heading("Not ranked: missing data");
    for (std::size_t i = 0; i < c.not_ranked.size() && i < kShown; ++i) col.note(c.not_ranked[i]);
    if (c.not_ranked.size() > kShown) col.note("and " + std::to_string(c.not_ranked.size() - kShown) + " more");
  }
  return col.used();
}

void draw_title(cairo_t* cr, const Box& box, const std::string& title, const std::string& subtitle, double u) {
  // A long title shrinks (down to 10 pt) before it is cut.
  double size = 15 * u;
  set_font(cr, size, true);
  const double room = box.x1 - box.x0, natural = text_width(cr, title);
  if (natural > room) {
    size = std::max(10 * u, size * room / natural);
    set_font(cr, size, true);
  }
  draw_text(cr, box.x0, box.y0 + 15 * u, fit_text(cr, title, room), kText);
  set_font(cr, 8.5 * u);
  draw_text(cr, box.x0, box.y0 + 15 * u * 1.3 + 8.5 * u * 1.2, fit_text(cr, subtitle, box.x1 - box.x0), kNote);
}

std::vector<std::string> footer_lines(cairo_t* cr, const std::string& crs_note, const std::string& attribution,
                                      double width, double u) {
  std::vector<std::string> lines = {crs_note};
  set_font(cr, 6.5 * u);
  std::string current, word;
  auto flush_word = [&] {
    if (word.empty()) return;
    const std::string candidate = current.empty() ? word : current + " " + word;
    if (!current.empty() && text_width(cr, candidate) > width) {
      lines.push_back(current);
      current = word;
    } else {
      current = candidate;
    }
    word.clear();
  };
  for (char ch : attribution) {
    if (ch == ' ' || ch == '\n' || ch == '\t')
      flush_word();
    else
      word += ch;
  }
  flush_word();
  if (!current.empty()) lines.push_back(current);
  return lines;
}

double footer_height(std::size_t lines, double u) { return static_cast<double>(lines) * 6.5 * u * 1.35 + 2 * u; }

void draw_footer(cairo_t* cr, const Box& box, const std::vector<std::string>& lines, double u) {
  cairo_move_to(cr, box.x0, box.y0);
  cairo_line_to(cr, box.x1, box.y0);
  set_colour(cr, {180, 180, 180});
  cairo_set_line_width(cr, 0.5 * u);
  cairo_stroke(cr);
  double y = box.y0 + 2 * u;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    y += 6.5 * u * 1.35;
    set_font(cr, 6.5 * u, i == 0);
    draw_text(cr, box.x0, y - 2 * u, lines[i], i == 0 ? kText : kNote);
  }
}

Box draw_scale_bar(cairo_t* cr, const Layout& l, bool draw) {
  const double u = l.u, pad = 5 * u;
  const ScaleBar bar = scale_bar(l.map.scale, 0.25 * (l.frame.x1 - l.frame.x0));
  const Box box{l.frame.x0 + 6 * u, l.frame.y1 - 6 * u - 24 * u, l.frame.x0 + 6 * u + bar.px + 2 * pad + 18 * u,
                l.frame.y1 - 6 * u};
  if (!draw || bar.px <= 0) return box;
  cairo_rectangle(cr, box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
  cairo_fill(cr);
  const double x0 = box.x0 + pad, y0 = box.y1 - pad - 4 * u;
  for (int i = 0; i < 4; ++i) {
    cairo_rectangle(cr, x0 + bar.px * i / 4, y0, bar.px / 4, 4 * u);
    set_colour(cr, i % 2 ? Rgb{255, 255, 255} : kText);
    cairo_fill_preserve(cr);
    set_colour(cr, kText);
    cairo_set_line_width(cr, 0.5 * u);
    cairo_stroke(cr);
  }
  // "0", the half length and the full length, in one unit: 0  50  100 km.
  const double unit = bar.metres >= 1000 ? 1000 : 1;
  char half[32], full[32];
  std::snprintf(half, sizeof half, "%g", bar.metres / 2 / unit);
  std::snprintf(full, sizeof full, "%g", bar.metres / unit);
  set_font(cr, 7 * u);
  const double ty = y0 - 3 * u;
  draw_text(cr, x0 - text_width(cr, "0") / 2, ty, "0", kText);
  draw_text(cr, x0 + bar.px / 2 - text_width(cr, half) / 2, ty, half, kText);
  draw_text(cr, x0 + bar.px - text_width(cr, full) / 2, ty, std::string(full) + (unit > 1 ? " km" : " m"), kText);
  return box;
}

Box draw_north_arrow(cairo_t* cr, const Layout& l, double angle, bool draw) {
  const double u = l.u, w = 20 * u, h = 30 * u;
  const Box box{l.frame.x1 - 6 * u - w, l.frame.y0 + 6 * u, l.frame.x1 - 6 * u, l.frame.y0 + 6 * u + h};
  if (!draw) return box;
  cairo_rectangle(cr, box.x0, box.y0, w, h);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
  cairo_fill(cr);
  const double cx = box.x0 + w / 2, cy = box.y0 + h * 0.62;
  cairo_save(cr);
  cairo_translate(cr, cx, cy);
  cairo_rotate(cr, angle);
  const double len = 9 * u, half = 3.6 * u;
  for (int side = 0; side < 2; ++side) {
    cairo_move_to(cr, 0, -len);
    cairo_line_to(cr, side ? half : -half, len * 0.8);
    cairo_line_to(cr, 0, len * 0.45);
    cairo_close_path(cr);
    set_colour(cr, side ? Rgb{255, 255, 255} : kText);
    cairo_fill_preserve(cr);
    set_colour(cr, kText);
    cairo_set_line_width(cr, 0.6 * u);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
  set_font(cr, 8 * u, true);
  draw_text(cr, cx - text_width(cr, "N") / 2, box.y0 + 9 * u, "N", kText);
  return box;
}

}  // namespace oremap::sinks::map
