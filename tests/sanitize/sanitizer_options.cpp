// Sanitizer run-time defaults, compiled into every executable of an OREMAP_SANITIZE build so
// ctest, test discovery, the CLI the tests spawn and the fuzzers all run the same way. The
// ASAN_OPTIONS, UBSAN_OPTIONS and LSAN_OPTIONS environment variables still override them.
#ifndef OREMAP_LSAN_SUPPRESSIONS
#error "OREMAP_LSAN_SUPPRESSIONS must name tests/sanitize/lsan.supp"
#endif

extern "C" {

// Leaks fail the run; the CLI's own exits are checked too (atexit leaks count).
const char* __asan_default_options() {
  return "detect_leaks=1:strict_string_checks=1:check_initialization_order=1:detect_stack_use_after_return=0";
}

// Only leaks inside GDAL/PROJ/GEOS/fontconfig themselves are suppressed (the file says which).
const char* __lsan_default_options() { return "print_suppressions=0:suppressions=" OREMAP_LSAN_SUPPRESSIONS; }

// -fno-sanitize-recover=all already aborts; the stack says where.
const char* __ubsan_default_options() { return "print_stacktrace=1:halt_on_error=1"; }
}
