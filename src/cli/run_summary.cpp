#include "cli/run_summary.hpp"

#include <iostream>

#include "stages/outputs/manifest.hpp"

namespace oremap::cli {

namespace {
constexpr const char* kWarning = "oremap: warning: ";
}

RunSummary::RunSummary() : tee_(*this), log_stream_(&tee_) {}

int RunSummary::Tee::overflow(int c) {
  if (c == traits_type::eof()) return traits_type::not_eof(c);
  const char ch = static_cast<char>(c);
  xsputn(&ch, 1);
  return c;
}

std::streamsize RunSummary::Tee::xsputn(const char* s, std::streamsize n) {
  std::cerr.write(s, n);
  std::lock_guard<std::mutex> lock(owner_.mutex_);
  for (std::streamsize i = 0; i < n; ++i) {
    if (s[i] != '\n') {
      line_ += s[i];
      continue;
    }
    if (line_.rfind(kWarning, 0) == 0) owner_.warnings_.push_back(line_.substr(std::string(kWarning).size()));
    line_.clear();
  }
  return n;
}

Progress RunSummary::timed(Progress inner) {
  return [this, inner = std::move(inner)](double fraction, const std::string& label) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      const auto now = Clock::now();
      if (stages_.empty() || label != stages_.back().name || fraction < last_fraction_) stages_.push_back({label, now});
      last_fraction_ = fraction;
    }
    return inner(fraction, label);
  };
}

nlohmann::ordered_json RunSummary::json(const std::filesystem::path& output_dir) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto now = Clock::now();
  auto seconds = [](Clock::duration d) { return std::chrono::duration<double>(d).count(); };
  nlohmann::ordered_json outputs = nlohmann::ordered_json::array();
  std::error_code ec;
  for (const auto& [path, sha] : read_manifest(output_dir / manifest_name)) {
    const auto bytes = std::filesystem::file_size(output_dir / path, ec);
    outputs.push_back({{"path", path}, {"bytes", ec ? 0 : bytes}, {"sha256", sha}});
  }
  nlohmann::ordered_json stages = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < stages_.size(); ++i) {
    // A stage lasts until the next one starts; the last one until now.
    const auto end = i + 1 < stages_.size() ? stages_[i + 1].start : now;
    stages.push_back({{"stage", stages_[i].name}, {"seconds", seconds(end - stages_[i].start)}});
  }
  return {{"outputs", outputs}, {"warnings", warnings_}, {"stages", stages}, {"seconds", seconds(now - started_)}};
}

}  // namespace oremap::cli
