// The disk check before a run: a shortfall is named with both sizes, the folder and the fixes.
#include "core/disk_space.hpp"

#include <catch2/catch.hpp>

using namespace oremap;

TEST_CASE("a run whose temporary rasters do not fit the disk is refused up front", "[core][disk]") {
  const std::uint64_t gib = 1ull << 30;
  CHECK(disk_shortfall_message("/tmp", 2 * gib, 2 * gib).empty());
  CHECK(disk_shortfall_message("/tmp", 0, 0).empty());
  // 5 GiB needed, 1.5 GiB free: both printed with one decimal, then the three ways out.
  const std::string m = disk_shortfall_message("/tmp", 5 * gib, 3 * gib / 2);
  CHECK_THAT(m, Catch::StartsWith("the run needs up to 5.0 GiB of temporary disk in /tmp (on /"));
  CHECK_THAT(disk_shortfall_message("/tmp", gib / 2, gib / 4),
             Catch::Contains("up to 512.0 MiB") && Catch::Contains("and 256.0 MiB is free"));
  CHECK_THAT(m, Catch::Contains("and 1.5 GiB is free; free space there, set [project] output to a folder on another "
                                "disk, or raise [grid] cell_size"));
}

TEST_CASE("free space is what statvfs reports for the folder, or its nearest existing parent", "[core][disk]") {
  // A folder that does not exist yet is measured where it would be created.
  const std::uint64_t here = free_bytes("/tmp");
  const std::uint64_t deeper = free_bytes("/tmp/oremap-no-such-folder/a/b");
  CHECK(here > 0);
  // Other processes write meanwhile: equal within 1 GiB.
  CHECK(std::max(here, deeper) - std::min(here, deeper) < (1ull << 30));
}
