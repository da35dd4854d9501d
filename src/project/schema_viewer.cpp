// Keys of [viewer]: the offline web viewer (src/stages/sinks/viewer/web_viewer.hpp, docs/viewer.md).
#include "project/schema.hpp"

namespace oremap::project {

Section viewer_section() {
  return {"viewer", false, false,
          "Offline web viewer written to <output>/viewer/ (open index.html; no network needed). "
          "docs/viewer.md describes it.",
          {
              {"title", Type::string, false, "Title of the page and its header.", {}, {}, {}, false, Ref::none,
               "the project name"},
              {"layers", Type::string_list, false,
               "Vector layer ids shown as switchable layers (infrastructure, governance, exclusions...).", {}, {},
               {}, false, Ref::layer, "the layers of [[criteria]] and [[exclusions]], and the grid mask"},
              {"basemap", Type::string, false,
               "Tile URL template, e.g. \"https://tile.openstreetmap.org/{z}/{x}/{y}.png\". Needs the network; "
               "without it the viewer is fully offline.",
               {}, {}, {}, false, Ref::none, "none"},
              {"basemap_attribution", Type::string, false,
               "Attribution shown for the basemap (tile providers require one)."},
              {"raster_size", Type::integer, false,
               "Longest side in pixels of each prospectivity overlay (the raster is averaged down to it).", {}, 64.0,
               8192.0, false, Ref::none, "2048"},
          },
          {},
          {}};
}

}  // namespace oremap::project
