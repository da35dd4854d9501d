#include "core/free_memory.hpp"

#include <cstdlib>  // defines __GLIBC__ on glibc systems, which the checks below need

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace oremap {

void return_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

void reuse_freed_memory() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);   // blocks and strips from the heap, not fresh mappings
  mallopt(M_TRIM_THRESHOLD, 512 << 20);  // freed heap kept for the next strip
#endif
}

}  // namespace oremap
