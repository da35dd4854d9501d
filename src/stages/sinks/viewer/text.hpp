#pragma once
// Text helpers of the web viewer: every string that came from data (site names, layer ids,
// the project title) passes through one of these before it reaches HTML or a file name.
#include <string>

namespace oremap::sinks {

// Escapes & < > " ' as HTML entities: safe in element content and in quoted attributes.
std::string html_escape(const std::string& text);

// A file-name stem made of [A-Za-z0-9_-] only (others become '_'); "layer" when empty.
std::string safe_stem(const std::string& text);

// Replaces every "{{key}}" of `text` by `value` (values are inserted as they are: escape first).
std::string fill_placeholder(std::string text, const std::string& key, const std::string& value);

}  // namespace oremap::sinks
