// What a site without a value becomes, per criterion (`missing`): unranked with its reason,
// scored 0, or ranked on its other criteria with a penalty. Scores by hand on the scoring
// fixture (scoring_fixture.hpp), with a survey raster that has no data around S2.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "scoring_fixture.hpp"
#include "stages/sites/site_scoring.hpp"

using namespace oremap;
using namespace oremap::sites;

namespace {

std::ostringstream sink;
Log quiet_log(sink, Verbosity::quiet);

// The fixture plus a survey criterion (weight 2, bounds [0, 1]) on a raster of 0.5 with no data in
// x 425-435 km, y 3015-3025 km: around S2 (430, 3020 km) and nowhere near S1, S3 or S4.
std::vector<CommodityResult> score_with_survey(const std::string& missing_keys) {
  test::ScoringFixture f(R"(
[[layers]]
id = "survey_grid"
path = "survey.tif"

[[criteria]]
id = "survey"
kind = "zonal"
raster = "survey_grid"
weight = 2
bounds = [0, 1]
)" + missing_keys);
  std::vector<float> v;
  for (int r = 0; r < f.grid.rows; ++r)
    for (int c = 0; c < f.grid.cols; ++c) {
      const double x = 400000 + 1000 * (c + 0.5), y = 3040000 - 1000 * (r + 0.5);
      v.push_back(x > 425000 && x < 435000 && y > 3015000 && y < 3025000 ? NAN : 0.5f);
    }
  test::write_float_raster(f.dir.file("survey.tif"), f.grid, v);
  project::Project p = f.load();
  RunContext ctx = test::ScoringFixture::context(p, f.grid, quiet_log, f.cu_model, 2);
  return compute_site_scores(ctx);
}

const SiteRow& row(const CommodityResult& r, const std::string& id) {
  for (const auto& s : r.rows)
    if (s.id == id) return s;
  FAIL("no site " << id);
  throw;
}

}  // namespace

// Copper weights 3, 2, 1, 4, 1 and survey 2: 13. Unnormalised sums without the survey (as in
// site_scoring_test.cpp): S1 5.696667 (penalty x 0.5 for the glacier), S2 5.413333, S3 6.325; the
// survey adds 2 x 0.5 = 1 where it has data.
TEST_CASE("missing = \"unranked\" (the default): listed without a rank or score, with the reason", "[sites]") {
  const std::vector<CommodityResult> rs = score_with_survey("");
  const CommodityResult& cu = rs[0];
  REQUIRE(cu.commodity == "copper");
  const SiteRow& s2 = row(cu, "S2");
  CHECK(s2.status == SiteStatus::unranked);
  CHECK(s2.rank == 0);
  CHECK_FALSE(s2.excluded);
  CHECK(std::isnan(s2.score));
  CHECK(std::isnan(s2.rank_mean));
  REQUIRE(s2.reasons.size() == 1);
  CHECK_THAT(s2.reasons[0], Catch::StartsWith("survey: no value (no data in") && Catch::Contains("survey_grid"));
  CHECK(s2.cells[5].missing);
  CHECK(s2.cells[0].contribution == Approx(3.0 / 13 * 0.5));  // its other criteria are still shown
  // The others rank among themselves: S3 (6.325 + 1) / 13, S1 (5.696667 + 1) / 13 x 0.5.
  CHECK(row(cu, "S3").score == Approx(7.325 / 13).epsilon(1e-5));
  CHECK(row(cu, "S1").score == Approx(6.696667 / 13 * 0.5).epsilon(1e-5));
  CHECK(row(cu, "S3").rank == 1);
  CHECK(row(cu, "S1").rank == 2);
  CHECK(row(cu, "S1").rank_p95 <= 2);  // Monte-Carlo ranks count only the two ranked sites
  // Ranked, then unranked, then excluded.
  REQUIRE(cu.rows.size() == 4);
  CHECK(cu.rows[2].id == "S2");
  CHECK(cu.rows[3].id == "S4");
  CHECK(cu.rows[3].status == SiteStatus::excluded);
  CHECK(cu.rows[3].reasons == std::vector<std::string>{"in_park: inside 'Park One'"});
}

TEST_CASE("missing = \"zero\": the criterion scores 0 and the site is ranked, flagged", "[sites]") {
  const std::vector<CommodityResult> rs = score_with_survey("missing = \"zero\"\n");
  const CommodityResult& cu = rs[0];
  const SiteRow& s2 = row(cu, "S2");
  CHECK(s2.status == SiteStatus::ranked);
  CHECK(s2.score == Approx(5.413333 / 13).epsilon(1e-5));
  CHECK(s2.cells[5].score == 0);
  CHECK(s2.rank == 2);  // S3 0.563462, S2 0.416410, S1 0.257564
  CHECK(row(cu, "S3").rank == 1);
  CHECK(row(cu, "S1").rank == 3);
  CHECK(std::find(s2.flags.begin(), s2.flags.end(), "survey: no value; scored 0") != s2.flags.end());
  CHECK(s2.reasons.empty());
}

TEST_CASE("missing = \"penalty\": ranked on the other criteria, reweighted, score x (1 - missing_penalty)", "[sites]") {
  const std::vector<CommodityResult> rs = score_with_survey("missing = \"penalty\"\nmissing_penalty = 0.5\n");
  const CommodityResult& cu = rs[0];
  const SiteRow& s2 = row(cu, "S2");
  CHECK(s2.status == SiteStatus::ranked);
  // S2 on the other five criteria (weights / 11), halved: 5.413333 / 11 x 0.5 = 0.246061, below
  // S1's 0.257564 and S3's 0.563462.
  CHECK(s2.score == Approx(5.413333 / 11 * 0.5).epsilon(1e-5));
  CHECK(s2.penalty_factor == 0.5);
  CHECK(s2.cells[0].contribution == Approx(3.0 / 11 * 0.5));  // the weights it has, renormalised
  CHECK(s2.cells[5].contribution == 0);
  CHECK(s2.rank == 3);
  CHECK(row(cu, "S1").rank == 2);
  CHECK(row(cu, "S3").rank == 1);
  CHECK(s2.penalties == std::vector<std::string>{"survey: no value; ranked on the other criteria, score x 0.5"});
  CHECK(s2.rank_p05 >= 1);  // it takes part in the Monte-Carlo draws
  CHECK(row(cu, "S3").score == Approx(7.325 / 13).epsilon(1e-5));
}

TEST_CASE("missing_penalty without missing = \"penalty\" is a project error", "[sites]") {
  CHECK_THROWS_WITH(score_with_survey("missing_penalty = 0.3\n"),
                    Catch::Contains("'missing_penalty' is set but missing is \"unranked\""));
}
