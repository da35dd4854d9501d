#pragma once
// Gives memory freed by a finished stage back to the system. glibc keeps freed heap memory in
// its arenas (one per thread that allocated: GDAL's warp and compression workers too), so
// without this a stage's peak stays in the process's resident set for the rest of the run
// and adds to the next stage's peak.
namespace oremap {

void return_free_memory();

}  // namespace oremap
