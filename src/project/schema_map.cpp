// Keys of [map].
#include "project/schema.hpp"

namespace oremap::project {

Section map_section() {
  return {"map", false, false, "Site-ranking maps (PNG, SVG, PDF), one per commodity.", {}, {}, {}};
}

}  // namespace oremap::project
