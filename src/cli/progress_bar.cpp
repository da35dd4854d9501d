#include "cli/progress_bar.hpp"

#include <csignal>
#include <iostream>

namespace oremap::cli {

namespace {
// The one piece of process state: a signal handler can only reach a static flag.
volatile std::sig_atomic_t interrupted = 0;
void on_sigint(int) { interrupted = 1; }
}  // namespace

ProgressBar::ProgressBar(bool enabled) : enabled_(enabled) { std::signal(SIGINT, on_sigint); }

ProgressBar::~ProgressBar() {
  if (enabled_ && last_percent_ >= 0) std::cerr << '\n';
  std::signal(SIGINT, SIG_DFL);
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
            << label << std::flush;
  return true;
}

}  // namespace oremap::cli
