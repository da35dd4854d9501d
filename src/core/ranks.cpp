#include "core/ranks.hpp"

#include <algorithm>
#include <chrono>
#include <exception>

#include "core/error.hpp"

namespace oremap {

std::vector<std::string> Ranks::all_gather(const std::string& mine, const std::string& what) const {
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::string> all = exchange(mine);
  Traffic& t = traffic_[what];
  t.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ++t.calls;
  t.sent += mine.size();
  for (const auto& part : all) t.received += part.size();
  return all;
}

void Ranks::agree(const std::function<void()>& body) const {
  std::exception_ptr failure;
  std::string status;  // empty = ok, else the exit code (4 bytes) and the message
  try {
    body();
  } catch (const Error& e) {
    failure = std::current_exception();
    const int code = static_cast<int>(e.code());
    status = std::string(reinterpret_cast<const char*>(&code), sizeof code) + e.what();
  } catch (const std::exception& e) {
    failure = std::current_exception();
    const int code = static_cast<int>(ExitCode::failure);
    status = std::string(reinterpret_cast<const char*>(&code), sizeof code) + "internal error: " + e.what();
  }
  if (size() == 1) {
    if (failure) std::rethrow_exception(failure);
    return;
  }
  const std::vector<std::string> all = all_gather(status, "status (every pass and file step)");
  for (std::size_t r = 0; r < all.size(); ++r) {
    if (all[r].empty()) continue;
    if (static_cast<int>(r) == rank()) std::rethrow_exception(failure);
    int code = 0;
    std::memcpy(&code, all[r].data(), sizeof code);
    throw Error(static_cast<ExitCode>(code), all[r].substr(sizeof code));
  }
}

void Ranks::on_root(const std::function<void()>& body) const {
  agree([&] {
    if (root()) body();
  });
}

std::string Ranks::from_root(const std::string& value) const {
  if (size() == 1) return value;
  return all_gather(root() ? value : std::string(), "value from rank 0")[0];
}

double Ranks::seconds_waited() const {
  double seconds = 0;
  for (const auto& entry : traffic_) seconds += entry.second.seconds;
  return seconds;
}

std::pair<std::size_t, std::size_t> Ranks::share(std::size_t n, int of) const {
  const auto ranks = static_cast<std::size_t>(size()), r = static_cast<std::size_t>(of);
  const std::size_t base = n / ranks, extra = n % ranks;
  const std::size_t begin = r * base + std::min(r, extra);
  return {begin, begin + base + (r < extra ? 1 : 0)};
}

namespace {

template <class T, class Op>
void combine(const Ranks& ranks, std::vector<T>& values, const std::string& what, Op op) {
  if (ranks.size() == 1) return;
  const std::vector<std::string> all = ranks.all_gather(to_bytes(values), what);
  values = from_bytes<T>(all[0]);
  for (std::size_t r = 1; r < all.size(); ++r) {
    const std::vector<T> other = from_bytes<T>(all[r]);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = op(values[i], other[i]);
  }
}

}  // namespace

void Ranks::sum(std::vector<std::uint64_t>& values, const std::string& what) const {
  combine(*this, values, what, [](std::uint64_t a, std::uint64_t b) { return a + b; });
}
void Ranks::min(std::vector<std::uint32_t>& values, const std::string& what) const {
  combine(*this, values, what, [](std::uint32_t a, std::uint32_t b) { return std::min(a, b); });
}
void Ranks::max(std::vector<std::uint32_t>& values, const std::string& what) const {
  combine(*this, values, what, [](std::uint32_t a, std::uint32_t b) { return std::max(a, b); });
}

}  // namespace oremap
