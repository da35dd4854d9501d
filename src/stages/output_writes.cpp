#include "stages/output_writes.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace oremap {

OutputWrites::OutputWrites(const RunContext& ctx) : ctx_(ctx), pending_(static_cast<std::size_t>(ctx.ranks->size())) {}

OutputWrites::~OutputWrites() {
  stop_ = true;
  for (auto& p : pending_)
    if (p && p->thread.joinable()) p->thread.join();
}

void OutputWrites::add(Write write) {
  if (!in_background()) {
    write.body(ctx_.progress);
    write.after();
    return;
  }
  // The last rank first: rank 0 has the other outputs to write.
  const int n = ctx_.ranks->size();
  const int writer = n - 1 - static_cast<int>(next_++ % static_cast<std::size_t>(n));
  if (pending_[static_cast<std::size_t>(writer)]) complete(writer);
  Pending& p = pending_[static_cast<std::size_t>(writer)].emplace();
  p.write = std::move(write);
  order_.push_back(writer);
  if (ctx_.ranks->rank() != writer) return;
  // Reports would interleave with the computation's stages: the thread only checks for a stop.
  Progress progress = [this, stop = ctx_.stop_check](double f, const std::string& m) { return !stop_ && stop(f, m); };
  p.thread = std::thread([&p, progress] {
    try {
      p.write.body(progress);
    } catch (...) {
      p.error = std::current_exception();
    }
  });
}

void OutputWrites::complete(int rank) {
  auto& slot = pending_[static_cast<std::size_t>(rank)];
  ctx_.ranks->agree([&] {
    if (slot->thread.joinable()) slot->thread.join();
    if (slot->error) std::rethrow_exception(slot->error);
  });
  slot->write.after();
  slot.reset();
  order_.erase(std::find(order_.begin(), order_.end(), rank));
}

void OutputWrites::finish() {
  while (!order_.empty()) complete(order_.front());
}

}  // namespace oremap
