#include "algo/distance_transform.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>

#ifdef __linux__
#include <sys/mman.h>
#endif

#include "core/number_text.hpp"
#include "core/thread_group.hpp"

namespace oremap::algo {
namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("distance_transform: " + what);
}

int resolve_threads(int threads) {
  if (threads > 0) return threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

// Runs body(begin, end) over [0, count) split into `threads` contiguous chunks. Each index is
// processed by exactly one chunk, so results cannot depend on the thread count.
template <class Body>
void parallel_chunks(int count, int threads, Body body) {
  threads = std::min(resolve_threads(threads), std::max(count, 1));
  if (threads <= 1) {
    body(0, count);
    return;
  }
  ThreadGroup pool;
  const int step = (count + threads - 1) / threads;
  for (int begin = 0; begin < count; begin += step)
    pool.start(static_cast<std::size_t>(threads), body, begin, std::min(count, begin + step));
  pool.join();
}

// Meijster phase 1, backward, for columns [c0, c1): walks row by row so memory is read
// sequentially within each strip of columns.
template <class T>
void backward_strip(T* g, int cols, int rows, int c0, int c1) {
  for (int r = rows - 2; r >= 0; --r) {
    T* cur = g + static_cast<std::size_t>(r) * cols;
    backward_row(cur + c0, cur + cols + c0, c1 - c0);
  }
}

}  // namespace

template <class T>
bool forward_row(const std::uint8_t* mask, const T* prev, T* cur, int cols) {
  constexpr T none = std::numeric_limits<T>::max();
  bool any = false;
  for (int c = 0; c < cols; ++c) {
    if (mask[c] != 0) {
      cur[c] = 0;
      any = true;
    } else {
      cur[c] = (prev == nullptr || prev[c] == none) ? none : static_cast<T>(prev[c] + 1);
    }
  }
  return any;
}

template <class T>
void backward_row(T* cur, const T* below, int cols) {
  constexpr T none = std::numeric_limits<T>::max();
  for (int c = 0; c < cols; ++c)
    if (below[c] != none && static_cast<std::uint64_t>(below[c]) + 1 < cur[c]) cur[c] = static_cast<T>(below[c] + 1);
}

template <class T>
void distances_from_row(const T* g, int cols, double cell_w, double cell_h, double cap, float* out,
                        DistanceScratch& s) {
  constexpr T none = std::numeric_limits<T>::max();
  s.dy.resize(cols);
  s.f.resize(cols);
  s.v.resize(cols);
  s.z.resize(static_cast<std::size_t>(cols) + 1);
  // Per column: vertical distance dy in metres, and its square in cell-width units (f, used to
  // build the envelope); f = -1 marks a column without any feature.
  for (int c = 0; c < cols; ++c) {
    s.dy[c] = static_cast<double>(g[c]) * cell_h;
    const double scaled = s.dy[c] / cell_w;
    s.f[c] = g[c] == none ? -1.0 : scaled * scaled;
  }
  // Lower envelope of parabolas y = (x - q)^2 + f(q) over columns q that have a feature
  // (Felzenszwalb & Huttenlocher 2012), in units of the cell width.
  constexpr double inf = std::numeric_limits<double>::infinity();
  int k = -1;
  for (int q = 0; q < cols; ++q) {
    if (s.f[q] < 0) continue;
    double sep = -inf;
    while (k >= 0) {
      const int p = s.v[k];
      // Abscissa where the parabolas of p and q cross, written to limit cancellation.
      sep = ((s.f[q] - s.f[p]) / (q - p) + (q + p)) * 0.5;
      if (sep > s.z[k]) break;
      --k;
    }
    ++k;
    s.v[k] = q;
    s.z[k] = k == 0 ? -inf : sep;
    s.z[k + 1] = inf;
  }
  if (k < 0) {  // no feature in any column: no feature on the grid
    std::fill(out, out + cols, static_cast<float>(cap));
    return;
  }
  int j = 0;
  for (int x = 0; x < cols; ++x) {
    while (s.z[j + 1] < x) ++j;
    const int p = s.v[j];
    // Final distance in metres from the exact cell offsets, not from the scaled units.
    const double dx = static_cast<double>(x - p) * cell_w;
    const double dist = std::sqrt(dx * dx + s.dy[p] * s.dy[p]);
    out[x] = static_cast<float>(std::min(dist, cap));
  }
}

template bool forward_row(const std::uint8_t*, const std::uint16_t*, std::uint16_t*, int);
template bool forward_row(const std::uint8_t*, const std::uint32_t*, std::uint32_t*, int);
template void backward_row(std::uint16_t*, const std::uint16_t*, int);
template void backward_row(std::uint32_t*, const std::uint32_t*, int);
template void distances_from_row(const std::uint16_t*, int, double, double, double, float*, DistanceScratch&);
template void distances_from_row(const std::uint32_t*, int, double, double, double, float*, DistanceScratch&);

