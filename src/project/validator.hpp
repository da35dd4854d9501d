#pragma once
// Checks a parsed project file against the schema, collecting every problem at once.
#include <toml++/toml.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace oremap::project {

// Guesses whether a layer path is raster or vector data from its extension ("PG:" is vector).
std::string layer_type_from_path(const std::string& path);

// Resolves a path relative to the project folder; GDAL connection strings pass through.
std::string resolve_path(const std::string& path, const std::filesystem::path& dir);

std::vector<Diagnostic> validate(const toml::table& root, const std::string& file, const std::filesystem::path& dir);

}  // namespace oremap::project
