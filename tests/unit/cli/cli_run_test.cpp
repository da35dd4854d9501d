// `oremap run` and `oremap validate-model` as separate processes: a [report] value the schema
// cannot check (a deposit layer that is not declared) fails before any raster is computed.
#include <algorithm>
#include <catch2/catch.hpp>

#include "../stages/stage_fixture.hpp"

using namespace oremap;
using namespace oremap::test;
using Catch::Matchers::Contains;

namespace {

CommandResult oremap_cli(const std::string& args) { return run_command(shell_quote(OREMAP_BINARY) + " " + args); }

// Every file under `dir` (recursively), relative to it; not the lock a run holds on the folder.
std::vector<std::string> all_files(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().filename() != ".oremap-lock")
      out.push_back(fs::relative(e.path(), dir).string());
  return out;
}

}  // namespace

TEST_CASE("cli run and validate-model: a bad [report] deposit layer fails before the raster work", "[cli]") {
  TempDir dir;
  // 2 x 2 cells of 1 km; one raster layer, one model reading it.
  write_grid_raster(dir.path() / "s.tif", make_grid(32642, 500000, 3002000, 1000, 2, 2), {0.1, 0.2, 0.3, 0.4}, -9999.0);
  const std::string head = grid_toml(500000, 3000000, 1000, 2, 2) + R"(
[[layers]]
id = "s"
path = "s.tif"

[[models]]
id = "copper_w"
commodity = "copper"
kind = "weighted"
inputs = ["s"]
weights = [1]

[report]
)";
  const std::string deposits = "deposits = { copper = \"nope\" }";
  write_text_file(dir.path() / "p.toml", head + deposits + "\n");
  const std::string file = (dir.path() / "p.toml").string();
  // The deposits line follows every line of `head`; the value "nope" starts at its column.
  const std::string at = file + ":" + std::to_string(std::count(head.begin(), head.end(), '\n') + 1) + ":" +
                         std::to_string(deposits.find("\"nope\"") + 1) + ": ";
  for (const char* command : {"run", "validate-model"}) {
    INFO(command);
    const CommandResult r = oremap_cli(std::string("--quiet ") + command + " " + shell_quote(file));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains(at + "report.deposits.copper: 'nope' is not a declared layer"));
    // Nothing computed: no model raster, no COG, no report.
    CHECK(all_files(dir.path() / "out").empty());
  }
}
