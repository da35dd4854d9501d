#pragma once
// The QGIS style of a commodity's site layer, drawn as the static map draws sites
// (map/sites.hpp): ranked sites as circles in the map's score colours (map::score_colour over
// [0, 1], five classes), labelled with their rank and the best drawn on top; sites not ranked
// for missing data as white discs with a dashed ring labelled '?'; excluded sites as grey
// crosses. Polygon sites get the same colours as fills. One rule-based renderer, so QGIS's
// legend lists the classes by name.
#include <ogr_core.h>

#include <string>

namespace oremap::sinks::styles {

constexpr int site_score_classes = 5;

// The .qml text for a site layer of `geometry` (site_geometry_type): markers for points, fills
// for polygons, both (each rule limited to its geometry) for a layer of either.
std::string site_style_qml(OGRwkbGeometryType geometry);

}  // namespace oremap::sinks::styles
