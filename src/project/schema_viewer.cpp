// Keys of [viewer]: the offline web viewer (src/stages/sinks/viewer/web_viewer.hpp, docs/viewer.md).
#include "project/schema.hpp"
#include "project/schema_builder.hpp"

namespace oremap::project {

using namespace declare;

Section viewer_section() {
  return table("viewer")
      .doc(
          "Offline web viewer written to <output>/viewer/ (open index.html; no network needed). docs/viewer.md "
          "describes it.")
      .keys({
          text("title").shown_as("the project name").doc("Title of the page and its header."),
          texts("layers")
              .refers_to(Ref::layer)
              .shown_as("the layers of [[criteria]] and [[exclusions]], and the grid mask")
              .doc("Vector layer ids shown as switchable layers (infrastructure, governance, exclusions...)."),
          text("basemap").shown_as("none").doc(
              "Tile URL template, e.g. \"https://tile.openstreetmap.org/{z}/{x}/{y}.png\". Needs the network; "
              "without it the viewer is fully offline."),
          text("basemap_attribution").doc("Attribution shown for the basemap (tile providers require one)."),
          integer("raster_size")
              .at_least(64)
              .at_most(8192)
              .otherwise(2048)
              .doc("Longest side in pixels of each prospectivity overlay (the raster is averaged down to it)."),
      });
}

}  // namespace oremap::project
