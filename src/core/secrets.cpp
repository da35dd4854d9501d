#include "core/secrets.hpp"

#include <regex>

namespace oremap {

std::string redact_secrets(const std::string& text) {
  // The value is libpq-quoted ('a b', with \' escapes) or runs to whitespace, or to a quote that
  // closes the string around it: in TOML, `path = "PG:dbname=geo password=x"` keeps its quote;
  // in a message, "PG:... password=x: cannot open" keeps the colon that follows the path.
  static const std::regex password(R"((password\s*=\s*)('(?:[^'\\]|\\.)*'|(?:\\.|\S)*?(?=["']?(?:[\s,\]}]|:\s|:?$))))",
                                   std::regex::icase);
  static const std::regex url_user(R"((://[^/:@\s]+:)[^@/\s]+@)");
  if (text.find_first_of("@=") == std::string::npos) return text;  // nothing to hide: skip the regexes
  std::string s = std::regex_replace(text, password, "$1***");
  return std::regex_replace(s, url_user, "$1***@");
}

}  // namespace oremap
