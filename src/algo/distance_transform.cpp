#include "algo/distance_transform.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>

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
  s.nearest.resize(cols);
  // Per column: vertical distance dy in metres, and F = f + q^2 where f is its square in
  // cell-width units (the parabola (x - q)^2 + f rewritten as x^2 - 2qx + F); f < 0 marks a
  // column without any feature. With square cells f = g^2, so every F below is a whole number
  // and the envelope's comparisons are exact.
  const double ratio = cell_h / cell_w;
  for (int c = 0; c < cols; ++c) {
    s.dy[c] = static_cast<double>(g[c]) * cell_h;
    const double scaled = static_cast<double>(g[c]) * ratio;
    s.f[c] = g[c] == none ? -1.0 : scaled * scaled + static_cast<double>(c) * c;
  }
  // Lower envelope of the parabolas over columns q that have a feature (Felzenszwalb &
  // Huttenlocher 2012), in units of the cell width. Parabolas p < q cross at
  // x = (F[q] - F[p]) / (2 (q - p)); crossings are compared cross-multiplied, without division.
  int k = -1;
  for (int q = 0; q < cols; ++q) {
    if (g[q] == none) continue;
    const double fq = s.f[q];
    // Pop the last parabola p while q overtakes it no later than p overtook the one before it.
    while (k >= 1) {
      const int p = s.v[k], o = s.v[k - 1];
      if ((fq - s.f[p]) * (p - o) > (s.f[p] - s.f[o]) * (q - p)) break;
      --k;
    }
    s.v[++k] = q;
  }
  if (k < 0) {  // no feature in any column: no feature on the grid
    std::fill(out, out + cols, static_cast<float>(cap));
    return;
  }
  // Each x takes the envelope parabola over it: j moves on while the next one has overtaken it,
  // i.e. while their crossing lies left of x. Then distances in metres from exact cell offsets.
  int j = 0;
  for (int x = 0; x < cols; ++x) {
    while (j < k && s.f[s.v[j + 1]] - s.f[s.v[j]] < 2.0 * x * (s.v[j + 1] - s.v[j])) ++j;
    s.nearest[x] = s.v[j];
  }
  // Squared distances first (the gather of dy), then the square roots in a loop of their own,
  // which the compiler vectorises (built with -fno-math-errno: std::sqrt sets no errno).
  double* d2 = s.f.data();  // F is no longer needed
  for (int x = 0; x < cols; ++x) {
    const int p = s.nearest[x];
    const double dx = static_cast<double>(x - p) * cell_w;
    d2[x] = dx * dx + s.dy[p] * s.dy[p];
  }
  for (int x = 0; x < cols; ++x) out[x] = static_cast<float>(std::min(std::sqrt(d2[x]), cap));
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

DistanceTransform::DistanceTransform(int cols, int rows, double cell_w, double cell_h, double cap,
                                     std::size_t max_bytes)
    : cols_(cols), rows_(rows), cell_w_(cell_w), cell_h_(cell_h), cap_(cap), max_bytes_(max_bytes) {
  require(cols > 0, "cols must be > 0 (got " + std::to_string(cols) + ")");
  require(rows > 0, "rows must be > 0 (got " + std::to_string(rows) + ")");
  require(std::isfinite(cell_w) && cell_w > 0,
          "cell_w must be a finite number of metres > 0 (got " + shortest_text(cell_w) + ")");
  require(std::isfinite(cell_h) && cell_h > 0,
          "cell_h must be a finite number of metres > 0 (got " + shortest_text(cell_h) + ")");
  require(cap >= 0, "cap must be >= 0 metres, or +inf for no cap (got " + shortest_text(cap) + ")");
  feature_rows_.resize(static_cast<std::size_t>(cols));
  sparse_bytes_ = feature_rows_.size() * sizeof(feature_rows_[0]);
}

DistanceTransform DistanceTransform::from_feature_rows(int cols, int rows, double cell_w, double cell_h, double cap,
                                                       std::vector<std::vector<std::uint32_t>> feature_rows) {
  DistanceTransform dt(cols, rows, cell_w, cell_h, cap);
  require(feature_rows.size() == static_cast<std::size_t>(cols), "one list of feature rows per column");
  for (const auto& column : feature_rows) {
    for (std::size_t i = 0; i < column.size(); ++i)
      require(column[i] < static_cast<std::uint32_t>(rows) && (i == 0 || column[i - 1] < column[i]),
              "feature rows must ascend within [0, rows)");
    dt.feature_count_ += column.size();
    dt.sparse_bytes_ += column.capacity() * sizeof(std::uint32_t);
  }
  dt.has_features_ = dt.feature_count_ > 0;
  dt.feature_rows_ = std::move(feature_rows);
  dt.rows_added_ = rows;
  dt.finished_ = true;
  return dt;
}

std::size_t DistanceTransform::dense_bytes() const {
  // Values reach at most rows - 1, so 16 bits suffice while rows - 1 < 65535 ("none" marker).
  return static_cast<std::size_t>(cols_) * static_cast<std::size_t>(rows_) * (rows_ <= 65535 ? 2 : 4);
}

std::size_t DistanceTransform::storage_bytes() const {
  if (dense()) return g16_.size * sizeof(std::uint16_t) + g32_.size * sizeof(std::uint32_t);
  return sparse_bytes_;
}

