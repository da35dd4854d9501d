#pragma once
// The side tables the models write (weights, coefficients), read back by the tests.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "../stage_fixture.hpp"

namespace oremap::test {

// A CSV file as rows of fields (no quoted commas in these tables), comment lines skipped.
inline std::vector<std::vector<std::string>> read_csv(const fs::path& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(read_text_file(path));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::string field;
    std::istringstream in(line);
    while (std::getline(in, field, ',')) fields.push_back(field);
    if (!line.empty() && line.back() == ',') fields.push_back("");
    rows.push_back(fields);
  }
  return rows;
}

// Row of a table by the value of its first columns, as a map header -> field.
inline std::map<std::string, std::string> csv_row(const std::vector<std::vector<std::string>>& rows,
                                                  const std::vector<std::string>& key) {
  const auto& header = rows.at(0);
  for (std::size_t i = 1; i < rows.size(); ++i)
    if (std::equal(key.begin(), key.end(), rows[i].begin())) {
      std::map<std::string, std::string> m;
      for (std::size_t j = 0; j < header.size(); ++j) m[header[j]] = j < rows[i].size() ? rows[i][j] : "";
      return m;
    }
  FAIL("no row starting with " << key.front() << (key.size() > 1 ? "," + key[1] : std::string()));
  return {};
}

inline double number(const std::string& s) { return std::stod(s); }

}  // namespace oremap::test
