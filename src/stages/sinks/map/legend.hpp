#pragma once
// The map's furniture: title, legend panel, scale bar, north arrow and the footer with the
// CRS note and the data credits. Each takes page-pixel positions from the Layout.
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "stages/sinks/map/cairo.hpp"
#include "stages/sinks/map/layout.hpp"
#include "stages/sinks/map/options.hpp"

namespace oremap::sinks::map {

struct LegendSite {
  int rank = 0;
  std::string name;
  double score = 0;
  std::string interval;  // "1\u20133": the Monte-Carlo 5-95 % rank interval ([map] rank_intervals); "" = not shown
};

struct LegendContent {
  std::string model;                           // "copper_weighted (weighted)"; empty: no raster
  std::optional<std::array<double, 2>> range;  // of the colour ramp
  bool hillshade = false;
  int ranked = 0, unranked = 0, excluded = 0;
  std::vector<InfraClass> infrastructure;             // classes drawn, in legend order
  std::vector<std::pair<std::string, bool>> hatched;  // label, soft
  std::vector<std::string> boundaries;                // layer ids, the first heaviest
  std::string deposits;                               // layer of known deposits drawn; "" = none
  std::vector<LegendSite> top;
  std::vector<std::string> not_ranked;  // "Dash-e-Kain: no prospectivity", sites unranked for missing data
};

// A Monte-Carlo 5-95 % rank interval as the legend's top-N list gives it: "2\u20135", "1" when both
// ends agree, "" without draws (either end < 1).
std::string rank_interval_text(int p05, int p95);

// Draws the legend into `panel` (draw = false only measures); returns the height it needs.
double draw_legend(cairo_t* cr, const Box& panel, const LegendContent& content, double u, bool draw = true);

void draw_title(cairo_t* cr, const Box& box, const std::string& title, const std::string& subtitle, double u);

// The footer's lines: the CRS note, then the credits word-wrapped to `width`.
std::vector<std::string> footer_lines(cairo_t* cr, const std::string& crs_note, const std::string& attribution,
                                      double width, double u);
double footer_height(std::size_t lines, double u);
void draw_footer(cairo_t* cr, const Box& box, const std::vector<std::string>& lines, double u);

// Inside the frame's lower left / upper right corners; each returns the box it covers.
Box draw_scale_bar(cairo_t* cr, const Layout& layout, bool draw = true);
Box draw_north_arrow(cairo_t* cr, const Layout& layout, double angle, bool draw = true);

}  // namespace oremap::sinks::map
