#pragma once
// The ranks of an MPI job (OpenMPI's mpirun, Slurm's srun): core/ranks.hpp's collectives on
// MPI_COMM_WORLD. Built only with -DOREMAP_MPI=ON; the only code that includes mpi.h.
#include "core/ranks.hpp"

namespace oremap::mpi {

// Whether this process was started by an MPI launcher (mpirun, srun), from its environment:
// a program run on its own does not start MPI at all.
bool launched_by_mpi();

// MPI_Init_thread (only the main thread makes MPI calls) and MPI_Finalize.
class Session {
 public:
  Session(int& argc, char**& argv);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
};

class MpiRanks : public Ranks {
 public:
  MpiRanks();  // after Session
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  int on_this_machine() const override { return local_; }

 protected:
  std::vector<std::string> exchange(const std::string& mine) const override;

 private:
  int rank_ = 0, size_ = 1, local_ = 1;
};

}  // namespace oremap::mpi
