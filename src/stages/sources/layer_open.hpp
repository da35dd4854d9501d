#pragma once
// Opening a declared layer the same way everywhere: open options, layer choice, filter, CRS.
#include <ogr_spatialref.h>

#include <array>
#include <functional>
#include <string>

#include "gdal/handles.hpp"
#include "project/project.hpp"

namespace oremap::sources {

struct OpenedVector {
  gdal::DatasetPtr dataset;
  OGRLayer* layer = nullptr;  // owned by dataset
  OGRSpatialReference crs;    // the layer's CRS or the project's override
  std::string crs_origin;     // "file", "override" or "CSV default (lon/lat)"
  // Features the layer declares before any filter, when the driver knows it without reading them
  // (a FlatGeobuf header, a GeoPackage's feature_count...); -1 when it does not.
  long long declared_count = -1;
};

// Throws InputError naming the file, the layer and the fix. A Shapefile whose .shp or .dbf is
// shorter than its header declares (cut short by a copy or download) is refused here.
OpenedVector open_vector(const project::LayerSpec& spec);

// Reads the features of an opened layer (after its filters) in order, calling `visit` on each;
// returns how many were read. Every feature read of oremap goes through here, so a file that turns
// out truncated or corrupt while reading fails the same way everywhere: InputError naming the
// file and the layer when OGR reports a read error or, without filters, fewer features come back
// than the layer declares.
long long for_each_feature(OpenedVector& v, const project::LayerSpec& spec,
                           const std::function<void(OGRFeature&)>& visit);

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
// "layer 'roads' (data/roads.shp)": prefixes errors about a layer's data read through a view with
// no name of its own (the warped VRT).
std::string layer_label(const project::LayerSpec& spec);

}  // namespace oremap::sources
