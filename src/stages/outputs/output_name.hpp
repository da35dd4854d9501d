#pragma once
// Output files named after user text (an id, a commodity) are built here, and only here: a name
// whose file would land outside the output folder is refused, whatever validation let through.
#include <filesystem>
#include <string>

namespace oremap {

// `dir` / (`name` + `suffix`), e.g. output_path(out, "copper_w", "_weights.csv", "models.id").
// Throws OutputError (exit 5) naming `key` and the name when the name is empty, ".", "..", or
// holds a path separator or NUL, i.e. when the file would not be directly inside `dir`.
std::filesystem::path output_path(const std::filesystem::path& dir, const std::string& name, const std::string& suffix,
                                  const std::string& key);

}  // namespace oremap
