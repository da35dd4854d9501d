#pragma once
// Small HTML building blocks for the report: escaping (every data-derived string goes through
// escape()), locale-independent number formatting and simple tables.
#include <string>
#include <string_view>
#include <vector>

namespace oremap::sinks::report {

// Escapes & < > " ' so text is safe in element content and in quoted attribute values.
std::string escape(std::string_view text);

// Fixed-point text with `decimals` digits, independent of the global locale; NaN/inf -> "–".
// Values too long for fixed notation (beyond about 1e60) come out as scientific("1.0e+70").
std::string fixed(double value, int decimals);

// Scientific text with `digits` digits after the point ("-1.573e-05"), locale-independent.
std::string scientific(double value, int digits);

// A table; header and cells are plain text (escaped here). `numeric` right-aligns columns,
// `mono` sets them in a monospace font (checksums). The table scrolls sideways when too wide.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;  // per column; missing entries = text
  std::string caption;        // plain text, optional
  std::string css_class;      // e.g. "compact" (cells do not wrap)
  std::vector<bool> mono = {};
};
std::string render(const Table& table);

}  // namespace oremap::sinks::report
