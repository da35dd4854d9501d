#include "stages/sinks/viewer/text.hpp"

#include "core/html_escape.hpp"

namespace oremap::sinks {

std::string html_escape(const std::string& text) { return oremap::html_escape(text); }

std::string safe_stem(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    out += ok ? c : '_';
  }
  return out.empty() ? "layer" : out;
}

std::string fill_placeholder(std::string text, const std::string& key, const std::string& value) {
  const std::string token = "{{" + key + "}}";
  for (std::size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + value.size()))
    text.replace(at, token.size(), value);
  return text;
}

}  // namespace oremap::sinks
