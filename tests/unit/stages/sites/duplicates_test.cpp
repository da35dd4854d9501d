// Possible duplicate candidate records: similar names nearby, or the same place, reported and
// merged on request. Distances and name similarities worked out by hand.
#include "stages/sites/duplicates.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>

#include "core/error.hpp"
#include "scoring_fixture.hpp"
#include "stages/sites/site_scoring.hpp"

using namespace oremap;
using namespace oremap::sites;

namespace {

std::ostringstream sink;
Log quiet_log(sink, Verbosity::quiet);

}  // namespace

TEST_CASE("name similarity: 1 - edit distance / longer length, on lower-case letters and digits", "[sites]") {
  CHECK(name_similarity("Loe-Shilman", "loe shilman") == 1.0);
  CHECK(name_similarity("Khanneshin", "Khaneshin") == Approx(0.9));  // one deletion in 10
  CHECK(name_similarity("Alpha", "Alfa") == Approx(0.6));            // ph -> f: 2 edits in 5
  CHECK(name_similarity("Bravo", "Unnamed") == Approx(1 - 6.0 / 7));
  CHECK(name_similarity("", "Khanneshin") == 0);
  CHECK(name_similarity("--", "--") == 0);
}

TEST_CASE("duplicate groups: similar names within the distance, any names at the same place, chained", "[sites]") {
  const std::vector<SiteRecord> records = {
      {0, 0, "Khanneshin"},        // 0
      {100, 46000, "Khanneshin"},  // 1: 46 km from 0: too far at 5 km
      {0, 47700, "Khaneshin"},     // 2: 1.7 km from 1, similarity 0.9
      {10, 10, ""},                // 3: unnamed, 14 m from 0: the same place
      {3000, 0, "Saindak"},        // 4: 3 km from 0, another name
      {90000, 0, "Saindak"},       // 5: far from 4
  };
  const DuplicateRules rules{5000, 0.8, 100};
  const auto groups = duplicate_groups(records, rules);
  REQUIRE(groups.size() == 2);
  CHECK(groups[0] == std::vector<std::size_t>{0, 3});
  CHECK(groups[1] == std::vector<std::size_t>{1, 2});
  // At 50 km the three Khanneshin records chain into one group with the unnamed one.
  const auto wide = duplicate_groups(records, {50000, 0.8, 100});
  REQUIRE(wide.size() == 1);
  CHECK(wide[0] == std::vector<std::size_t>{0, 1, 2, 3});
  CHECK(duplicate_groups(records, {5000, 0.95, 0}).empty());  // 0.9 is not similar enough; no same place
}

TEST_CASE("site scoring reports possible duplicates, and merges them on request", "[sites]") {
  for (const bool merge : {false, true}) {
    test::ScoringFixture f;
    // The scenery's five sites plus S6 (" alpha", 500 m from S1 "Alpha"), S7 (50 m from S2, another
    // name) and S8 ("Alfa", 10 km from S1: too far and not similar enough).
    test::write_text_file(
        f.dir.file("sites.geojson"),
        test::feature_collection({
            {test::geo_point(410000, 3010000), R"("site_id":"S1","name":"Alpha","cu":1,"au":0)"},
            {test::geo_point(430000, 3020000), R"("site_id":"S2","name":"Bravo","cu":1,"au":1)"},
            {test::geo_box(440000, 3005000, 446000, 3011000), R"("site_id":"S3","name":"Charlie","cu":1,"au":1)"},
            {test::geo_point(450000, 3030000), R"("site_id":"S4","name":"Delta","cu":1,"au":0)"},
            {test::geo_point(420000, 3035000), R"("site_id":"S5","name":"Echo","cu":0,"au":1)"},
            {test::geo_point(410500, 3010000), R"("site_id":"S6","name":" alpha","cu":1,"au":0)"},
            {test::geo_point(430050, 3020000), R"("site_id":"S7","name":"Unnamed","cu":1,"au":0)"},
            {test::geo_point(420000, 3010000), R"("site_id":"S8","name":"Alfa","cu":1,"au":0)"},
        }));
    std::string text = test::ScoringFixture::project_text();
    if (merge) text.replace(text.find("[sites]\n"), 8, "[sites]\nmerge_duplicates = true\n");
    test::write_text_file(f.dir.file("project.toml"), text);
    project::Project p = f.load();
    RunContext ctx = test::ScoringFixture::context(p, f.grid, quiet_log, f.cu_model, 1);
    const std::vector<CommodityResult> rs = compute_site_scores(ctx);
    const CommodityResult& cu = rs[0];
    REQUIRE(cu.commodity == "copper");
    REQUIRE(cu.duplicates.size() == 2);
    const DuplicateGroup& a = cu.duplicates[0];
    REQUIRE(a.size() == 2);
    CHECK(a[0].id == "S1");
    CHECK(a[1].id == "S6");
    CHECK(a[1].distance == Approx(500));
    CHECK(a[1].similarity == 1.0);
    const DuplicateGroup& b = cu.duplicates[1];
    REQUIRE(b.size() == 2);
    CHECK(b[0].id == "S2");
    CHECK(b[1].id == "S7");
    CHECK(b[1].distance == Approx(50));
    CHECK(b[1].similarity == Approx(1 - 6.0 / 7));
    CHECK(b[1].kept == !merge);
    CHECK(rs[1].duplicates.empty());  // gold: S2, S3, S5 are far apart
    std::vector<std::string> ids;
    for (const auto& r : cu.rows) ids.push_back(r.id);
    std::sort(ids.begin(), ids.end());
    const SiteRow& s1 = *std::find_if(cu.rows.begin(), cu.rows.end(), [](const SiteRow& r) { return r.id == "S1"; });
    if (merge) {
      CHECK(ids == std::vector<std::string>{"S1", "S2", "S3", "S4", "S8"});
      CHECK(std::find(s1.flags.begin(), s1.flags.end(), "merged with S6 ' alpha'") != s1.flags.end());
    } else {
      CHECK(ids == std::vector<std::string>{"S1", "S2", "S3", "S4", "S6", "S7", "S8"});
      CHECK(std::find(s1.flags.begin(), s1.flags.end(), "possible duplicate of S6 ' alpha'") != s1.flags.end());
    }
  }
}
