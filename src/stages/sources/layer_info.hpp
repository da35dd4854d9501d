#pragma once
// What `oremap inspect` reports about the grid and every layer, as one JSON document
// (the CLI prints it as text or, with --json, as is).
#include <nlohmann/json.hpp>

#include "core/grid.hpp"
#include "core/log.hpp"
#include "project/project.hpp"

namespace oremap::sources {

nlohmann::json grid_info(const Grid& grid);
// Never throws for a bad layer: problems are listed under "errors" so every layer is reported.
nlohmann::json layer_info(const project::LayerSpec& spec, const Grid& grid);
nlohmann::json project_info(const project::Project& project, const Grid& grid);

// Plain-text rendering of project_info for terminals.
std::string format_info(const nlohmann::json& info);

}  // namespace oremap::sources
