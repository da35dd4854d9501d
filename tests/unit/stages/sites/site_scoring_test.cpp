// Site scoring from a project file to ranked tables, checked against scores computed by hand
// (scoring_fixture.hpp lays out the data), for any thread count.
#include "stages/sites/site_scoring.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "scoring_fixture.hpp"
#include "stages/pipeline.hpp"

using namespace oremap;
using namespace oremap::sites;

namespace {

const SiteRow& row(const CommodityResult& r, const std::string& id) {
  for (const auto& s : r.rows)
    if (s.id == id) return s;
  FAIL("no site " << id);
  throw;
}

const CommodityResult& commodity(const std::vector<CommodityResult>& rs, const std::string& name) {
  for (const auto& r : rs)
    if (r.commodity == name) return r;
  FAIL("no commodity " << name);
  throw;
}

std::ostringstream sink;
Log quiet_log(sink, Verbosity::quiet);

}  // namespace

TEST_CASE("site scoring: hand-computed scores, ranks, flags and exclusions", "[sites]") {
  test::ScoringFixture f;
  project::Project p = f.load();
  RunContext ctx = test::ScoringFixture::context(p, f.grid, quiet_log, f.cu_model, 2);
  std::vector<CommodityResult> results = compute_site_scores(ctx);
  REQUIRE(results.size() == 2);

  const CommodityResult& cu = commodity(results, "copper");
  REQUIRE(cu.criteria.size() == 5);
  // Copper weights 3, 2, 1, 4, 1 -> /11.
  CHECK(cu.criteria[0].weight == Approx(3.0 / 11));
  CHECK(cu.criteria[3].id == "cu_prosp");
  CHECK(cu.criteria[3].weight == Approx(4.0 / 11));
  // Scores (road 1 - d/40 km, governance score/50, towns n/3, prospectivity, elevation 1 - 600/3000):
  //   S1: (3*0.75 + 2*0.8 + 1*2/3 + 4*0.095 + 1*0.8) / 11 = 0.517879, glacier 1.41 km away: x 0.5
  //   S2: (3*0.5 + 2*0.8 + 1*1/3 + 4*0.295 + 0.8) / 11 = 0.492121 (on the West/East boundary: West)
  //   S3: (3*0.875 + 2*0.6 + 0 + 4*0.425 + 0.8) / 11 = 0.575
  //   S4: (3*0.25 + 2*0.6 + 1/3 + 4*0.495 + 0.8) / 11 = 0.460303, inside the park: excluded
  const SiteRow& s1 = row(cu, "S1");
  const SiteRow& s2 = row(cu, "S2");
  const SiteRow& s3 = row(cu, "S3");
  const SiteRow& s4 = row(cu, "S4");
  CHECK(s1.score == Approx(0.517879 * 0.5).epsilon(1e-5));
  CHECK(s2.score == Approx(0.492121).epsilon(1e-5));
  CHECK(s3.score == Approx(0.575).epsilon(1e-5));
  CHECK(s4.score == Approx(0.460303).epsilon(1e-5));
  CHECK(s3.rank == 1);
  CHECK(s2.rank == 2);
  CHECK(s1.rank == 3);
  CHECK(s4.rank == 0);
  CHECK(s4.excluded);
  CHECK(s4.reasons == std::vector<std::string>{"in_park: inside 'Park One'"});
  CHECK(s1.penalty_factor == 0.5);
  CHECK(s1.penalties == std::vector<std::string>{"near_glacier: 1414 m from '#0' (limit 2000 m) (score -50 %)"});
  // Output order: by rank, excluded last.
  REQUIRE(cu.rows.size() == 4);
  CHECK(cu.rows[0].id == "S3");
  CHECK(cu.rows[3].id == "S4");

  // Raw values and what they refer to.
  CHECK(s1.cells[0].raw == Approx(10000));
  CHECK(s1.cells[0].feature == "N-5");
  CHECK(s3.cells[0].raw == Approx(5000));                // polygon: from its lower edge
  CHECK(s3.cells[1].feature == "East 100 %");            // region of a polygon site
  CHECK(s1.cells[2].raw == 2.0);                         // T1 5 km and T2 2 km within 15 km
  CHECK(s1.cells[3].raw == Approx(0.095).margin(1e-6));  // cells of columns 9 and 10
  CHECK(s3.cells[3].raw == Approx(0.425).margin(1e-6));  // centres of columns 40..45
  CHECK(s1.cells[4].raw == 600.0);
  CHECK(s1.cells[0].contribution == Approx(3.0 / 11 * 0.75));
  CHECK(s2.flags == std::vector<std::string>{"governance: on the boundary of 2 regions ('West', 'East'); took 'West', "
                                             "the first in layer order"});

  const CommodityResult& au = commodity(results, "gold");
  REQUIRE(au.criteria.size() == 4);  // cu_prosp applies to copper only
  // Gold weights 3, 2, 1, 1 -> /7. S5: (3*0.125 + 2*0.8 + 1/3 + 0.8) / 7 = 0.444048.
  CHECK(row(au, "S2").score == Approx(0.604762).epsilon(1e-5));
  CHECK(row(au, "S3").score == Approx(0.660714).epsilon(1e-5));
  CHECK(row(au, "S5").score == Approx(0.444048).epsilon(1e-5));
  CHECK(au.rows[0].id == "S3");
  CHECK(au.rows[1].id == "S2");
  CHECK(au.rows[2].name == "<img src=x onerror=alert(1)>");

  // Monte-Carlo fields are filled for ranked sites; sensitivity for every criterion.
  CHECK(s3.rank_p05 >= 1);
  CHECK(s3.rank_p95 <= 3);
  CHECK(s3.p_top >= 0.5);
  CHECK(std::isnan(s4.rank_mean));
  CHECK(cu.sensitivity_criteria.size() == 5);
  CHECK(s3.rank_minus.size() == 5);
}

