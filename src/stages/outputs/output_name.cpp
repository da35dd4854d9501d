#include "stages/outputs/output_name.hpp"

#include "core/error.hpp"
#include "project/schema.hpp"

namespace oremap {

namespace fs = std::filesystem;

namespace {

// The name as it can be printed: control characters (a NUL would cut the message) as \xNN.
std::string printable(const std::string& name) {
  std::string out;
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c != 0x7f) {
      out += ch;
      continue;
    }
    const char* hex = "0123456789abcdef";
    out += std::string("\\x") + hex[c >> 4] + hex[c & 15];
  }
  return out;
}

}  // namespace

fs::path output_path(const fs::path& dir, const std::string& name, const std::string& suffix, const std::string& key) {
  const std::string file = name + suffix;
  const bool plain =
      !name.empty() && file != "." && file != ".." && file.find_first_of(std::string("/\\\0", 3)) == std::string::npos;
  // A file name without a separator that is neither "." nor ".." stays directly inside dir.
  const fs::path target = dir / file;
  if (!plain)
    throw OutputError(key + ": '" + printable(name) + "' cannot name an output file: " + printable(target.string()) +
                      " would not be inside the output folder " + dir.string() + "; use a name of " +
                      project::kNameRule);
  return target;
}

}  // namespace oremap
