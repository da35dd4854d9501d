#pragma once
// Exact Euclidean distance transform (Meijster et al. 2000 phase 1, Felzenszwalb & Huttenlocher
// 2012 lower envelope for phase 2) on a grid whose cells may be non-square.
//
// Why this shape: a 16384 x 16384 grid must fit in bounded memory and run in parallel. Phase 1
// consumes the feature mask row by row and keeps only the per-column vertical distance, counted
// in cells (2 bytes per cell when rows <= 65535, else 4). Phase 2 computes each output row on its
// own, so callers can run rows on any number of threads and write them block by block; the
// result does not depend on the thread count.
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
#include <vector>

namespace oremap::algo {

// Reusable per-thread buffers for phase 2; lets a caller avoid one allocation per row.
struct DistanceScratch {
  std::vector<double> dy;  // vertical distance per column, metres
  std::vector<double> f;   // squared vertical distance per column, in cell-width units
  std::vector<int> v;      // columns whose parabolas form the lower envelope
  std::vector<double> z;   // boundaries between envelope parabolas
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
  // cols, rows > 0; cell_w, cell_h > 0 metres (cell width along a row, height along a column);
  // cap >= 0 (use +inf for no cap). Throws std::invalid_argument otherwise.
  DistanceTransform(int cols, int rows, double cell_w, double cell_h,
                    double cap = std::numeric_limits<double>::infinity());

  // Phase 1, forward pass: feed the mask rows top to bottom, exactly rows() times.
  // mask_row holds cols() bytes; any non-zero byte marks a feature cell.
  void add_row(const std::uint8_t* mask_row);

  // Phase 1, backward pass over the stored column distances; threads <= 0 means use every core.
  // Must follow the last add_row().
  void finish(int threads = 1);

  // Phase 2: distances of one row, in metres, into out[0..cols()). Only after finish().
  // Const and thread-safe: any number of threads may call it for different rows at once.
  void compute_row(int row, float* out) const;

  // Phase 2 for rows [first_row, first_row + row_count) into a row-major block of
  // row_count * cols() floats, spread over `threads` threads (<= 0: every core).
  void compute_rows(int first_row, int row_count, float* out, int threads = 1) const;

  int cols() const { return cols_; }
  int rows() const { return rows_; }
  bool finished() const { return finished_; }
  bool has_features() const { return has_features_; }
  // Bytes held by the per-column vertical distances (the dominant memory cost).
  std::size_t storage_bytes() const;

  using Scratch = DistanceScratch;
  void compute_row(int row, float* out, Scratch& scratch) const;

 private:
  int cols_;
  int rows_;
  double cell_w_;
  double cell_h_;
  double cap_;
  int rows_added_ = 0;
  bool finished_ = false;
  bool has_features_ = false;
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
