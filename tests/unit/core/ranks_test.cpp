#include "core/ranks.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"

using oremap::ByteReader;
using oremap::ByteWriter;
using oremap::Ranks;

namespace {

// A rank of a job of `size` (no exchange: share() only needs rank and size).
struct RankOf : Ranks {
  RankOf(int r, int n) : r_(r), n_(n) {}
  int rank() const override { return r_; }
  int size() const override { return n_; }
  int r_, n_;
};

}  // namespace

TEST_CASE("share: contiguous shares in rank order, sizes differing by at most one", "[ranks]") {
  using Share = std::pair<std::size_t, std::size_t>;
  // 7 strips over 3 ranks: 3, 2, 2 (by hand); 2 strips over 3 ranks: the last rank has none.
  REQUIRE(RankOf(0, 3).share(7) == Share{0, 3});
  REQUIRE(RankOf(1, 3).share(7) == Share{3, 5});
  REQUIRE(RankOf(2, 3).share(7) == Share{5, 7});
  REQUIRE(RankOf(2, 3).share(2) == Share{2, 2});
  REQUIRE(RankOf(1, 3).share(2) == Share{1, 2});
  for (int n = 1; n <= 5; ++n)
    for (std::size_t items : {0u, 1u, 6u, 61u}) {
      std::size_t next = 0;
      for (int r = 0; r < n; ++r) {
        const auto [begin, end] = RankOf(r, n).share(items);
        REQUIRE(begin == next);
        REQUIRE(end - begin <= items / n + 1);
        next = end;
      }
      REQUIRE(next == items);
    }
}

TEST_CASE("one process: agree rethrows the body's own exception; collectives return its values", "[ranks]") {
  const Ranks one;
  REQUIRE_THROWS_AS(one.agree([] { throw oremap::InputError("x.tif: unreadable"); }), oremap::InputError);
  int runs = 0;
  one.on_root([&] { ++runs; });
  REQUIRE(runs == 1);
  std::vector<std::uint64_t> counts{1, 2};
  one.sum(counts, "test");
  REQUIRE(counts == std::vector<std::uint64_t>{1, 2});
  REQUIRE(one.all_gather("abc", "test") == std::vector<std::string>{"abc"});
  REQUIRE(one.traffic().at("test").sent == 3);
}

TEST_CASE("bytes: values, strings and nested vectors read back in order", "[ranks]") {
  const std::vector<std::vector<int>> nested{{1, 2}, {}, {3}};
  const std::vector<std::string> names{"Reko Diq", "", "Saindak"};
  ByteWriter w;
  w.put(2.5).put(nested).put(names).put(std::string("end"));
  ByteReader r(w.bytes());
  double d = 0;
  std::vector<std::vector<int>> nested_back;
  std::vector<std::string> names_back;
  std::string end;
  r.get(d);
  r.get(nested_back);
  r.get(names_back);
  r.get(end);
  REQUIRE(d == 2.5);
  REQUIRE(nested_back == nested);
  REQUIRE(names_back == names);
  REQUIRE(end == "end");
  REQUIRE(r.done());
  REQUIRE_THROWS_AS(r.get(d), std::runtime_error);
}
