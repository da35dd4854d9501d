#pragma once
// Human-readable log lines on a stream (stderr in the CLI); data never goes here, nor passwords.
#include <ostream>
#include <string>

#include "core/secrets.hpp"

namespace oremap {

enum class Verbosity { quiet = 0, normal = 1, verbose = 2 };

class Log {
 public:
  Log(std::ostream& out, Verbosity level) : out_(out), level_(level) {}

  void info(const std::string& m) const { write(Verbosity::normal, "", m); }
  void debug(const std::string& m) const { write(Verbosity::verbose, "debug: ", m); }
  // Warnings show even with --quiet: they flag data a geologist must know about.
  void warn(const std::string& m) const { write(Verbosity::quiet, "warning: ", m); }
  void error(const std::string& m) const { write(Verbosity::quiet, "error: ", m); }
  Verbosity level() const { return level_; }

 private:
  void write(Verbosity needed, const char* prefix, const std::string& m) const {
    // One insertion per line: lines from threads of their own do not interleave mid-line.
    if (level_ >= needed) out_ << std::string("oremap: ") + prefix + redact_secrets(m) + '\n';
  }
  std::ostream& out_;
  Verbosity level_;
};

}  // namespace oremap
