#pragma once
// RAII owners for the reentrant GEOS C API: one Context per thread, geometries and
// prepared geometries that remember the context that made them.
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include <memory>
#include <string>

namespace oremap::geos {

class Context {
 public:
  Context();
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  GEOSContextHandle_t get() const { return handle_; }
  // Message of the last GEOS error or notice in this context.
  const std::string& last_error() const { return last_error_; }

 private:
  static void on_message(const char* message, void* self);
  GEOSContextHandle_t handle_;
  std::string last_error_;
};

struct GeometryDeleter {
  GEOSContextHandle_t ctx = nullptr;
  void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(ctx, g); }
};
using GeometryPtr = std::unique_ptr<GEOSGeometry, GeometryDeleter>;

struct PreparedDeleter {
  GEOSContextHandle_t ctx = nullptr;
  void operator()(const GEOSPreparedGeometry* g) const { GEOSPreparedGeom_destroy_r(ctx, g); }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

struct STRtreeDeleter {
  GEOSContextHandle_t ctx = nullptr;
  void operator()(GEOSSTRtree* t) const { GEOSSTRtree_destroy_r(ctx, t); }
};
using STRtreePtr = std::unique_ptr<GEOSSTRtree, STRtreeDeleter>;

// Takes ownership of a GEOS result; throws LibraryError with GEOS's message if null.
GeometryPtr own(const Context& ctx, GEOSGeometry* g, const char* operation);
PreparedPtr prepare(const Context& ctx, const GEOSGeometry& g);

GeometryPtr from_wkb(const Context& ctx, const unsigned char* wkb, size_t size);
GeometryPtr from_wkt(const Context& ctx, const std::string& wkt);
std::string to_wkt(const Context& ctx, const GEOSGeometry& g, int decimals = 6);

}  // namespace oremap::geos
