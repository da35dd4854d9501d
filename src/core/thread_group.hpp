#pragma once
// Worker threads that are always joined. A thread that cannot be started (an address-space or
// process limit, as on HPC nodes) is an error with exit code 4 once the started ones finish,
// never std::terminate on a joinable std::thread. Declare the group after everything its
// threads use, so it joins before those are destroyed.
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace oremap {

class ThreadGroup {
 public:
  ThreadGroup() = default;
  ~ThreadGroup() { join(); }
  ThreadGroup(const ThreadGroup&) = delete;
  ThreadGroup& operator=(const ThreadGroup&) = delete;

  // `wanted` is the group's planned size, for the message.
  template <class F, class... Args>
  void start(std::size_t wanted, F&& f, Args&&... args) {
    try {
      threads_.emplace_back(std::forward<F>(f), std::forward<Args>(args)...);
    } catch (const std::system_error& e) {
      join();
      throw LibraryError("cannot start worker thread " + std::to_string(threads_.size() + 1) + " of " +
                         std::to_string(wanted) + " (" + e.what() +
                         "): use fewer threads (--threads) or raise the memory limit (ulimit -v)");
    }
  }

  void join() {
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }

 private:
  std::vector<std::thread> threads_;
};

}  // namespace oremap
