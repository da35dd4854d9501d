#pragma once
// Runs body(begin, end) over [0, n) in chunks on `threads` std::threads. Chunks are taken from
// an atomic counter, so the split never changes what a chunk computes: results written by
// index are the same for any thread count. The first exception thrown is rethrown after join.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "core/thread_group.hpp"

namespace oremap::sites {

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

}  // namespace oremap::sites
