#pragma once
// `run --json`: one JSON object on stdout when the run has finished: the files it wrote (path in
// the output folder, bytes, SHA-256 from manifest.sha256), the warnings it logged and the seconds
// each progress stage took. Logs stay on stderr; stdout holds only this object.
#include <chrono>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

#include "core/progress.hpp"

namespace oremap::cli {

class RunSummary {
 public:
  RunSummary();
  RunSummary(const RunSummary&) = delete;
  RunSummary& operator=(const RunSummary&) = delete;

  // A stream for the run's Log: lines go on to std::cerr; "oremap: warning: " lines are also
  // kept. Reading them off the log's own lines leaves core's Log a plain stream writer.
  std::ostream& log_stream() { return log_stream_; }

  // Wraps the progress callback to time each stage (a stage ends when the next starts, by the
  // progress bar's rule: another label or a falling fraction).
  Progress timed(Progress inner);

  // {"outputs": [{"path", "bytes", "sha256"}...], "warnings": [...], "stages": [{"stage", "seconds"}...],
  //  "seconds": total}; the outputs are the manifest's files in `output_dir`.
  nlohmann::ordered_json json(const std::filesystem::path& output_dir);

 private:
  class Tee : public std::streambuf {
   public:
    explicit Tee(RunSummary& owner) : owner_(owner) {}

   protected:
    int overflow(int c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;

   private:
    RunSummary& owner_;
    std::string line_;
  };
  using Clock = std::chrono::steady_clock;
  struct Stage {
    std::string name;
    Clock::time_point start;
  };

  std::mutex mutex_;  // warnings and progress come from worker threads too
  Tee tee_;
  std::ostream log_stream_;
  std::vector<std::string> warnings_;
  std::vector<Stage> stages_;
  double last_fraction_ = -1;
  Clock::time_point started_ = Clock::now();
};

}  // namespace oremap::cli
