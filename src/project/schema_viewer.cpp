// Keys of [viewer].
#include "project/schema.hpp"

namespace oremap::project {

Section viewer_section() {
  return {"viewer", false, false, "Offline web viewer written to <output>/viewer/.", {}, {}, {}};
}

}  // namespace oremap::project
