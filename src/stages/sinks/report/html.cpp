#include "stages/sinks/report/html.hpp"

#include <charconv>
#include <cmath>

#include "core/html_escape.hpp"

namespace oremap::sinks::report {

std::string escape(std::string_view text) { return oremap::html_escape(text); }

std::string fixed(double value, int decimals) {
  if (!std::isfinite(value)) return "\u2013";
  if (value == 0) value = 0;  // no "-0.000"
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals);
  if (res.ec != std::errc()) return scientific(value, decimals);  // |value| >= 1e60 or so: too long
  std::string s(buf, res.ptr);
  if (s.find_first_not_of("-0.") == std::string::npos && s[0] == '-') s.erase(0, 1);  // -0.00 after rounding
  return s;
}

std::string scientific(double value, int digits) {
  if (!std::isfinite(value)) return "\u2013";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific, digits);
  return std::string(buf, res.ptr);
}

std::string render(const Table& table) {
  std::string out = "<div class=\"table-wrap\"><table";
  if (!table.css_class.empty()) out += " class=\"" + escape(table.css_class) + "\"";
  out += ">\n";
  if (!table.caption.empty()) out += "<caption>" + escape(table.caption) + "</caption>\n";
  auto cell = [&](const char* tag, std::size_t col, const std::string& text) {
    const bool num = col < table.numeric.size() && table.numeric[col];
    const bool mono = col < table.mono.size() && table.mono[col];
    const std::string cls = std::string(num ? "num" : "") + (num && mono ? " " : "") + (mono ? "mono" : "");
    return std::string("<") + tag + (cls.empty() ? "" : " class=\"" + cls + "\"") + ">" + escape(text) + "</" + tag +
           ">";
  };
  out += "<thead><tr>";
  for (std::size_t c = 0; c < table.header.size(); ++c) out += cell("th", c, table.header[c]);
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : table.rows) {
    out += "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c) out += cell("td", c, row[c]);
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table></div>\n";
}

}  // namespace oremap::sinks::report
