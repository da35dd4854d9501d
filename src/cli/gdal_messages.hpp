#pragma once
// GDAL's own errors and warnings on stderr in oremap's form ("oremap: GDAL error: ..."),
// through the Log, so they obey --quiet/--verbose and never show a password from a
// connection string. Installed for the lifetime of one command; the previous handler returns.
#include <mutex>

#include "core/log.hpp"

namespace oremap::cli {

class GdalMessages {
 public:
  explicit GdalMessages(const Log& log);
  ~GdalMessages();
  GdalMessages(const GdalMessages&) = delete;
  GdalMessages& operator=(const GdalMessages&) = delete;

  void print(int error_class, const char* message);

 private:
  const Log& log_;
  std::mutex mutex_;  // GDAL reports from worker threads too
};

}  // namespace oremap::cli
