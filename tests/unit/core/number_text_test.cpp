// The shared number formatter: literal expectations, and printf's "%.*g" as the oracle for the
// significant-digit form (the helpers it replaced used snprintf and ostreams).
#include "core/number_text.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <sstream>

using namespace oremap;

TEST_CASE("number_text: shortest round-trip text", "[core][number_text]") {
  CHECK(shortest_text(0.1) == "0.1");
  CHECK(shortest_text(1e30) == "1e+30");
  CHECK(shortest_text(-2.5) == "-2.5");
  CHECK(shortest_text(1000000) == "1e+06");  // the shorter of the two forms
  CHECK(shortest_text(123456) == "123456");
  CHECK(shortest_text(0.30000000000000004) == "0.30000000000000004");
  CHECK(shortest_text(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(shortest_text(std::numeric_limits<double>::quiet_NaN()) == "nan");
}

TEST_CASE("number_text: significant digits", "[core][number_text]") {
  CHECK(significant_text(1234567, 3) == "1.23e+06");
  CHECK(significant_text(0.5, 3) == "0.5");  // trailing zeros dropped
  CHECK(significant_text(2.0 / 3, 4) == "0.6667");
  CHECK(significant_text(1e6, 6) == "1e+06");  // an ostream's default `<<`
  CHECK(significant_text(0.1, 17) == "0.10000000000000001");
  CHECK(significant_text(-std::numeric_limits<double>::infinity(), 6) == "-inf");
}

TEST_CASE("number_text: significant digits equal printf's %.*g", "[core][number_text]") {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> mantissa(-10, 10);
  std::uniform_int_distribution<int> exponent(-30, 30);
  for (int i = 0; i < 2000; ++i) {
    double v = std::ldexp(mantissa(rng), exponent(rng));
    for (int digits : {3, 4, 6, 10, 17}) {
      char expected[64];
      std::snprintf(expected, sizeof expected, "%.*g", digits, v);
      std::ostringstream stream;
      stream.precision(digits);
      stream << v;
      INFO(expected);
      REQUIRE(significant_text(v, digits) == expected);
      REQUIRE(stream.str() == expected);
    }
  }
}
