#include "geos/handles.hpp"

#include "core/error.hpp"

namespace oremap::geos {

Context::Context() : handle_(GEOS_init_r()) {
  if (!handle_) throw LibraryError("GEOS: cannot create a context");
  GEOSContext_setErrorMessageHandler_r(handle_, &Context::on_message, this);
}

Context::~Context() { GEOS_finish_r(handle_); }

void Context::on_message(const char* message, void* self) {
  static_cast<Context*>(self)->last_error_ = message ? message : "";
}

GeometryPtr own(const Context& ctx, GEOSGeometry* g, const char* operation) {
  if (!g) throw LibraryError(std::string("GEOS ") + operation + " failed: " + ctx.last_error());
  return GeometryPtr(g, GeometryDeleter{ctx.get()});
}

PreparedPtr prepare(const Context& ctx, const GEOSGeometry& g) {
  const GEOSPreparedGeometry* p = GEOSPrepare_r(ctx.get(), &g);
  if (!p) throw LibraryError("GEOS prepare failed: " + ctx.last_error());
  return PreparedPtr(p, PreparedDeleter{ctx.get()});
}

GeometryPtr from_wkb(const Context& ctx, const unsigned char* wkb, size_t size) {
  GEOSWKBReader* reader = GEOSWKBReader_create_r(ctx.get());
  GEOSGeometry* g = GEOSWKBReader_read_r(ctx.get(), reader, wkb, size);
  GEOSWKBReader_destroy_r(ctx.get(), reader);
  return own(ctx, g, "WKB read");
}

GeometryPtr from_wkt(const Context& ctx, const std::string& wkt) {
  GEOSWKTReader* reader = GEOSWKTReader_create_r(ctx.get());
  GEOSGeometry* g = GEOSWKTReader_read_r(ctx.get(), reader, wkt.c_str());
  GEOSWKTReader_destroy_r(ctx.get(), reader);
  return own(ctx, g, "WKT read");
}

std::string to_wkt(const Context& ctx, const GEOSGeometry& g, int decimals) {
  GEOSWKTWriter* writer = GEOSWKTWriter_create_r(ctx.get());
  GEOSWKTWriter_setRoundingPrecision_r(ctx.get(), writer, decimals);
  GEOSWKTWriter_setTrim_r(ctx.get(), writer, 1);
  char* text = GEOSWKTWriter_write_r(ctx.get(), writer, &g);
  GEOSWKTWriter_destroy_r(ctx.get(), writer);
  if (!text) throw LibraryError("GEOS WKT write failed: " + ctx.last_error());
  std::string out(text);
  GEOSFree_r(ctx.get(), text);
  return out;
}

}  // namespace oremap::geos
