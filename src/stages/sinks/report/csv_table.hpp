#pragma once
// Reads the CSV side tables the models write (<id>_weights.csv, <id>_coefficients.csv,
// <id>_independence.csv) back as report tables: RFC 4180 quoting, numbers rounded for reading.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "stages/sinks/report/html.hpp"

namespace oremap::sinks::report {

// Splits one CSV record ("a,\"b, c\",d" -> a | b, c | d).
std::vector<std::string> split_csv_line(const std::string& line);

struct CsvTable {
  Table table;                     // numbers shown with `decimals` digits, numeric columns right-aligned
  std::vector<std::string> notes;  // shown under the table (fold_columns)
};

// nullopt when the file does not exist.
std::optional<CsvTable> read_csv_table(const std::filesystem::path& file, int decimals = 3);

// Moves the columns named in `names` (figures of the whole table, the same on every row) out of
// the table into one note: "deposit cells 4, background cells 96".
void fold_columns(CsvTable& csv, const std::vector<std::string>& names);

}  // namespace oremap::sinks::report
