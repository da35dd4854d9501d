// Passwords in layer paths never reach report.html: not in the input table, not in the project
// file as written, not in the resolved project; the TOML around them stays readable.
#include <catch2/catch.hpp>

#include "../../stage_fixture.hpp"
#include "stages/pipeline.hpp"
#include "stages/sinks/report/provenance.hpp"
#include "stages/sinks/report/validation_report.hpp"

using namespace oremap;
using namespace oremap::test;
using Catch::Matchers::Contains;

TEST_CASE("provenance: a password ends at the quote that closes its TOML string", "[report][html]") {
  CHECK(redact_secrets("path = \"PG:dbname=geo password=hunter2\"\n") == "path = \"PG:dbname=geo password=***\"\n");
  CHECK(redact_secrets("path = 'PG:dbname=geo password=hunter2'") == "path = 'PG:dbname=geo password=***'");
  CHECK(redact_secrets("path = \"PG:dbname=geo password='x y' host=db\"") ==
        "path = \"PG:dbname=geo password=*** host=db\"");
  CHECK(redact_secrets("paths = [\"PG:password=a\", \"PG:password=b\"]") ==
        "paths = [\"PG:password=***\", \"PG:password=***\"]");
  // A quote inside the password does not end it, nor does libpq's escaped quote or TOML's \".
  CHECK(redact_secrets("PG:password=ab\"cd host=db") == "PG:password=*** host=db");
  CHECK(redact_secrets("PG:password='it\\'s' host=db") == "PG:password=*** host=db");
  CHECK(redact_secrets("path = \"PG:password=ab\\\"cd\"") == "path = \"PG:password=***\"");
  CHECK(redact_secrets("PG:password=end\\") == "PG:password=***");
  // In a message the path is followed by ": ": the password goes, the message's colon stays.
  CHECK(redact_secrets("PG:host=h password=S3cr:t: cannot open") == "PG:host=h password=***: cannot open");
}

TEST_CASE("report: no password of a connection string reaches report.html", "[report]") {
  TempDir dir;
  const std::string toml = grid_toml(500000, 3000000, 1000, 4, 3) + R"(
[[layers]]
id = "deps"
path = "PG:dbname=geo user=me password=hunter2"

[[layers]]
id = "faults"
path = "PG:dbname=gis user=me password='s3cr3t pass' host=db"

[report]
)";
  write_text_file(dir.path() / "project.toml", toml);
  StageRun run(dir.path(), toml);
  sinks::report::write_validation_report(run.ctx(), {}, {});
  const std::string html = read_text_file(run.output("report.html"));
  CHECK(html.find("hunter2") == std::string::npos);
  CHECK(html.find("s3cr3t") == std::string::npos);
  // The project file as written, escaped: its lines are whole, quotes included.
  CHECK_THAT(html, Contains("path = &quot;PG:dbname=geo user=me password=***&quot;\n"));
  CHECK_THAT(html, Contains("path = &quot;PG:dbname=gis user=me password=*** host=db&quot;\n"));
  // The input table and the resolved project (which toml++ writes with single quotes unless the
  // text holds one) name them too, redacted.
  CHECK_THAT(html, Contains("<tr><td>PG:dbname=geo user=me password=***</td><td>deps</td>"));
  CHECK_THAT(html, Contains("path = &#39;PG:dbname=geo user=me password=***&#39;\n"));
  std::size_t shown = 0;
  for (auto at = html.find("PG:dbname=geo user=me password=***"); at != std::string::npos;
       at = html.find("PG:dbname=geo user=me password=***", at + 1))
    ++shown;
  CHECK(shown == 3);  // input table, resolved project, project file
}

TEST_CASE("resolved_project.toml in the output folder carries no password either", "[report]") {
  TempDir dir;
  const std::string toml = grid_toml(500000, 3000000, 1000, 4, 3) + R"(
[[layers]]
id = "deps"
path = "PG:dbname=geo user=me password=hunter2"
)";
  StageRun run(dir.path(), toml);
  write_resolved_project(run.ctx());
  const std::string resolved = read_text_file(run.output("resolved_project.toml"));
  CHECK(resolved.find("hunter2") == std::string::npos);
  CHECK_THAT(resolved, Contains("PG:dbname=geo user=me password=***"));
}
