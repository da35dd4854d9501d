#include "cli/progress_bar.hpp"

#include <unistd.h>

#include <csignal>
#include <iostream>

namespace oremap::cli {

namespace {
// The one piece of process state: a signal handler can only reach a static flag.
volatile std::sig_atomic_t interrupted = 0;
// First Ctrl-C (or SIGTERM): ask the work to stop at its next progress report, so outputs are
// cleaned up. A second one: stop now, the default way (the next run removes the leftovers).
void on_signal(int sig) {
  if (interrupted) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
  interrupted = 1;
}
}  // namespace

// Drawn only on a terminal: redirected stderr (CI logs) stays free of carriage returns.
ProgressBar::ProgressBar(bool enabled) : enabled_(enabled && ::isatty(STDERR_FILENO)) {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

ProgressBar::~ProgressBar() {
  if (enabled_ && last_percent_ >= 0) std::cerr << '\n';
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

Progress ProgressBar::callback() {
  return [this](double f, const std::string& label) { return update(f, label); };
}

bool ProgressBar::update(double fraction, const std::string& label) {
  if (interrupted) return false;
  if (!enabled_) return true;
  int percent = static_cast<int>(fraction * 100 + 0.5);
  auto now = std::chrono::steady_clock::now();
  bool changed_label = label != label_;
  if (!changed_label && percent == last_percent_) return true;
  if (!changed_label && percent < 100 && now - last_draw_ < std::chrono::milliseconds(100)) return true;
  if (changed_label && last_percent_ >= 0) std::cerr << '\n';
  label_ = label;
  last_percent_ = percent;
  last_draw_ = now;
  const int width = 30, filled = width * percent / 100;
  std::cerr << "\r  [" << std::string(filled, '#') << std::string(width - filled, '.') << "] " << percent << "% "
            << label << "\033[K" << std::flush;
  if (percent >= 100) {  // finish the line so log messages start on a fresh one
    std::cerr << '\n';
    last_percent_ = -1;
    label_.clear();
  }
  return true;
}

}  // namespace oremap::cli
