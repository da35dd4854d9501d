#pragma once
// The colour range of a prospectivity model, one for the static maps and the viewer, so a cell
// has the same colour in both: [map] range when it is given, else the raster's minimum and
// maximum over every cell (exact, NaN and nodata skipped) widened to round numbers
// (map::nice_range: [0.0003, 0.0123] -> [0, 0.015]).
#include <array>
#include <filesystem>
#include <optional>

namespace oremap::sinks {

// nullopt when the raster has no data cell and no fixed range is given. Throws LibraryError
// when the raster cannot be opened.
std::optional<std::array<double, 2>> model_colour_range(const std::filesystem::path& raster,
                                                        const std::optional<std::array<double, 2>>& fixed);

}  // namespace oremap::sinks
