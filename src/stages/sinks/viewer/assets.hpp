#pragma once
// The web viewer's static files, compiled into the library so `oremap` needs no data folder:
// viewer/index.html (the page template), viewer/app.js, viewer/style.css, and Leaflet from
// Debian's libjs-leaflet (lib/leaflet.min.js, lib/leaflet.css, lib/images/*, lib/LEAFLET-LICENSE).
// The definition is generated at build time by viewer/embed.cmake.
#include <cstddef>
#include <vector>

namespace oremap::sinks {

struct ViewerAsset {
  const char* path;  // relative to the viewer folder, '/'-separated
  const unsigned char* data;
  std::size_t size;
};

const std::vector<ViewerAsset>& viewer_assets();

}  // namespace oremap::sinks
