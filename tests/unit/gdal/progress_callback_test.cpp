// GDAL's progress callback over oremap's Progress: labels, and a stop that stays a stop even
// when GDAL reports again afterwards (it often sends a final 1.0).
#include "gdal/progress_callback.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace oremap;

TEST_CASE("a GDAL progress callback passes fractions under its label and remembers a stop", "[progress]") {
  std::vector<std::pair<double, std::string>> seen;
  int calls = 0;
  gdal::ProgressCallback p(
      [&](double f, const std::string& label) {
        seen.emplace_back(f, label);
        return ++calls != 2;  // refuses the second report only
      },
      "writing COG");
  CHECK(gdal::ProgressCallback::callback(0.25, "ignored", p.data()) == 1);
  CHECK_FALSE(p.stopped());
  CHECK(gdal::ProgressCallback::callback(0.5, nullptr, p.data()) == 0);
  CHECK(p.stopped());
  // Told to stop, GDAL reports 1.0: still stopped, and the Progress is not asked again.
  CHECK(gdal::ProgressCallback::callback(1.0, nullptr, p.data()) == 0);
  CHECK(p.stopped());
  CHECK(seen == std::vector<std::pair<double, std::string>>{{0.25, "writing COG"}, {0.5, "writing COG"}});
}
