#pragma once
// Numbers as text for messages and tables, the same on every machine: std::to_chars reads no
// locale and no stream state, where printf and iostreams follow the global locale.
#include <string>

namespace oremap {

// The shortest text that reads back as the same double: "0.1", "1e+30", "-nan".
std::string shortest_text(double v);

// `digits` significant digits, trailing zeros dropped: exactly printf's "%.<digits>g" (and an
// ostream's `<<` with precision(digits)) in the C locale. significant_text(1234567, 3) is "1.23e+06".
std::string significant_text(double v, int digits);

}  // namespace oremap
