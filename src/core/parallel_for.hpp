#pragma once
// Parallel loops over [0, n) on worker threads that are always joined. Work is handed out in
// increasing order from an atomic counter; what a piece computes never depends on the thread
// that runs it, so results written by index are the same for any thread count. The first
// exception stops the loop (the pieces already running finish) and is rethrown once every
// thread has joined.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <string>

#include "core/progress.hpp"
#include "core/thread_group.hpp"

namespace oremap {

// Runs body(begin, end) over [0, n) in chunks of `chunk` indices on up to `threads` threads,
// the caller's among them.
template <typename Body>
void parallel_for(std::size_t n, int threads, std::size_t chunk, Body&& body) {
  if (n == 0) return;
  chunk = std::max<std::size_t>(chunk, 1);
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&] {
    try {
      for (;;) {
        const std::size_t begin = next.fetch_add(chunk);
        if (begin >= n) return;
        body(begin, std::min(n, begin + chunk));
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      next = n;  // stop the others early
    }
  };
  const std::size_t workers = std::min<std::size_t>(std::max(threads, 1), (n + chunk - 1) / chunk);
  ThreadGroup pool;
  for (std::size_t t = 1; t < workers; ++t) pool.start(workers, work);
  work();
  pool.join();
  if (error) std::rethrow_exception(error);
}

// Runs fn(i) for each i in [0, n), one index at a time, reporting progress as `label` after
// each. A progress callback returning false stops the loop with Cancelled, unless fn threw.
void parallel_for(int threads, const Progress& progress, std::size_t n, const std::function<void(std::size_t)>& fn,
                  const std::string& label);

}  // namespace oremap
