#include "stages/outputs/manifest.hpp"

#include <fstream>
#include <sstream>

namespace oremap {

std::string format_manifest(const Manifest& manifest) {
  std::string text;
  for (const auto& [path, sha] : manifest) text += sha + "  " + path + "\n";
  return text;
}

bool inside_folder(const std::string& relative_path) {
  if (relative_path.empty() || relative_path.front() == '/') return false;
  std::istringstream parts(relative_path);
  for (std::string part; std::getline(parts, part, '/');)
    if (part.empty() || part == "." || part == "..") return false;
  return relative_path.back() != '/' && relative_path.find_first_of("\\\n\r") == std::string::npos;
}

Manifest read_manifest(const std::filesystem::path& file) {
  Manifest manifest;
  std::ifstream in(file, std::ios::binary);
  for (std::string line; std::getline(in, line);) {
    if (line.size() < 67 || line.compare(64, 2, "  ") != 0) continue;
    const std::string sha = line.substr(0, 64), path = line.substr(66);
    if (sha.find_first_not_of("0123456789abcdef") == std::string::npos && inside_folder(path)) manifest[path] = sha;
  }
  return manifest;
}

}  // namespace oremap
