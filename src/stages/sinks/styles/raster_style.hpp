#pragma once
// The QGIS style of a raster output: a .qml beside the GeoTIFF (QGIS loads a same-name .qml by
// itself), painting band 1 with the maps' viridis ramp (viridis.hpp) over the colour range the
// maps and the viewer use (model_range.hpp), so a cell has one colour everywhere. Cells without
// data (NaN, nodata) stay transparent: QGIS draws none.
#include <array>
#include <filesystem>
#include <string>

namespace oremap::sinks::styles {

// Stops of the interpolated ramp: viridis entries 0, 17, ..., 255, evenly spaced over the range.
constexpr int raster_ramp_stops = 16;

// The .qml text: a singlebandpseudocolor renderer with an INTERPOLATED colorrampshader over `range`.
std::string raster_style_qml(const std::array<double, 2>& range);

// The .qml path beside a raster: "copper_model.tif" -> "copper_model.qml".
std::filesystem::path style_path(const std::filesystem::path& data_file);

// Writes raster_style_qml(range) to style_path(raster), atomically; throws OutputError.
void write_raster_style(const std::filesystem::path& raster, const std::array<double, 2>& range);

}  // namespace oremap::sinks::styles
