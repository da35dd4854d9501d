#pragma once
// Output files written while the ranks compute on. Over several ranks, output k is written by
// rank N - 1 - (k mod N) (rank 0, which has the other outputs to write, comes last) on a thread
// of its own: no rank sleeps while another compresses a COG, and the writing is spread over the
// ranks. A rank starts its next write only when its last one is done, so at most one output per
// rank is under way (and its source kept in the work folder). In one process, each write runs
// when it is handed over, as before.
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
  // Collective: hands a write over.
  void add(Write write);
  // Collective: waits for every write, then runs their `after`s. A failed write fails here, on
  // every rank.
  void finish();

 private:
  struct Pending {
    Write write;
    std::thread thread;  // on the writer rank only
    std::exception_ptr error;
  };
  void complete(int rank);  // collective

  const RunContext& ctx_;
  std::vector<std::optional<Pending>> pending_;  // by writer rank
  std::vector<int> order_;                       // writer ranks of pending writes, oldest first
  std::size_t next_ = 0;
  std::atomic<bool> stop_{false};
};

}  // namespace oremap
