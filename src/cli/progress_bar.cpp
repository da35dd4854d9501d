#include "cli/progress_bar.hpp"

#include <unistd.h>

#include <csignal>
#include <exception>
#include <iostream>
#include <nlohmann/json.hpp>

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

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) != 0; }
}  // namespace

std::optional<ProgressMode> parse_progress_mode(const std::string& text) {
  if (text == "bar") return ProgressMode::bar;
  if (text == "plain") return ProgressMode::plain;
  if (text == "json") return ProgressMode::json;
  if (text == "none") return ProgressMode::none;
  return std::nullopt;
}

ProgressMode default_progress_mode(bool quiet, bool verbose) {
  if (quiet) return ProgressMode::none;
  return stderr_is_terminal() && !verbose ? ProgressMode::bar : ProgressMode::plain;
}

// Stands in for std::cerr's buffer while the bar is drawn: the first character anyone else
// writes ends the bar's line first (the bar is redrawn below at its next report).
class ProgressBar::LineGuard : public std::streambuf {
 public:
  LineGuard(ProgressBar& bar, std::streambuf* dest) : bar_(bar), dest_(dest) {}

 protected:
  int overflow(int c) override {
    if (c == traits_type::eof()) return traits_type::not_eof(c);
    std::lock_guard<std::mutex> lock(bar_.mutex_);
    end_bar_line();
    return dest_->sputc(static_cast<char>(c));
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    std::lock_guard<std::mutex> lock(bar_.mutex_);
    if (n > 0) end_bar_line();
    return dest_->sputn(s, n);
  }
  int sync() override { return dest_->pubsync(); }

 private:
  void end_bar_line() {
    if (!bar_.bar_open_) return;
    dest_->sputc('\n');
    bar_.bar_open_ = false;
    bar_.last_percent_ = -1;  // redraw at the next report, whatever its value
  }
  ProgressBar& bar_;
  std::streambuf* dest_;
};

ProgressBar::ProgressBar(ProgressMode mode)
    : mode_(mode == ProgressMode::bar && !stderr_is_terminal() ? ProgressMode::plain : mode) {
  if (mode_ == ProgressMode::bar) {
    stderr_buf_ = std::cerr.rdbuf();
    guard_ = std::make_unique<LineGuard>(*this, stderr_buf_);
    std::cerr.rdbuf(guard_.get());
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

ProgressBar::~ProgressBar() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // The last stage ends with the command; a failed or stopped one is left where it stopped.
    if (std::uncaught_exceptions() == 0 && !interrupted) close_stage();
    if (bar_open_) stderr_buf_->sputc('\n');
  }
  if (guard_) std::cerr.rdbuf(stderr_buf_);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

Progress ProgressBar::callback() {
  return [this](double f, const std::string& label) { return update(f, label); };
}

Progress ProgressBar::stop_check() {
  return [](double, const std::string&) { return !interrupted; };
}

// Reports the current stage as finished (fraction 1) unless its last report already did.
void ProgressBar::close_stage() {
  if (step_ == 0 || last_fraction_ >= 1.0) return;
  last_fraction_ = 1.0;
  if (mode_ == ProgressMode::json) print_json(1.0, label_);
  if (mode_ == ProgressMode::plain) print_line(100, label_);
  if (mode_ == ProgressMode::bar) draw_bar(100, label_, false);
}

bool ProgressBar::update(double fraction, const std::string& label) {
  if (interrupted) return false;
  if (mode_ == ProgressMode::none) return true;
  if (!(fraction >= 0)) fraction = 0;  // NaN too
  if (fraction > 1) fraction = 1;
  std::lock_guard<std::mutex> lock(mutex_);
  // A new label, or a fraction falling back (the same work again, e.g. the next COG), starts
  // a new stage; the previous one is over.
  const bool new_stage = step_ == 0 || label != label_ || fraction < last_fraction_;
  if (new_stage) {
    close_stage();
    ++step_;
    label_ = label;
    last_fraction_ = -1;
    last_percent_ = -1;
  }
  const int percent = static_cast<int>(fraction * 100);
  const bool finished = fraction >= 1.0 && last_fraction_ < 1.0;
  last_fraction_ = fraction;
  switch (mode_) {
    case ProgressMode::json:
      if (new_stage || finished || percent != last_percent_) print_json(fraction, label);
      last_percent_ = percent;
      break;
    case ProgressMode::plain:
      if (new_stage || finished || percent / 10 != last_percent_ / 10) print_line(percent, label);
      last_percent_ = percent;
      break;
    case ProgressMode::bar:
      draw_bar(percent, label, new_stage);
      break;
    case ProgressMode::none:
      break;
  }
  return true;
}

void ProgressBar::print_json(double fraction, const std::string& label) {
  const nlohmann::ordered_json line = {{"stage", label},
                                       {"step", step_},
                                       {"fraction", fraction},
                                       {"message", std::to_string(static_cast<int>(fraction * 100)) + "% " + label}};
  std::cerr << line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n" << std::flush;
}

void ProgressBar::print_line(int percent, const std::string& label) {
  std::cerr << "oremap: progress: " + std::to_string(percent) + "% " + label + "\n" << std::flush;
}

// Called with the mutex held: writes to the real stderr buffer, past the guard.
void ProgressBar::draw_bar(int percent, const std::string& label, bool new_stage) {
  const auto now = std::chrono::steady_clock::now();
  if (!new_stage && percent == last_percent_) return;
  if (!new_stage && percent < 100 && now - last_draw_ < std::chrono::milliseconds(100)) return;
  if (new_stage && bar_open_) stderr_buf_->sputc('\n');
  last_percent_ = percent;
  last_draw_ = now;
  const int width = 30, filled = width * percent / 100;
  const std::string text = "\r  [" + std::string(filled, '#') + std::string(width - filled, '.') + "] " +
                           std::to_string(percent) + "% " + label + "\033[K";
  stderr_buf_->sputn(text.data(), static_cast<std::streamsize>(text.size()));
  stderr_buf_->pubsync();
  bar_open_ = true;
  if (percent >= 100) {  // finish the line so log messages start on a fresh one
    stderr_buf_->sputc('\n');
    bar_open_ = false;
  }
}

}  // namespace oremap::cli
