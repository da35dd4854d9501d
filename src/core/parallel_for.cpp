#include "core/parallel_for.hpp"

#include "core/error.hpp"

namespace oremap {

void parallel_for(int threads, const Progress& progress, std::size_t n, const std::function<void(std::size_t)>& fn,
                  const std::string& label) {
  std::mutex progress_mutex;
  std::size_t done = 0;
  std::atomic<bool> cancelled{false};
  parallel_for(n, threads, 1, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end && !cancelled; ++i) {
      fn(i);
      std::lock_guard<std::mutex> lock(progress_mutex);
      if (!progress(static_cast<double>(++done) / n, label)) cancelled = true;
    }
  });
  if (cancelled) throw Cancelled();
}

}  // namespace oremap
