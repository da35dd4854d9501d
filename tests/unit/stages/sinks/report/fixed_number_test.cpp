// Numbers in the report too large for fixed notation fall back to scientific notation.
#include <catch2/catch.hpp>

#include "stages/sinks/report/html.hpp"

using namespace oremap::sinks::report;

TEST_CASE("html: numbers too long for fixed notation are written in scientific notation", "[report][html]") {
  // 1e70 in fixed notation has 71 digits before the point: more than the 64-character buffer.
  CHECK(fixed(1e70, 1) == "1.0e+70");
  CHECK(fixed(-2.5e70, 3) == "-2.500e+70");
  CHECK(fixed(1e70, 0) == "1e+70");
  CHECK(fixed(1e300, 2) == "1.00e+300");
  // Just short enough: 1e50 is 51 digits, plus ".0".
  CHECK(fixed(1e50, 1) == "100000000000000007629769841091887003294964970946560.0");
}
