#include "cli/gdal_messages.hpp"

#include <cpl_error.h>

#include <string>

namespace oremap::cli {

namespace {

void CPL_STDCALL handle(CPLErr error_class, CPLErrorNum, const char* message) {
  if (auto* self = static_cast<GdalMessages*>(CPLGetErrorHandlerUserData()))
    self->print(static_cast<int>(error_class), message);
}

}  // namespace

GdalMessages::GdalMessages(const Log& log) : log_(log) { CPLSetErrorHandlerEx(handle, this); }

GdalMessages::~GdalMessages() { CPLSetErrorHandlerEx(CPLDefaultErrorHandler, nullptr); }

void GdalMessages::print(int error_class, const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  std::lock_guard<std::mutex> lock(mutex_);
  switch (static_cast<CPLErr>(error_class)) {
    case CE_Debug:
      log_.debug("GDAL: " + text);
      break;
    case CE_Warning:
      log_.warn("GDAL: " + text);
      break;
    case CE_None:
      break;
    default:
      log_.error("GDAL: " + text);
      break;
  }
}

}  // namespace oremap::cli
