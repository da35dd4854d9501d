#pragma once
// manifest.sha256: the list of a complete set of results, in `sha256sum` format, written last
// into the output folder. A reader checks a set with `sha256sum -c manifest.sha256`; while a
// new set is being moved into place the file is absent.
#include <filesystem>
#include <map>
#include <string>

namespace oremap {

constexpr const char* manifest_name = "manifest.sha256";

// Relative path ('/'-separated) -> lower-case hex SHA-256.
using Manifest = std::map<std::string, std::string>;

std::string format_manifest(const Manifest& manifest);

// The manifest at `file` (empty when there is none). Lines that are not "<64 hex>  <path>" with
// a plain relative path inside the folder (no "..", no absolute path) are ignored: a hand-edited
// manifest can never make oremap touch a file outside the output folder.
Manifest read_manifest(const std::filesystem::path& file);

// True for a relative path of plain names: no "", ".", ".." or absolute parts.
bool inside_folder(const std::string& relative_path);

}  // namespace oremap
