#pragma once
// The processes a run is spread over: one (the default) or the ranks of an MPI job
// (`mpirun -n N oremap run`, docs/scaling.md). Every rank runs the same stages on the same
// project; the block engine gives each rank a band of strips, and results that span bands are
// exchanged with the collectives below. Every collective must be called by every rank, in the
// same order. The MPI implementation lives in src/mpi (an MPI build only), so nothing else
// includes mpi.h.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <type_traits>
#include <vector>

namespace oremap {

class Ranks {
 public:
  virtual ~Ranks() = default;
  virtual int rank() const { return 0; }
  virtual int size() const { return 1; }
  bool root() const { return rank() == 0; }
  // Ranks sharing this machine's cores (each takes its share of them as threads).
  virtual int on_this_machine() const { return 1; }

  // Every rank's bytes, in rank order, on every rank. `what` names the exchange in traffic().
  std::vector<std::string> all_gather(const std::string& mine, const std::string& what) const;

  // Runs body on every rank, then agrees on the outcome: if it threw on any rank, every rank
  // throws the first failing rank's error (its exit code and message); the failing rank
  // rethrows its own exception. Also a barrier: no rank returns before every rank's body ended.
  void agree(const std::function<void()>& body) const;
  // agree() around a body that runs on rank 0 only (file operations on shared outputs).
  void on_root(const std::function<void()>& body) const;
  // A value rank 0 computed, on every rank.
  std::string from_root(const std::string& value) const;

  // [begin, end) of rank r's share of n items: contiguous, in rank order, sizes differing by
  // at most one (empty when n < size()).
  std::pair<std::size_t, std::size_t> share(std::size_t n, int r) const;
  std::pair<std::size_t, std::size_t> share(std::size_t n) const { return share(n, rank()); }

  // Element-wise sums / minima / maxima over the ranks (the same bits on every rank: integer
  // operations, combined in rank order).
  void sum(std::vector<std::uint64_t>& values, const std::string& what) const;
  void min(std::vector<std::uint32_t>& values, const std::string& what) const;
  void max(std::vector<std::uint32_t>& values, const std::string& what) const;

  // What this rank's collectives moved so far, by name (docs/scaling.md; run --verbose).
  struct Traffic {
    std::size_t calls = 0;
    std::uint64_t sent = 0, received = 0;  // bytes
    double seconds = 0;                    // in the exchanges, waiting for slower ranks included
  };
  const std::map<std::string, Traffic>& traffic() const { return traffic_; }
  // Seconds this rank has spent in collectives so far, mostly waiting for slower ranks: how
  // much room its cores had.
  virtual double seconds_waited() const;

 protected:
  // One process: its own bytes. MPI: MPI_Allgatherv.
  virtual std::vector<std::string> exchange(const std::string& mine) const { return {mine}; }

 private:
  mutable std::map<std::string, Traffic> traffic_;
};

// Trivially copyable values to and from bytes, for the exchanges above.
template <class T>
std::string to_bytes(const std::vector<T>& values) {
  static_assert(std::is_trivially_copyable_v<T>);
  return std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}
template <class T>
std::vector<T> from_bytes(const std::string& bytes) {
  static_assert(std::is_trivially_copyable_v<T>);
  std::vector<T> values(bytes.size() / sizeof(T));
  if (!values.empty()) std::memcpy(values.data(), bytes.data(), values.size() * sizeof(T));
  return values;
}

}  // namespace oremap