TEST_CASE("site scoring gives the same results for any thread count", "[sites]") {
  test::ScoringFixture f;
  project::Project p = f.load();
  RunContext one = test::ScoringFixture::context(p, f.grid, quiet_log, f.cu_model, 1);
  RunContext three = test::ScoringFixture::context(p, f.grid, quiet_log, f.cu_model, 3);
  std::vector<CommodityResult> a = compute_site_scores(one), b = compute_site_scores(three);
  REQUIRE(a.size() == b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    REQUIRE(a[k].rows.size() == b[k].rows.size());
    for (std::size_t j = 0; j < a[k].rows.size(); ++j) {
      const SiteRow &x = a[k].rows[j], &y = b[k].rows[j];
      CHECK(x.id == y.id);
      CHECK(x.score == y.score);
      CHECK(x.rank == y.rank);
      CHECK(x.flags == y.flags);
      CHECK((x.rank_mean == y.rank_mean || (std::isnan(x.rank_mean) && std::isnan(y.rank_mean))));
      CHECK(x.rank_p05 == y.rank_p05);
      CHECK(x.rank_p95 == y.rank_p95);
      CHECK(x.rank_minus == y.rank_minus);
      for (std::size_t c = 0; c < x.cells.size(); ++c) {
        CHECK(x.cells[c].raw == y.cells[c].raw);
        CHECK(x.cells[c].feature == y.cells[c].feature);
      }
    }
  }
}

TEST_CASE("site scoring reports progress rising to exactly 1 and can be cancelled", "[sites]") {
  test::ScoringFixture f;
  project::Project p = f.load();
  RunContext ctx = test::ScoringFixture::context(p, f.grid, quiet_log, f.cu_model, 2);
  ctx.work_dir = f.dir.path();
  std::vector<double> seen;
  ctx.progress = [&](double fraction, const std::string&) {
    seen.push_back(fraction);
    return true;
  };
  run_site_stages(ctx);
  REQUIRE(!seen.empty());
  CHECK(std::is_sorted(seen.begin(), seen.end()));
  CHECK(seen.back() == 1.0);

  ctx.progress = [](double, const std::string&) { return false; };
  CHECK_THROWS_AS(compute_site_scores(ctx), Cancelled);
}

TEST_CASE("site scoring: a region criterion names its region by name_field", "[sites]") {
  // A layer of countries whose name attribute is not called "name" (as Natural Earth's NAME_0).
  test::ScoringFixture f(R"(
[[layers]]
id = "countries"
path = "countries.geojson"
crs = "EPSG:32642"

[[criteria]]
id = "country"
kind = "region"
layer = "countries"
field = "score"
name_field = "NAME_0"
default = 0
weight = 1
bounds = [0, 50]

[[criteria]]
id = "country_unnamed"
kind = "region"
layer = "countries"
field = "score"
default = 0
weight = 1
bounds = [0, 50]
)");
  test::write_text_file(
      f.dir.file("countries.geojson"),
      test::feature_collection({{test::geo_box(390000, 2990000, 470000, 3050000), R"("NAME_0":"Chile","score":40)"}}));
  project::Project p = f.load();
  RunContext ctx = test::ScoringFixture::context(p, f.grid, quiet_log, f.cu_model, 1);
  const std::vector<CommodityResult> results = compute_site_scores(ctx);
  const CommodityResult& cu = commodity(results, "copper");
  REQUIRE(cu.criteria.size() == 7);
  CHECK(cu.criteria[5].id == "country");
  const SiteRow& s1 = row(cu, "S1");
  CHECK(s1.cells[5].feature == "Chile");  // not the feature number
  CHECK(s1.cells[6].feature == "#0");     // without name_field, on a layer without "name"
}
