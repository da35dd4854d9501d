#pragma once
// Output files written while the ranks compute on. Over several ranks, each output is written
// by one rank on a thread of its own, so no rank sleeps while another compresses a COG: the
// rank that has waited longest for the others so far (its core has had the most room: the
// bands' loads differ with their data, and rank 0 has file work of its own), among those whose
// last write is done. A rank starts its next write only when its last one is done, so at most
// one output per rank is under way (and its source kept in the work folder); with every rank
// still writing, the oldest write is waited for and its rank writes next. Which rank writes
// changes no byte of the outputs. In one process, each write runs when it is handed over.
#include <atomic>
#include <exception>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

#include "stages/run_context.hpp"

namespace oremap {

class OutputWrites {
 public:
  struct Write {
    // The file work, on the writer rank (on a thread of its own over several ranks). It must
    // leave alone what later passes still read: those files are for `after`.
    std::function<void(const Progress&)> body;
    // On every rank, once the write is done, in the order the writes were handed over.
    std::function<void()> after;
  };

  explicit OutputWrites(const RunContext& ctx);
  // After a failure: asks unfinished writes to stop, and waits for them.
  ~OutputWrites();
  OutputWrites(const OutputWrites&) = delete;
  OutputWrites& operator=(const OutputWrites&) = delete;

  // True when writes run beside the computation (several ranks).
  bool in_background() const { return ctx_.ranks->size() > 1; }
  // Collective: hands a write over to `writer`, else to the rank chosen as above.
  void add(Write write, std::optional<int> writer = std::nullopt);
  // Collective: waits for every write, then runs their `after`s. A failed write fails here, on
  // every rank.
  void finish();

 private:
  struct Pending {
    Write write;
    std::thread thread;  // on the writer rank only
    std::exception_ptr error;
    std::atomic<bool> done{false};  // on the writer rank: the thread has ended
  };
  int choose_writer();      // collective
  void complete(int rank);  // collective

  const RunContext& ctx_;
  std::vector<std::optional<Pending>> pending_;  // by writer rank
  std::vector<int> order_;                       // writer ranks of pending writes, oldest first
  std::atomic<bool> stop_{false};
};

}  // namespace oremap
