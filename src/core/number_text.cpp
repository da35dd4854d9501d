#include "core/number_text.hpp"

#include <charconv>

namespace oremap {

std::string shortest_text(double v) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

std::string significant_text(double v, int digits) {
  char buf[64];  // "%.17g" needs at most 24
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, digits);
  return std::string(buf, res.ptr);
}

}  // namespace oremap
