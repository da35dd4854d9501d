// OutputWrites: over several ranks, output k is written by rank N - 1 - (k mod N) on a thread of its own,
// and each write's `after` runs on every rank in the order the writes were handed over; a
// failed write fails on every rank; in one process each write runs when handed over.
#include "stages/output_writes.hpp"

#include <catch2/catch.hpp>
#include <sstream>
#include <thread>

#include "core/error.hpp"

using namespace oremap;

namespace {

// Rank 0 of a two-rank job whose other rank always succeeds: its status in every agreement
// is an empty success, as this rank's own would be.
struct RankZeroOfTwo : Ranks {
  int rank() const override { return 0; }
  int size() const override { return 2; }

 protected:
  std::vector<std::string> exchange(const std::string& mine) const override { return {mine, ""}; }
};

struct Context {
  project::Project project;
  std::ostringstream text;
  Log log{text, Verbosity::quiet};
  RunContext ctx{project, Grid{}, log};
};

}  // namespace

TEST_CASE("output writes: one process writes each output when it is handed over", "[output_writes]") {
  Context c;
  OutputWrites writes(c.ctx);
  REQUIRE_FALSE(writes.in_background());
  std::vector<std::string> steps;
  writes.add({[&](const Progress&) { steps.push_back("body"); }, [&] { steps.push_back("after"); }});
  REQUIRE(steps == std::vector<std::string>{"body", "after"});
}

TEST_CASE("output writes: two ranks take turns, on threads of their own, afters in order", "[output_writes]") {
  Context c;
  c.ctx.ranks = std::make_shared<RankZeroOfTwo>();
  OutputWrites writes(c.ctx);
  REQUIRE(writes.in_background());
  const std::thread::id main = std::this_thread::get_id();
  std::vector<std::string> bodies, afters;
  std::vector<std::thread::id> threads;
  for (const std::string name : {"a", "b", "c", "d", "e"})
    writes.add({[&, name](const Progress&) {
                  bodies.push_back(name);  // rank 0's writes: one at a time (the last one joined first)
                  threads.push_back(std::this_thread::get_id());
                },
                [&, name] { afters.push_back(name); }});
  // Rank 1 (not here) writes a, c, e; rank 0 b and d, b done before d starts. Every `after`
  // runs in hand-over order, on this rank too.
  writes.finish();
  REQUIRE(bodies == std::vector<std::string>{"b", "d"});
  for (const auto& id : threads) REQUIRE(id != main);
  REQUIRE(afters == std::vector<std::string>{"a", "b", "c", "d", "e"});
}

TEST_CASE("output writes: a failed write fails when the ranks wait for it", "[output_writes]") {
  Context c;
  c.ctx.ranks = std::make_shared<RankZeroOfTwo>();
  OutputWrites writes(c.ctx);
  writes.add({[](const Progress&) {}, [] {}});  // rank 1's turn
  bool after_ran = false;
  writes.add({[](const Progress&) { throw OutputError("out/x.tif: cannot write: No space left on device"); },
              [&] { after_ran = true; }});
  REQUIRE_THROWS_WITH(writes.finish(), Catch::Contains("No space left on device"));
  REQUIRE_FALSE(after_ran);
}

TEST_CASE("output writes: an unfinished write is asked to stop when the writes are dropped", "[output_writes]") {
  Context c;
  c.ctx.ranks = std::make_shared<RankZeroOfTwo>();
  bool stopped = false;
  {
    OutputWrites writes(c.ctx);
    writes.add({[](const Progress&) {}, [] {}});  // rank 1's turn
    writes.add({[&](const Progress& progress) {
                  // Reports until told to stop (a COG write checks at every tile row).
                  while (progress(0.5, "writing COG")) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                  stopped = true;
                },
                [] {}});
  }  // a failure elsewhere: the destructor stops and joins the write
  REQUIRE(stopped);
}
