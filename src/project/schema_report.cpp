// Keys of [report].
#include "project/schema.hpp"

namespace oremap::project {

Section report_section() {
  return {"report", false, false, "Self-contained HTML validation report.", {}, {}, {}};
}

}  // namespace oremap::project
