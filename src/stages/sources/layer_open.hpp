#pragma once
// Opening a declared layer the same way everywhere: open options, layer choice, filter, CRS.
#include <ogr_spatialref.h>

#include <array>
#include <string>

#include "gdal/handles.hpp"
#include "project/project.hpp"

namespace oremap::sources {

struct OpenedVector {
  gdal::DatasetPtr dataset;
  OGRLayer* layer = nullptr;  // owned by dataset
  OGRSpatialReference crs;    // the layer's CRS or the project's override
  std::string crs_origin;     // "file", "override" or "CSV default (lon/lat)"
};

// Throws InputError naming the file, the layer and the fix.
OpenedVector open_vector(const project::LayerSpec& spec);

struct OpenedRaster {
  gdal::DatasetPtr dataset;
  OGRSpatialReference crs;
};

OpenedRaster open_raster(const project::LayerSpec& spec);

// Extent [xmin, ymin, xmax, ymax] of a layer in its own CRS (after the where filter).
std::array<double, 4> native_extent(const project::LayerSpec& spec);
std::array<double, 4> vector_extent(OpenedVector& v, const project::LayerSpec& spec);
std::array<double, 4> raster_extent(const OpenedRaster& r);

// Reprojects a box with densified edges (PROJ via OCTTransformBounds).
std::array<double, 4> transform_bounds(const std::array<double, 4>& box, const OGRSpatialReference& from,
                                       const OGRSpatialReference& to);

// Human label for messages: "roads (data/roads.shp)".
std::string label(const project::LayerSpec& spec);

}  // namespace oremap::sources
