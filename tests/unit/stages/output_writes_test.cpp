// OutputWrites: over several ranks, each output is written on a thread of its own by the rank
// that has waited longest among those whose last write is done (with every rank writing, the
// oldest write's rank, once it is done); each write's `after` runs on every rank in the order
// the writes were handed over; a failed write fails on every rank; in one process each write
// runs when handed over.
#include "stages/output_writes.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <sstream>
#include <thread>

#include "core/error.hpp"

using namespace oremap;

namespace {

// Rank 0 of a two-rank job, which has not waited, and whose other rank always succeeds (its
// status in every agreement is an empty success, as this rank's own would be) and reports
// `waited` seconds and whether its last write is done when the writes choose their writer.
struct RankZeroOfTwo : Ranks {
  RankZeroOfTwo(double waited, bool done) : other_{waited, static_cast<std::uint8_t>(done)} {}
  int rank() const override { return 0; }
  int size() const override { return 2; }
  double seconds_waited() const override { return 0; }

 protected:
  std::vector<std::string> exchange(const std::string& mine) const override {
    if (mine.empty()) return {mine, ""};  // a status: success
    return {mine, to_bytes(std::vector<State>{other_})};
  }

 private:
  struct State {  // as output_writes.cpp sends it
    double waited;
    std::uint8_t done;
  } other_;
};

struct Context {
  project::Project project;
  std::ostringstream text;
  Log log{text, Verbosity::quiet};
  RunContext ctx{project, Grid{}, log};
};

struct Recorded {
  std::vector<std::string> bodies, afters;  // bodies: this rank's (rank 0's)
  std::vector<std::thread::id> threads;
  OutputWrites::Write write(const std::string& name) {
    return {[this, name](const Progress&) {
              bodies.push_back(name);  // rank 0's writes: one at a time
              threads.push_back(std::this_thread::get_id());
            },
            [this, name] { afters.push_back(name); }};
  }
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

TEST_CASE("output writes: the rank that waited longest writes, once its last write is done", "[output_writes]") {
  Context c;
  c.ctx.ranks = std::make_shared<RankZeroOfTwo>(5.0, true);  // rank 1 waited 5 s, its writes done at once
  OutputWrites writes(c.ctx);
  REQUIRE(writes.in_background());
  Recorded r;
  for (const std::string name : {"a", "b", "c", "d", "e"}) writes.add(r.write(name));
  writes.finish();
  REQUIRE(r.bodies.empty());  // all rank 1's
  REQUIRE(r.afters == std::vector<std::string>{"a", "b", "c", "d", "e"});
}

TEST_CASE("output writes: a rank still writing is passed over; with both writing, the oldest write is waited for",
          "[output_writes]") {
  Context c;
  c.ctx.ranks = std::make_shared<RankZeroOfTwo>(5.0, false);  // rank 1 waited longer, but is always writing
  OutputWrites writes(c.ctx);
  const std::thread::id main = std::this_thread::get_id();
  Recorded r;
  for (const std::string name : {"a", "b", "c", "d", "e"}) writes.add(r.write(name));
  // a: rank 1 (no write yet, waited longer). b: rank 0 (rank 1 writing). c: both writing, a the
  // oldest: rank 1 again. d: b the oldest: rank 0. e: rank 1.
  writes.finish();
  REQUIRE(r.bodies == std::vector<std::string>{"b", "d"});
  for (const auto& id : r.threads) REQUIRE(id != main);
  REQUIRE(r.afters == std::vector<std::string>{"a", "b", "c", "d", "e"});
}

TEST_CASE("output writes: ties go to the last rank", "[output_writes]") {
  Context c;
  c.ctx.ranks = std::make_shared<RankZeroOfTwo>(0.0, true);  // both waited 0 s
  OutputWrites writes(c.ctx);
  Recorded r;
  for (const std::string name : {"a", "b"}) writes.add(r.write(name));
  writes.finish();
  REQUIRE(r.bodies.empty());
  REQUIRE(r.afters == std::vector<std::string>{"a", "b"});
}

TEST_CASE("output writes: a write given a writer rank is written there", "[output_writes]") {
  Context c;
  c.ctx.ranks = std::make_shared<RankZeroOfTwo>(5.0, true);  // rank 1 would be chosen
  OutputWrites writes(c.ctx);
  Recorded r;
  writes.add(r.write("maps"), 0);
  writes.add(r.write("a"));
  writes.finish();
  REQUIRE(r.bodies == std::vector<std::string>{"maps"});
  REQUIRE(r.afters == std::vector<std::string>{"maps", "a"});
}

TEST_CASE("output writes: a failed write fails when the ranks wait for it", "[output_writes]") {
  Context c;
  c.ctx.ranks = std::make_shared<RankZeroOfTwo>(5.0, true);
  OutputWrites writes(c.ctx);
  writes.add({[](const Progress&) {}, [] {}});  // rank 1's
  bool after_ran = false;
  writes.add({[](const Progress&) { throw OutputError("out/x.tif: cannot write: No space left on device"); },
              [&] { after_ran = true; }},
             0);
  REQUIRE_THROWS_WITH(writes.finish(), Catch::Contains("No space left on device"));
  REQUIRE_FALSE(after_ran);
}

TEST_CASE("output writes: an unfinished write is asked to stop when the writes are dropped", "[output_writes]") {
  Context c;
  c.ctx.ranks = std::make_shared<RankZeroOfTwo>(5.0, true);
  bool stopped = false;
  {
    OutputWrites writes(c.ctx);
    writes.add({[&](const Progress& progress) {
                  // Reports until told to stop (a COG write checks at every tile row).
                  while (progress(0.5, "writing COG")) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                  stopped = true;
                },
                [] {}},
               0);
  }  // a failure elsewhere: the destructor stops and joins the write
  REQUIRE(stopped);
}