template <class T>
void DistanceTransform::Columns<T>::allocate(std::size_t n) {
  constexpr std::size_t kHugePage = std::size_t{2} << 20;
  const std::size_t bytes = (n * sizeof(T) + kHugePage - 1) / kHugePage * kHugePage;
  void* p = std::aligned_alloc(kHugePage, bytes);
  if (!p) throw std::bad_alloc();
#ifdef __linux__
  madvise(p, bytes, MADV_HUGEPAGE);  // a hint: without huge pages it only costs more faults
#endif
  cells.reset(static_cast<T*>(p));
  size = n;
}

DistanceTransform::DistanceTransform(int cols, int rows, double cell_w, double cell_h, double cap)
    : cols_(cols), rows_(rows), cell_w_(cell_w), cell_h_(cell_h), cap_(cap) {
  require(cols > 0, "cols must be > 0 (got " + std::to_string(cols) + ")");
  require(rows > 0, "rows must be > 0 (got " + std::to_string(rows) + ")");
  require(std::isfinite(cell_w) && cell_w > 0,
          "cell_w must be a finite number of metres > 0 (got " + shortest_text(cell_w) + ")");
  require(std::isfinite(cell_h) && cell_h > 0,
          "cell_h must be a finite number of metres > 0 (got " + shortest_text(cell_h) + ")");
  require(cap >= 0, "cap must be >= 0 metres, or +inf for no cap (got " + shortest_text(cap) + ")");
  const auto cells = static_cast<std::size_t>(cols) * static_cast<std::size_t>(rows);
  // Values reach at most rows - 1, so 16 bits suffice while rows - 1 < 65535 ("none" marker).
  if (rows <= 65535)
    g16_.allocate(cells);
  else
    g32_.allocate(cells);
}

std::size_t DistanceTransform::storage_bytes() const {
  return g16_.size * sizeof(std::uint16_t) + g32_.size * sizeof(std::uint32_t);
}

void DistanceTransform::add_row(const std::uint8_t* mask_row) {
  if (rows_added_ >= rows_)
    throw std::logic_error("distance_transform: add_row called more than rows (" + std::to_string(rows_) + ") times");
  const std::size_t offset = static_cast<std::size_t>(rows_added_) * cols_;
  bool any = false;
  if (!g16_.empty()) {
    const std::uint16_t* prev = rows_added_ == 0 ? nullptr : g16_.data() + offset - cols_;
    any = forward_row(mask_row, prev, g16_.data() + offset, cols_);
  } else {
    const std::uint32_t* prev = rows_added_ == 0 ? nullptr : g32_.data() + offset - cols_;
    any = forward_row(mask_row, prev, g32_.data() + offset, cols_);
  }
  has_features_ = has_features_ || any;
  ++rows_added_;
}

void DistanceTransform::finish(int threads) {
  if (rows_added_ != rows_)
    throw std::logic_error("distance_transform: finish called after " + std::to_string(rows_added_) + " of " +
                           std::to_string(rows_) + " rows; add every row first");
  if (finished_) return;
  // Columns are independent in the backward pass, so strips of columns run in parallel.
  parallel_chunks(cols_, threads, [this](int c0, int c1) {
    if (!g16_.empty())
      backward_strip(g16_.data(), cols_, rows_, c0, c1);
    else
      backward_strip(g32_.data(), cols_, rows_, c0, c1);
  });
  finished_ = true;
}

void DistanceTransform::compute_row(int row, float* out) const {
  Scratch scratch;
  compute_row(row, out, scratch);
}

void DistanceTransform::compute_row(int row, float* out, Scratch& s) const {
  if (!finished_) throw std::logic_error("distance_transform: compute_row called before finish()");
  if (row < 0 || row >= rows_)
    throw std::invalid_argument("distance_transform: row must be in [0, " + std::to_string(rows_) + ") (got " +
                                std::to_string(row) + ")");
  if (!has_features_) {
    std::fill(out, out + cols_, static_cast<float>(cap_));
    return;
  }
  const std::size_t offset = static_cast<std::size_t>(row) * cols_;
  if (!g16_.empty())
    distances_from_row(g16_.data() + offset, cols_, cell_w_, cell_h_, cap_, out, s);
  else
    distances_from_row(g32_.data() + offset, cols_, cell_w_, cell_h_, cap_, out, s);
}

void DistanceTransform::compute_rows(int first_row, int row_count, float* out, int threads) const {
  if (row_count < 0 || first_row < 0 || first_row + row_count > rows_)
    throw std::invalid_argument("distance_transform: rows [" + std::to_string(first_row) + ", " +
                                std::to_string(first_row + row_count) + ") must lie in [0, " + std::to_string(rows_) +
                                ")");
  parallel_chunks(row_count, threads, [&](int r0, int r1) {
    Scratch scratch;
    for (int r = r0; r < r1; ++r) compute_row(first_row + r, out + static_cast<std::size_t>(r) * cols_, scratch);
  });
}

}  // namespace oremap::algo
