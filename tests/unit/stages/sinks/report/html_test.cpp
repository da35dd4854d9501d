// HTML escaping, number text, CSV reading, SVG charts and secret redaction of the report.
#include "stages/sinks/report/html.hpp"

#include <catch2/catch.hpp>

#include "../../../test_support.hpp"
#include "stages/sinks/report/csv_table.hpp"
#include "stages/sinks/report/provenance.hpp"
#include "stages/sinks/report/svg_chart.hpp"

using namespace oremap;
using namespace oremap::sinks::report;

TEST_CASE("html: escaping of user data", "[report][html]") {
  CHECK(escape("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;");
  CHECK(escape("a & \"b\" 'c'") == "a &amp; &quot;b&quot; &#39;c&#39;");
  CHECK(escape("Chagai \xc3\xa9") == "Chagai \xc3\xa9");  // UTF-8 passes through
  Table t{{"<th>"}, {{"<td>"}}, {}, "<cap>", ""};
  const std::string html = render(t);
  CHECK(html.find("<th>&lt;th&gt;</th>") != std::string::npos);
  CHECK(html.find("<td>&lt;td&gt;</td>") != std::string::npos);
  CHECK(html.find("<caption>&lt;cap&gt;</caption>") != std::string::npos);
}

TEST_CASE("html: numbers independent of the locale, no negative zero", "[report][html]") {
  CHECK(fixed(0.91234, 3) == "0.912");
  CHECK(fixed(-0.0001, 2) == "0.00");
  CHECK(fixed(1.0 / 0.0, 2) == "\u2013");
  CHECK(scientific(-1.572591482e-05, 3) == "-1.573e-05");
}

TEST_CASE("html: CSV records with quoted commas, and the tables the models write", "[report][html]") {
  CHECK(split_csv_line("a,\"<= d (0, 5]\",,\"x\"\"y\"") == std::vector<std::string>{"a", "<= d (0, 5]", "", "x\"y"});
  test::TempDir dir;
  test::write_text_file(dir.path() / "c.csv",
                        "term,coefficient,std_error,z,deposit_cells,aic\n"
                        "intercept,-5.813554585,0.8921246019,-6.516527594,5,31.65986437\n"
                        "d,-1.572591482e-05,6.9e-06,-2.27,5,31.65986437\n");
  auto t = read_csv_table(dir.path() / "c.csv");
  REQUIRE(t);
  CHECK(t->table.header == std::vector<std::string>{"term", "coefficient", "std_error", "z", "deposit_cells", "aic"});
  fold_columns(*t, {"aic", "deposit_cells", "not_there"});  // the whole fit's figures, shown once
  CHECK(t->table.header == std::vector<std::string>{"term", "coefficient", "std_error", "z"});
  CHECK(t->table.numeric == std::vector<bool>{false, true, true, true});
  CHECK(t->table.rows.at(0) == std::vector<std::string>{"intercept", "-5.814", "0.892", "-6.517"});
  CHECK(t->table.rows.at(1).at(1) == "-1.573e-05");
  CHECK(t->notes == std::vector<std::string>{"deposit cells 5, aic 31.660"});
  CHECK_FALSE(read_csv_table(dir.path() / "missing.csv"));
}

TEST_CASE("svg: axes, ticks, diagonal, escaped labels", "[report][html]") {
  const std::string svg = line_chart_svg({"ROC <m>", "x", "y", true, false, "roc-m"},
                                         {{"a&b", "#0072b2", {{0, 0}, {0.5, 1}, {1, 1}}, false}});
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(svg.find("id=\"roc-m\"") != std::string::npos);
  CHECK(svg.find("<title>ROC &lt;m&gt;</title>") != std::string::npos);
  CHECK(svg.find("a&amp;b") != std::string::npos);
  // Plot area: x from 62 to 394 px, y from 328 (value 0) to 34 (value 1).
  CHECK(svg.find("class=\"diagonal\" x1=\"62.0\" y1=\"328.0\" x2=\"394.0\" y2=\"34.0\"") != std::string::npos);
  CHECK(svg.find("points=\"62.0,328.0 228.0,34.0 394.0,34.0\"") != std::string::npos);
  for (const char* tick : {">0.0<", ">0.2<", ">0.4<", ">0.6<", ">0.8<", ">1.0<"})
    CHECK(svg.find(tick) != std::string::npos);
  const std::string pct = line_chart_svg({"t", "x", "y", false, true, ""}, {});
  CHECK(pct.find(">40 %<") != std::string::npos);
  CHECK(pct.find("diagonal") == std::string::npos);
}

TEST_CASE("provenance: passwords never reach the report", "[report][html]") {
  CHECK(redact_secrets("PG:dbname=geo password=s3cret host=db") == "PG:dbname=geo password=*** host=db");
  CHECK(redact_secrets("PG:dbname=geo PASSWORD='a b' host=db") == "PG:dbname=geo PASSWORD=*** host=db");
  CHECK(redact_secrets("/vsicurl/https://user:pw@example.org/a.tif") == "/vsicurl/https://user:***@example.org/a.tif");
}

TEST_CASE("provenance: every input file once, with side files, size and SHA-256", "[report][html]") {
  test::TempDir dir;
  test::write_text_file(dir.path() / "project.toml", "abc");
  test::write_text_file(dir.path() / "a.shp", "");
  test::write_text_file(dir.path() / "a.dbf", "abc");
  test::write_text_file(dir.path() / "a.prj", "abc");
  std::filesystem::create_directories(dir.path() / "sub");
  project::Project p;
  p.file = dir.path() / "project.toml";
  p.dir = dir.path();
  p.layers = {test::layer_spec("x", (dir.path() / "a.shp").string()),
              test::layer_spec("y", (dir.path() / "sub" / ".." / "a.shp").string()),
              test::layer_spec("db", "PG:dbname=geo password=secret")};
  const auto files = input_files(p);
  REQUIRE(files.size() == 5);  // sorted by path; a.shp read by two layers is listed once
  CHECK(files[0].path == "PG:dbname=geo password=***");
  CHECK(files[0].sha256.empty());
  CHECK_THAT(files[0].note, Catch::Contains("not checksummed"));
  CHECK(files[1].path == "a.dbf");
  CHECK(files[1].size == 3);
  CHECK(files[1].sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");  // "abc"
  CHECK(files[2].path == "a.prj");
  CHECK(files[3].path == "a.shp");
  CHECK(files[3].layers == std::vector<std::string>{"x", "y"});
  CHECK(files[3].sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");  // empty file
  CHECK(files[4].path == "project.toml");
  CHECK(files[4].layers == std::vector<std::string>{"project file"});
}
