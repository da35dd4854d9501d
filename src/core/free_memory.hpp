#pragma once
// Gives memory freed by a finished stage back to the system. glibc keeps freed heap memory in
// its arenas (one per thread that allocated: GDAL's warp and compression workers too), so
// without this a stage's peak stays in the process's resident set for the rest of the run
// and adds to the next stage's peak.
namespace oremap {

void return_free_memory();

// Lets a stage reuse the memory it frees instead of handing it back to the kernel at once:
// GDAL's 256 KiB blocks and the strips' buffers are allocated and freed strip after strip,
// and glibc's defaults unmap or trim each, so the next strip faults in fresh zeroed pages
// (a fifth of a six-input membership pass). Freed memory then waits for return_free_memory
// between stages. Call once, at start-up.
void reuse_freed_memory();

}  // namespace oremap
