#pragma once
// Outputs are never left half-written: write to a temporary name beside the target, then
// rename (atomic on one filesystem).
#include <filesystem>
#include <string>

namespace oremap {

// A temporary path beside `target` ("name.tmp-<pid>.ext" keeps the extension for GDAL).
std::filesystem::path temporary_beside(const std::filesystem::path& target);

// Renames temp onto target; throws OutputError naming both on failure.
void commit_file(const std::filesystem::path& temp, const std::filesystem::path& target);

void write_text_atomically(const std::filesystem::path& target, const std::string& content);

}  // namespace oremap
