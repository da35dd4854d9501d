// Issue 14, "Machine-readable everything", on the outputs of one real `oremap run` of the Pakistan
// demo (the hostile suite's shared baseline): every CSV is one plain table, the sites CSVs carry
// their column types for OGR, every GeoTIFF band has a unit, every GeoJSON feature an integer id.
// Each is checked by another reader than oremap's: Python's csv module, ogrinfo, gdalinfo.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "hostile/hostile_support.hpp"

using namespace oremap::test;

namespace {

// Paths (relative to the output folder) of the files under it ending in `ext`.
std::vector<std::string> files_ending(const fs::path& dir, const std::string& ext) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ext) out.push_back(fs::relative(e.path(), dir).string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("every CSV of a demo run is one table: a header and rows of as many fields, no comments", "[e2e][machine]") {
  const fs::path out = hostile::baseline_output();
  const std::vector<std::string> csvs = files_ending(out, ".csv");
  // The demo's logistic and boosted-trees side tables used to end with a "# samples" line.
  CHECK(std::count(csvs.begin(), csvs.end(), "gold_logistic_coefficients.csv") == 1);
  CHECK(std::count(csvs.begin(), csvs.end(), "copper_trees_importance.csv") == 1);
  REQUIRE(csvs.size() >= 10);
  // Python's csv module: "file: fields per row" for each file, "BAD ..." for a ragged or commented one.
  const std::string script =
      "import csv, sys\n"
      "for name in sys.argv[1:]:\n"
      "    rows = list(csv.reader(open(name, newline='')))\n"
      "    widths = {len(r) for r in rows}\n"
      "    bad = len(rows) == 0 or len(widths) != 1 or any(r and r[0].startswith('#') for r in rows)\n"
      "    print(('BAD ' if bad else '') + name + ': ' + ','.join(str(w) for w in sorted(widths)))\n";
  std::string args;
  for (const auto& c : csvs) args += " " + shell_quote(c);
  const std::string report = run_ok("cd " + shell_quote(out.string()) + " && python3 -c " + shell_quote(script) + args);
  INFO(report);
  CHECK(report.find("BAD") == std::string::npos);
  CHECK(std::count(report.begin(), report.end(), '\n') == static_cast<long>(csvs.size()));
}

TEST_CASE("the sites CSVs of a demo run carry a .csvt: OGR reads typed columns", "[e2e][machine]") {
  const fs::path out = hostile::baseline_output();
  const std::string manifest = read_text_file(out / "manifest.sha256");
  for (const char* stem : {"sites_copper", "sites_copper_uncertainty", "sites_copper_sensitivity",
                           "sites_copper_duplicates", "sites_gold", "sites_ree"}) {
    INFO(stem);
    const fs::path csvt = out / (std::string(stem) + ".csvt");
    REQUIRE(fs::exists(csvt));
    CHECK_THAT(manifest, Catch::Contains(std::string(stem) + ".csvt\n"));  // listed with its SHA-256
  }
  const std::string info = run_ok("ogrinfo -ro -so -al " + shell_quote((out / "sites_copper.csv").string()));
  INFO(info);
  CHECK_THAT(info, Catch::Contains("id: String"));
  CHECK_THAT(info, Catch::Contains("name: String"));
  CHECK_THAT(info, Catch::Contains("rank: Integer "));
  CHECK_THAT(info, Catch::Contains("score: Real"));
  CHECK_THAT(info, Catch::Contains("excluded: Integer(Boolean)"));
  CHECK_THAT(info, Catch::Contains("lon: Real"));
  const std::string dup = run_ok("ogrinfo -ro -so -al " + shell_quote((out / "sites_ree_duplicates.csv").string()));
  INFO(dup);
  CHECK_THAT(dup, Catch::Contains("group: Integer "));
  CHECK_THAT(dup, Catch::Contains("distance_m: Real"));
  // Values read back typed: the first ranked site's rank is the integer 1.
  const std::string first =
      run_ok("ogrinfo -ro -q -al -where 'rank = 1' " + shell_quote((out / "sites_copper.csv").string()));
  CHECK_THAT(first, Catch::Contains("rank (Integer) = 1\n"));
}

TEST_CASE("every GeoTIFF of a demo run has a band unit: m for distances, 1 for scores", "[e2e][machine]") {
  const fs::path out = hostile::baseline_output();
  const std::vector<std::string> tifs = files_ending(out, ".tif");
  REQUIRE(tifs.size() >= 10);
  for (const auto& tif : tifs) {
    INFO(tif);
    const nlohmann::json info = nlohmann::json::parse(run_ok("gdalinfo -json " + shell_quote((out / tif).string())));
    REQUIRE(info["bands"].size() == 1);
    const std::string unit = info["bands"][0].value("unit", "");
    CHECK(unit == (tif.find("_distance") != std::string::npos ? "m" : "1"));
  }
  CHECK(std::count(tifs.begin(), tifs.end(), "fault_distance.tif") == 1);
}

TEST_CASE("every sites GeoJSON feature of a demo run has a unique integer id", "[e2e][machine]") {
  const fs::path out = hostile::baseline_output();
  for (const char* c : {"copper", "gold", "ree"}) {
    INFO(c);
    const nlohmann::json doc = nlohmann::json::parse(read_text_file(out / (std::string("sites_") + c + ".geojson")));
    REQUIRE(doc["features"].size() > 0);
    std::set<long long> ids;
    for (const auto& f : doc["features"]) {
      REQUIRE(f.contains("id"));
      CHECK(f["id"].is_number_integer());
      ids.insert(f["id"].get<long long>());
    }
    CHECK(ids.size() == doc["features"].size());
    CHECK(*ids.begin() == 1);
    CHECK(*ids.rbegin() == static_cast<long long>(ids.size()));
  }
}
