#include "stages/output_writes.hpp"

#include <algorithm>
#include <cstdint>

#include "core/error.hpp"

namespace oremap {

OutputWrites::OutputWrites(const RunContext& ctx) : ctx_(ctx), pending_(static_cast<std::size_t>(ctx.ranks->size())) {}

OutputWrites::~OutputWrites() {
  stop_ = true;
  for (auto& p : pending_)
    if (p && p->thread.joinable()) p->thread.join();
}

void OutputWrites::add(Write write, std::optional<int> given) {
  if (!in_background()) {
    write.body(ctx_.progress);
    write.after();
    return;
  }
  const int writer = given ? *given : choose_writer();
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
    p.done = true;
  });
}

int OutputWrites::choose_writer() {
  // Every rank's seconds waited and whether its last write is done, the same on every rank.
  struct State {
    double waited = 0;
    std::uint8_t done = 1;
  };
  const Ranks& ranks = *ctx_.ranks;
  const auto& mine = pending_[static_cast<std::size_t>(ranks.rank())];
  const State own{ranks.seconds_waited(), static_cast<std::uint8_t>(!mine || mine->done ? 1 : 0)};
  std::vector<State> states;
  for (const std::string& bytes : ranks.all_gather(to_bytes(std::vector<State>{own}), "output writes: waits"))
    states.push_back(bytes.size() == sizeof(State) ? from_bytes<State>(bytes).front() : State{});
  // Done writes are completed oldest first, so their `after`s keep the hand-over order.
  while (!order_.empty() && states[static_cast<std::size_t>(order_.front())].done) complete(order_.front());
  int writer = -1;
  for (int r = ranks.size() - 1; r >= 0; --r)  // ties: the last rank, as rank 0 has file work
    if (!pending_[static_cast<std::size_t>(r)] &&
        (writer < 0 || states[static_cast<std::size_t>(r)].waited > states[static_cast<std::size_t>(writer)].waited))
      writer = r;
  if (writer < 0) writer = order_.front();  // every rank writing: the oldest write's
  std::string waits;
  for (const State& st : states) waits += (waits.empty() ? "" : ", ") + std::to_string(st.waited);
  ctx_.log.debug("output write on rank " + std::to_string(writer) + " (seconds waited by rank: " + waits + ")");
  return writer;
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
