#include "stages/sinks/report/csv_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>

namespace oremap::sinks::report {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

namespace {

bool parse_number(const std::string& s, double& v) {
  if (s.empty()) return false;
  char* end = nullptr;
  v = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

}  // namespace

std::optional<CsvTable> read_csv_table(const std::filesystem::path& file, int decimals) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  CsvTable out;
  bool header = true;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    std::vector<std::string> fields = split_csv_line(line);
    if (header) {
      out.table.header = fields;
      out.table.numeric.assign(fields.size(), false);
      header = false;
      continue;
    }
    for (std::size_t c = 0; c < fields.size(); ++c) {
      double v = 0;
      if (parse_number(fields[c], v)) {
        const bool integral =
            std::fabs(v) < 1e15 && v == std::floor(v) && fields[c].find_first_of(".eE") == std::string::npos;
        fields[c] = integral
                        ? fields[c]
                        : (std::fabs(v) != 0 && std::fabs(v) < 1e-3 ? scientific(v, decimals) : fixed(v, decimals));
        if (c < out.table.numeric.size()) out.table.numeric[c] = true;
      }
    }
    out.table.rows.push_back(std::move(fields));
  }
  return out;
}

void fold_columns(CsvTable& csv, const std::vector<std::string>& names) {
  Table& t = csv.table;
  std::string note;
  for (std::size_t c = t.header.size(); c-- > 0;) {
    if (std::find(names.begin(), names.end(), t.header[c]) == names.end()) continue;
    std::string name = t.header[c];
    std::replace(name.begin(), name.end(), '_', ' ');
    const std::string value = t.rows.empty() || c >= t.rows[0].size() ? "" : t.rows[0][c];
    note = name + " " + value + (note.empty() ? "" : ", ") + note;
    t.header.erase(t.header.begin() + static_cast<std::ptrdiff_t>(c));
    if (c < t.numeric.size()) t.numeric.erase(t.numeric.begin() + static_cast<std::ptrdiff_t>(c));
    for (auto& row : t.rows)
      if (c < row.size()) row.erase(row.begin() + static_cast<std::ptrdiff_t>(c));
  }
  if (!note.empty()) csv.notes.push_back(note);
}

}  // namespace oremap::sinks::report
