#pragma once
// Line charts on the unit square as inline SVG (ROC, success- and prediction-rate curves):
// axes with ticks every 0.2, axis labels, an optional diagonal reference line and a legend.
// No scripts, no external assets; every text is escaped.
#include <string>
#include <utility>
#include <vector>

namespace oremap::sinks::report {

struct Series {
  std::string label;
  std::string colour;                             // CSS colour, e.g. "#1f77b4"
  std::vector<std::pair<double, double>> points;  // (x, y) in [0, 1]
  bool dashed = false;
};

struct Chart {
  std::string title;  // shown above the plot and as the SVG <title>
  std::string x_label;
  std::string y_label;
  bool diagonal = true;  // the y = x line (a random ranking)
  bool percent = false;  // tick labels as 0 %..100 % instead of 0..1
  std::string id;        // optional id attribute (escaped)
};

std::string line_chart_svg(const Chart& chart, const std::vector<Series>& series);

}  // namespace oremap::sinks::report