void DistanceTransform::add_row(const std::uint8_t* mask_row) {
  if (rows_added_ >= rows_)
    throw std::logic_error("distance_transform: add_row called more than rows (" + std::to_string(rows_) + ") times");
  if (!dense()) {
    add_sparse_row(mask_row);
    ++rows_added_;
    // Dense storage once the feature rows, at the density seen so far, would outgrow half of it:
    // early for filled polygons (the switch holds both for a moment, and rebuilds the rows seen).
    const std::size_t lists = feature_rows_.size() * sizeof(feature_rows_[0]);
    const double projected = static_cast<double>(sparse_bytes_ - lists) * rows_ / rows_added_ + lists;
    if (projected > static_cast<double>(dense_bytes()) / 2 && dense_bytes() <= max_bytes_)
      switch_to_dense();
    else if (sparse_bytes_ > max_bytes_)
      throw OverBudget("distance_transform: " + std::to_string(feature_count_) + " feature cells need more than " +
                       std::to_string(max_bytes_) + " bytes");
    return;
  }
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

void DistanceTransform::add_sparse_row(const std::uint8_t* mask_row) {
  const auto row = static_cast<std::uint32_t>(rows_added_);
  for (int c = 0; c < cols_;) {
    std::uint64_t word;  // whole words of empty cells skipped at once: most cells are empty
    if (c + 8 <= cols_ && (std::memcpy(&word, mask_row + c, 8), word == 0)) {
      c += 8;
      continue;
    }
    if (mask_row[c] != 0) {
      std::vector<std::uint32_t>& column = feature_rows_[c];
      const std::size_t capacity = column.capacity();
      column.push_back(row);
      sparse_bytes_ += (column.capacity() - capacity) * sizeof(std::uint32_t);
      ++feature_count_;
      has_features_ = true;
    }
    ++c;
  }
}

// Rebuilds the forward pass's vertical distances of the rows added so far from the feature
// rows, then drops those.
void DistanceTransform::switch_to_dense() {
  auto fill = [this](auto& columns) {
    using T = std::remove_reference_t<decltype(*columns.data())>;
    constexpr T none = std::numeric_limits<T>::max();
    columns.allocate(dense_bytes() / sizeof(T));
    std::vector<std::uint32_t> last(cols_, std::numeric_limits<std::uint32_t>::max());
    std::vector<std::size_t> next(cols_, 0);
    for (int r = 0; r < rows_added_; ++r) {
      T* g = columns.data() + static_cast<std::size_t>(r) * cols_;
      for (int c = 0; c < cols_; ++c) {
        const std::vector<std::uint32_t>& column = feature_rows_[c];
        if (next[c] < column.size() && column[next[c]] == static_cast<std::uint32_t>(r)) {
          last[c] = static_cast<std::uint32_t>(r);
          ++next[c];
        }
        g[c] = last[c] == std::numeric_limits<std::uint32_t>::max() ? none : static_cast<T>(r - last[c]);
      }
    }
  };
  if (rows_ <= 65535)
    fill(g16_);
  else
    fill(g32_);
  std::vector<std::vector<std::uint32_t>>().swap(feature_rows_);
  feature_count_ = 0;
  sparse_bytes_ = 0;
}

void DistanceTransform::finish(int threads) {
  if (rows_added_ != rows_)
    throw std::logic_error("distance_transform: finish called after " + std::to_string(rows_added_) + " of " +
                           std::to_string(rows_) + " rows; add every row first");
  if (finished_ || !dense()) {  // sparse storage needs no backward pass
    finished_ = true;
    return;
  }
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
  if (!dense()) {
    sparse_row(row, s);
    distances_from_row(s.g.data(), cols_, cell_w_, cell_h_, cap_, out, s);
    return;
  }
  const std::size_t offset = static_cast<std::size_t>(row) * cols_;
  if (!g16_.empty())
    distances_from_row(g16_.data() + offset, cols_, cell_w_, cell_h_, cap_, out, s);
  else
    distances_from_row(g32_.data() + offset, cols_, cell_w_, cell_h_, cap_, out, s);
}

// The vertical distances of `row` into s.g, from the feature rows: the nearest feature above
// and at-or-below each column, found by binary search for the first row a scratch sees, then
// stepped one row at a time.
void DistanceTransform::sparse_row(int row, DistanceScratch& s) const {
  constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
  const auto r = static_cast<std::uint32_t>(row);
  const auto n = static_cast<std::size_t>(cols_);
  if (s.row < 0 || s.row + 1 != row || s.g.size() != n) {
    s.above.resize(n);
    s.below.resize(n);
    s.next.resize(n);
    s.g.resize(n);
    for (std::size_t c = 0; c < n; ++c) {
      const std::vector<std::uint32_t>& column = feature_rows_[c];
      const std::size_t i = std::lower_bound(column.begin(), column.end(), r) - column.begin();
      s.next[c] = static_cast<std::uint32_t>(i);
      s.below[c] = i < column.size() ? column[i] : none;
      s.above[c] = i > 0 ? column[i - 1] : none;
    }
  } else {
    for (std::size_t c = 0; c < n; ++c) {
      if (s.below[c] >= r) continue;  // the feature at or below the previous row is still at or below this one
      const std::vector<std::uint32_t>& column = feature_rows_[c];
      s.above[c] = s.below[c];
      s.below[c] = ++s.next[c] < column.size() ? column[s.next[c]] : none;
    }
  }
  s.row = row;
  for (std::size_t c = 0; c < n; ++c) {
    const std::uint32_t up = s.above[c] == none ? none : r - s.above[c];
    const std::uint32_t down = s.below[c] == none ? none : s.below[c] - r;
    s.g[c] = std::min(up, down);
  }
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
