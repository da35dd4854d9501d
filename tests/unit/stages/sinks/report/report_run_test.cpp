// The report sink on the tiny validation project: the self-contained HTML and the terminal text
// of the figures the validation stage computed.
#include <catch2/catch.hpp>

#include "../../stage_fixture.hpp"
#include "../../validation/small_project.hpp"
#include "stages/sinks/report/figures_text.hpp"
#include "stages/sinks/report/validation_report.hpp"
#include "stages/validation/model_validation.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

sites::CommodityResult hostile_sites() {
  sites::CommodityResult c;
  c.commodity = "copper";
  c.criteria.push_back({"road <distance>", "distance", "m", "bounds [0, 50000], lower is better", 2, 1});
  c.draws = 100;
  c.top_k = 3;
  sites::SiteRow r;
  r.id = "s1\"";
  r.name = "<img src=x onerror=alert(1)>";
  r.score = 0.75;
  r.rank = 1;
  r.rank_mean = 1.2;
  r.rank_p05 = 1;
  r.rank_p95 = 2;
  r.p_top = 0.97;
  c.rows.push_back(r);
  return c;
}

}  // namespace

TEST_CASE("report: self-contained HTML with an SVG per model, escaped data, checksums", "[report]") {
  TempDir dir;
  write_small(dir);
  StageRun run(dir.path(), kSmallProject);
  run.run();
  sinks::report::write_validation_report(run.ctx(), {hostile_sites()}, validation::run_validation(run.ctx()));
  const std::string html = read_text_file(run.output("report.html"));
  // An SVG figure for each validated model (ROC and rate curves), a note for the other.
  CHECK_THAT(html, Catch::Contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"roc-copper_w\""));
  CHECK_THAT(html, Catch::Contains("id=\"rate-copper_w\""));
  CHECK_THAT(html, Catch::Contains("Not validated: no known gold deposits"));
  std::size_t svgs = 0;
  for (auto at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) ++svgs;
  CHECK(svgs == 2);                              // ROC and rate curves of copper_w; gold_w has none to show
  CHECK_THAT(html, Catch::Contains("0.938 ["));  // AUC 30/32
  // The hostile site name and every other data string appear escaped, never as markup.
  CHECK_THAT(html, Catch::Contains("&lt;img src=x onerror=alert(1)&gt;"));
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<b>as is</b>") == std::string::npos);
  CHECK_THAT(html, Catch::Contains("Score &lt;b&gt;as is&lt;/b&gt;"));
  CHECK_THAT(html, Catch::Contains("road &lt;distance&gt;"));
  CHECK_THAT(html, Catch::Contains("s1&quot;"));
  // Self-contained: no scripts, no external references.
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("src=\"http") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  // Provenance: the input's SHA-256 as coreutils computes it, and the version.
  const std::string sum = run_ok("sha256sum " + shell_quote((dir.path() / "s.tif").string())).substr(0, 64);
  CHECK_THAT(html, Catch::Contains(sum));
  CHECK_THAT(html, Catch::Contains(std::string("oremap ") + OREMAP_VERSION));
  // Written atomically: nothing else left beside it.
  for (const auto& name : folder_listing(run.project().output_dir)) CHECK(name.find("tmp") == std::string::npos);
}

TEST_CASE("report: the figures as terminal text", "[report]") {
  TempDir dir;
  write_small(dir);
  StageRun run(dir.path(), kSmallProject);
  run.run();
  const std::string text = sinks::report::model_figures_text(validation::run_validation(run.ctx()));
  CHECK_THAT(text, Catch::Contains("copper_w"));
  CHECK_THAT(text, Catch::Contains("0.938 ["));
  CHECK_THAT(text, Catch::Contains("0.841"));  // success AUC 9.25 / 11
  CHECK_THAT(text, Catch::Contains("= success"));
  CHECK_THAT(text, Catch::Contains("gold_w: not validated"));
}
