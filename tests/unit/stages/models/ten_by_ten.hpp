#pragma once
// The 10 x 10 grid of the data-driven model tests: cells of 1 km from (500000, 3000000) in UTM
// 42N; cell (r, c) has its centre at x = 500500 + 1000 c, y = 3009500 - 1000 r.
#include <string>

#include "../stage_fixture.hpp"

namespace oremap::test {

inline const Grid kTenGrid = make_grid(32642, 500000, 3010000, 1000, 10, 10);
inline std::string ten_centre(int r, int c) { return geo_point(500500 + 1000.0 * c, 3009500 - 1000.0 * r); }

}  // namespace oremap::test
