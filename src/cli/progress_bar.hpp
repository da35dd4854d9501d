#pragma once
// Progress on stderr in GDAL's callback style, cancellable with Ctrl-C or SIGTERM (the signal
// sets a flag the callback returns as "stop"; a second signal ends the process at once).
// Four forms (--progress): a throttled bar redrawn in place on a terminal; plain lines, one per
// stage and per 10 % step; JSON lines, one object per report, for programs (the QGIS provider):
//   {"stage":"s: warping","step":3,"fraction":0.5,"message":"50% s: warping"}
// stage is the work being done, step its number in the run (from 1), fraction its progress in
// [0,1]. Each stage's fractions never fall and its last line has fraction 1 (a stage ends when
// the next one starts, or when the command succeeds); none prints nothing.
// While the bar is drawn, anything else written to std::cerr (log lines, GDAL's messages)
// starts on a fresh line, never on the bar's.
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <streambuf>
#include <string>

#include "core/progress.hpp"

namespace oremap::cli {

enum class ProgressMode { bar, plain, json, none };

// Parses "bar", "plain", "json" or "none"; nullopt for anything else.
std::optional<ProgressMode> parse_progress_mode(const std::string& text);
// The default: none with --quiet; the bar on a terminal, plain lines otherwise (or with --verbose).
ProgressMode default_progress_mode(bool quiet, bool verbose);

class ProgressBar {
 public:
  // The bar needs a terminal: on redirected stderr it prints plain lines instead.
  explicit ProgressBar(ProgressMode mode);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  Progress callback();
  // Reports nothing; false once Ctrl-C or SIGTERM has asked the work to stop.
  static Progress stop_check();

 private:
  class LineGuard;
  bool update(double fraction, const std::string& label);
  void draw_bar(int percent, const std::string& label, bool new_stage);
  void print_line(int percent, const std::string& label);
  void print_json(double fraction, const std::string& label);
  void close_stage();

  ProgressMode mode_;
  std::mutex mutex_;  // reports come from worker threads too
  std::unique_ptr<LineGuard> guard_;
  std::streambuf* stderr_buf_ = nullptr;  // the real stderr buffer while the guard is installed
  std::string label_;
  int step_ = 0;
  double last_fraction_ = -1;
  int last_percent_ = -1;
  bool bar_open_ = false;  // the bar is on the current line
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace oremap::cli
