#include "stages/sinks/report/svg_chart.hpp"

#include <algorithm>

#include "stages/sinks/report/html.hpp"

namespace oremap::sinks::report {

namespace {

constexpr double kWidth = 420, kHeight = 380;
constexpr double kLeft = 62, kRight = 26, kTop = 34, kBottom = 52;
constexpr double kPlotW = kWidth - kLeft - kRight, kPlotH = kHeight - kTop - kBottom;

double px(double x) { return kLeft + std::clamp(x, 0.0, 1.0) * kPlotW; }
double py(double y) { return kTop + (1 - std::clamp(y, 0.0, 1.0)) * kPlotH; }
std::string n(double v) { return fixed(v, 1); }

std::string axes(const Chart& c) {
  std::string s;
  // Grid lines and ticks every 0.2.
  for (int i = 0; i <= 5; ++i) {
    const double t = i / 5.0;
    const std::string label = c.percent ? std::to_string(i * 20) + " %" : fixed(t, 1);
    s += "<line class=\"grid\" x1=\"" + n(px(t)) + "\" y1=\"" + n(py(0)) + "\" x2=\"" + n(px(t)) + "\" y2=\"" +
         n(py(1)) + "\"/>";
    s += "<line class=\"grid\" x1=\"" + n(px(0)) + "\" y1=\"" + n(py(t)) + "\" x2=\"" + n(px(1)) + "\" y2=\"" +
         n(py(t)) + "\"/>";
    s += "<line class=\"tick\" x1=\"" + n(px(t)) + "\" y1=\"" + n(py(0)) + "\" x2=\"" + n(px(t)) + "\" y2=\"" +
         n(py(0) + 5) + "\"/>";
    s += "<line class=\"tick\" x1=\"" + n(px(0) - 5) + "\" y1=\"" + n(py(t)) + "\" x2=\"" + n(px(0)) + "\" y2=\"" +
         n(py(t)) + "\"/>";
    s += "<text x=\"" + n(px(t)) + "\" y=\"" + n(py(0) + 18) + "\" text-anchor=\"middle\">" + escape(label) + "</text>";
    s += "<text x=\"" + n(px(0) - 8) + "\" y=\"" + n(py(t) + 4) + "\" text-anchor=\"end\">" + escape(label) + "</text>";
  }
  s += "<rect class=\"frame\" x=\"" + n(kLeft) + "\" y=\"" + n(kTop) + "\" width=\"" + n(kPlotW) + "\" height=\"" +
       n(kPlotH) + "\"/>";
  s += "<text class=\"label\" x=\"" + n(kLeft + kPlotW / 2) + "\" y=\"" + n(kHeight - 10) +
       "\" text-anchor=\"middle\">" + escape(c.x_label) + "</text>";
  s += "<text class=\"label\" transform=\"translate(16 " + n(kTop + kPlotH / 2) +
       ") rotate(-90)\" text-anchor=\"middle\">" + escape(c.y_label) + "</text>";
  s += "<text class=\"title\" x=\"" + n(kLeft + kPlotW / 2) + "\" y=\"20\" text-anchor=\"middle\">" + escape(c.title) +
       "</text>";
  return s;
}

std::string polyline(const Series& series) {
  std::string pts;
  for (const auto& [x, y] : series.points) pts += (pts.empty() ? "" : " ") + n(px(x)) + "," + n(py(y));
  return "<polyline class=\"curve\" fill=\"none\" stroke=\"" + escape(series.colour) + "\"" +
         (series.dashed ? " stroke-dasharray=\"6 4\"" : "") + " points=\"" + pts + "\"/>";
}

// Legend in the lower-right corner of the plot, where ROC and rate curves leave room.
std::string legend(const Chart& c, const std::vector<Series>& series) {
  struct Item {
    std::string label, css_class, stroke;
    bool dashed;
  };
  std::vector<Item> items;
  for (const auto& s : series) items.push_back({s.label, "legend-line", s.colour, s.dashed});
  if (c.diagonal) items.push_back({"random ranking", "legend-line diagonal", "", false});
  std::string out;
  const double x0 = px(0.42), y_last = py(0.04);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    const double y = y_last - 16.0 * static_cast<double>(items.size() - 1 - i);
    out += "<line class=\"" + it.css_class + "\"" + (it.stroke.empty() ? "" : " stroke=\"" + escape(it.stroke) + "\"") +
           (it.dashed ? " stroke-dasharray=\"6 4\"" : "") + " x1=\"" + n(x0) + "\" y1=\"" + n(y - 4) + "\" x2=\"" +
           n(x0 + 22) + "\" y2=\"" + n(y - 4) + "\"/>";
    out += "<text x=\"" + n(x0 + 28) + "\" y=\"" + n(y) + "\">" + escape(it.label) + "</text>";
  }
  return out;
}

}  // namespace

std::string line_chart_svg(const Chart& chart, const std::vector<Series>& series) {
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\"";
  if (!chart.id.empty()) s += " id=\"" + escape(chart.id) + "\"";
  s += " viewBox=\"0 0 " + n(kWidth) + " " + n(kHeight) + "\" width=\"" + n(kWidth) + "\" height=\"" + n(kHeight) +
       "\" role=\"img\"><title>" + escape(chart.title) + "</title>";
  s += axes(chart);
  if (chart.diagonal)
    s += "<line class=\"diagonal\" x1=\"" + n(px(0)) + "\" y1=\"" + n(py(0)) + "\" x2=\"" + n(px(1)) + "\" y2=\"" +
         n(py(1)) + "\"/>";
  for (const auto& one : series) s += polyline(one);
  s += legend(chart, series);
  return s + "</svg>";
}

}  // namespace oremap::sinks::report
