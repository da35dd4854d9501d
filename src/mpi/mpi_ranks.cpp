#include "mpi/mpi_ranks.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <thread>

namespace oremap::mpi {

bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "SLURM_STEP_NUM_TASKS"})
    if (std::getenv(name)) return true;
  return false;
}

Session::Session(int& argc, char**& argv) {
  int provided = 0;
  if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
    throw std::runtime_error("MPI_Init_thread failed");
  // Errors come back as return codes (checked below), not as an abort inside MPI.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
}

Session::~Session() { MPI_Finalize(); }

namespace {

void check(int rc, const char* what) {
  if (rc != MPI_SUCCESS) {
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(rc, text, &length);
    throw std::runtime_error(std::string(what) + ": " + std::string(text, static_cast<std::size_t>(length)));
  }
}

// Waits for every rank to arrive, asleep: a rank waiting for rank 0 to write the outputs, or for
// a slower band, would otherwise spin in MPI's polling loop on a core the others need.
void wait_for_all() {
  MPI_Request arrived;
  check(MPI_Ibarrier(MPI_COMM_WORLD, &arrived), "MPI_Ibarrier");
  auto nap = std::chrono::microseconds(20);
  for (int done = 0;;) {
    check(MPI_Test(&arrived, &done, MPI_STATUS_IGNORE), "MPI_Test");
    if (done) return;
    std::this_thread::sleep_for(nap);
    nap = std::min(nap * 2, std::chrono::microseconds(2000));
  }
}

}  // namespace

MpiRanks::MpiRanks() {
  check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
  check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
  MPI_Comm machine;
  check(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &machine),
        "MPI_Comm_split_type");
  check(MPI_Comm_size(machine, &local_), "MPI_Comm_size");
  MPI_Comm_free(&machine);
}

std::vector<std::string> MpiRanks::exchange(const std::string& mine) const {
  wait_for_all();
  if (mine.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::runtime_error("an MPI exchange of more than 2 GiB from one rank");
  const int count = static_cast<int>(mine.size());
  std::vector<int> counts(static_cast<std::size_t>(size_)), offsets(static_cast<std::size_t>(size_));
  check(MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD), "MPI_Allgather");
  long long total = 0;
  for (int r = 0; r < size_; ++r) {
    offsets[static_cast<std::size_t>(r)] =
        static_cast<int>(std::min<long long>(total, std::numeric_limits<int>::max()));
    total += counts[static_cast<std::size_t>(r)];
  }
  std::vector<std::string> parts(static_cast<std::size_t>(size_));
  for (int r = 0; r < size_; ++r) parts[static_cast<std::size_t>(r)].resize(counts[static_cast<std::size_t>(r)]);
  // Large exchanges (percentile tables: hundreds of MB) go rank by rank straight into the parts:
  // one gathered buffer copied into parts would hold them twice at the peak.
  constexpr long long kGatherAtOnce = 16ll << 20;
  if (total > kGatherAtOnce) {
    parts[static_cast<std::size_t>(rank_)] = mine;
    for (int r = 0; r < size_; ++r)
      check(MPI_Bcast(parts[static_cast<std::size_t>(r)].data(), counts[static_cast<std::size_t>(r)], MPI_CHAR, r,
                      MPI_COMM_WORLD),
            "MPI_Bcast");
    return parts;
  }
  std::string all(static_cast<std::size_t>(total), '\0');
  check(
      MPI_Allgatherv(mine.data(), count, MPI_CHAR, all.data(), counts.data(), offsets.data(), MPI_CHAR, MPI_COMM_WORLD),
      "MPI_Allgatherv");
  for (int r = 0; r < size_; ++r)
    parts[static_cast<std::size_t>(r)] = all.substr(static_cast<std::size_t>(offsets[static_cast<std::size_t>(r)]),
                                                    static_cast<std::size_t>(counts[static_cast<std::size_t>(r)]));
  return parts;
}

}  // namespace oremap::mpi
