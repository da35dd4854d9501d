#pragma once
// Exact Euclidean distance transform (Meijster et al. 2000 phase 1, Felzenszwalb & Huttenlocher
// 2012 lower envelope for phase 2) on a grid whose cells may be non-square.
//
// Why this shape: a 16384 x 16384 grid must fit in bounded memory and run in parallel. Phase 1
// consumes the feature mask row by row. Features such as roads and faults are sparse (a fraction
// of a percent of the cells), so it keeps, per column, the rows of its feature cells (4 bytes per
// feature cell); phase 2 derives each row's vertical distances from them. Where features are
// dense (filled polygons) it switches to the classic per-column vertical distance per cell
// (2 bytes per cell when rows <= 65535, else 4), whichever is smaller. Phase 2 computes each
// output row on its own, so callers can run rows on any number of threads and write them block by
// block; the result does not depend on the thread count or on the storage.
//
// Conventions:
// - distance is measured between cell centres, in metres; feature cells are 0;
// - cap (default +inf): values above cap are set to cap;
// - a grid without any feature cell yields +inf everywhere (or cap when a cap is given).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <stdexcept>
#include <vector>

namespace oremap::algo {

// Reusable per-thread buffers for phase 2; lets a caller avoid one allocation per row.
struct DistanceScratch {
  std::vector<double> dy;    // vertical distance per column, metres
  std::vector<double> f;     // squared vertical distance per column in cell-width units, plus c^2
  std::vector<int> v;        // columns whose parabolas form the lower envelope
  std::vector<int> nearest;  // per column, the envelope's column nearest to it
  // Sparse storage only: per column, the nearest feature row above (< row) and at or below
  // (>= row) the last row computed, the index of the latter in the column's list, and that
  // row's vertical distances in cells. Rows computed in order each step these by one row.
  std::vector<std::uint32_t> above, below, next, g;
  int row = -1;
};

// The transform's row steps, for callers that keep the per-column vertical distances g
// themselves (in memory below, or spilled to disk for grids larger than memory). T is
// std::uint16_t (grids of at most 65535 rows) or std::uint32_t; max(T) means "no feature in this
// column". Any caller gets the same bits as DistanceTransform.
//
// Phase 1 forward, top row first: cur = 0 on a feature, else prev + 1 (prev = null on row 0).
// Returns whether the row holds a feature.
template <class T>
bool forward_row(const std::uint8_t* mask, const T* prev, T* cur, int cols);
// Phase 1 backward, bottom row first: cur = min(cur, below + 1).
template <class T>
void backward_row(T* cur, const T* below, int cols);
// Phase 2: the distances of one row (metres, capped) from its finished g.
template <class T>
void distances_from_row(const T* g, int cols, double cell_w, double cell_h, double cap, float* out,
                        DistanceScratch& scratch);

class DistanceTransform {
 public:
  // Thrown by add_row when the storage would exceed max_bytes: the caller falls back to a
  // transform on disk (stages/evidence/distance_on_disk).
  struct OverBudget : std::runtime_error {
    using std::runtime_error::runtime_error;
  };

  // cols, rows > 0; cell_w, cell_h > 0 metres (cell width along a row, height along a column);
  // cap >= 0 (use +inf for no cap); max_bytes: the most storage the transform may hold.
  // Throws std::invalid_argument otherwise.
  DistanceTransform(int cols, int rows, double cell_w, double cell_h,
                    double cap = std::numeric_limits<double>::infinity(),
                    std::size_t max_bytes = std::numeric_limits<std::size_t>::max());

  // A finished transform from each column's feature rows, given directly (ascending rows of the
  // grid): e.g. an MPI rank's band, each column with the nearest feature rows above and below the
  // band added (stages/evidence/distance_banded). Sparse storage: compute_row at once. Throws
  // std::invalid_argument as the constructor does, or if a list is not ascending within [0, rows).
  static DistanceTransform from_feature_rows(int cols, int rows, double cell_w, double cell_h, double cap,
                                             std::vector<std::vector<std::uint32_t>> feature_rows);

  // Phase 1, forward pass: feed the mask rows top to bottom, exactly rows() times.
  // mask_row holds cols() bytes; any non-zero byte marks a feature cell.
  void add_row(const std::uint8_t* mask_row);

  // Phase 1, backward pass over the stored column distances; threads <= 0 means use every core.
  // Must follow the last add_row().
  void finish(int threads = 1);

  // Phase 2: distances of one row, in metres, into out[0..cols()). Only after finish().
  // Const and thread-safe: any number of threads may call it for different rows at once, each
  // with its own scratch; rows in increasing order are the cheapest.
  void compute_row(int row, float* out) const;

  // Phase 2 for rows [first_row, first_row + row_count) into a row-major block of
  // row_count * cols() floats, spread over `threads` threads (<= 0: every core).
  void compute_rows(int first_row, int row_count, float* out, int threads = 1) const;

  int cols() const { return cols_; }
  int rows() const { return rows_; }
  bool finished() const { return finished_; }
  bool has_features() const { return has_features_; }
  // Bytes held by the feature rows or the per-column vertical distances (the dominant memory
  // cost), and whether the latter are used.
  std::size_t storage_bytes() const;
  bool dense() const { return !g16_.empty() || !g32_.empty(); }

  using Scratch = DistanceScratch;
  void compute_row(int row, float* out, Scratch& scratch) const;

 private:
  int cols_;
  int rows_;
  double cell_w_;
  double cell_h_;
  double cap_;
  std::size_t max_bytes_;
  int rows_added_ = 0;
  bool finished_ = false;
  bool has_features_ = false;
  // Sparse storage: per column, its feature rows in increasing order; their total count.
  std::vector<std::vector<std::uint32_t>> feature_rows_;
  std::size_t feature_count_ = 0;
  std::size_t sparse_bytes_ = 0;  // their capacity, and the lists themselves
  std::size_t dense_bytes() const;
  void add_sparse_row(const std::uint8_t* mask_row);
  void switch_to_dense();
  void sparse_row(int row, DistanceScratch& s) const;
  // Storage that add_row writes in full before anything reads it, so it is not zeroed when
  // allocated (half a GiB at 16384^2 cells: a serial memset), and on huge pages where the
  // kernel offers them (fewer page faults).
  template <class T>
  struct Columns {
    std::unique_ptr<T[], void (*)(void*)> cells{nullptr, std::free};
    std::size_t size = 0;
    void allocate(std::size_t n);
    bool empty() const { return size == 0; }
    T* data() const { return cells.get(); }
  };
  // Vertical distance in cells to the nearest feature in the same column; the type's max value
  // means "no feature in this column". Only one of the two is used.
  Columns<std::uint16_t> g16_;
  Columns<std::uint32_t> g32_;
};

}  // namespace oremap::algo
