// [sites] model: which of a commodity's models its sites are scored against (default: the first),
// honoured by `oremap score`, and each mistake reported at its file:line:column.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>

#include "core/error.hpp"
#include "scoring_fixture.hpp"
#include "stages/pipeline.hpp"
#include "stages/sites/site_config.hpp"
#include "stages/sites/site_scoring.hpp"

using namespace oremap;
using namespace oremap::sites;

namespace {

std::ostringstream sink;
Log quiet_log(sink, Verbosity::quiet);

// Two copper models and a gold one, each a weighted overlay of the DEM's membership (the model
// rasters themselves are written by the test, as a previous `oremap run` would have).
const std::string kModels = R"(
[[evidence]]
id = "low"
kind = "fuzzy"
input = "dem"
function = "linear"
min = 0
max = 3000

[[models]]
id = "cu_first"
commodity = "copper"
kind = "weighted"
inputs = ["low"]
weights = [1]

[[models]]
id = "cu_second"
commodity = "copper"
kind = "weighted"
inputs = ["low"]
weights = [1]

[[models]]
id = "au_only"
commodity = "gold"
kind = "weighted"
inputs = ["low"]
weights = [1]
)";

// Line (1-based) of the first line of `text` containing `needle`.
int line_of(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

const SiteRow& row(const std::vector<CommodityResult>& rs, const std::string& commodity, const std::string& id) {
  for (const auto& r : rs)
    if (r.commodity == commodity)
      for (const auto& s : r.rows)
        if (s.id == id) return s;
  FAIL("no site " << id << " for " << commodity);
  throw;
}

// The fixture's project with `model_line` added to [sites] (after its first line).
std::string with_sites_line(const std::string& model_line) {
  std::string text = test::ScoringFixture::project_text() + kModels;
  const std::string anchor = "layer = \"sites\"\n";
  text.insert(text.find(anchor) + anchor.size(), model_line + "\n");
  return text;
}

}  // namespace

TEST_CASE("[sites] model: oremap score scores copper against the chosen model, not the first", "[sites][model]") {
  test::ScoringFixture f;
  test::write_text_file(f.dir.file("project.toml"), with_sites_line("model = { copper = \"cu_second\" }"));
  project::Project p = f.load();
  // The previous run's model outputs: cu_first = 0.01 x column (the fixture's model), cu_second
  // 0.9 everywhere, so the zonal mean of any site tells which one was read.
  const std::filesystem::path out = p.output_dir;
  std::filesystem::create_directories(out);
  std::filesystem::copy_file(f.cu_model, out / "cu_first.tif");
  test::write_float_raster((out / "cu_second.tif").string(), f.grid,
                           std::vector<float>(static_cast<std::size_t>(f.grid.cell_count()), 0.9f));
  test::write_float_raster((out / "au_only.tif").string(), f.grid,
                           std::vector<float>(static_cast<std::size_t>(f.grid.cell_count()), 0.5f));
  RunContext ctx(p, f.grid, quiet_log);
  use_existing_outputs(ctx, out);
  CHECK(ctx.model_of_commodity.at("copper") == "cu_second");
  CHECK(ctx.model_of_commodity.at("gold") == "au_only");
  const std::vector<CommodityResult> results = compute_site_scores(ctx);
  // cu_prosp is criterion 3: S1's mean is 0.9 (cu_second), not 0.095 (cu_first, columns 9 and 10).
  CHECK(row(results, "copper", "S1").cells[3].raw == Approx(0.9).margin(1e-6));
  CHECK(row(results, "copper", "S3").cells[3].raw == Approx(0.9).margin(1e-6));
}

TEST_CASE("[sites] model: without it each commodity is scored against its first model", "[sites][model]") {
  test::ScoringFixture f;
  test::write_text_file(f.dir.file("project.toml"), with_sites_line(""));
  project::Project p = f.load();
  CHECK(scoring_models(p) == std::map<std::string, std::string>{{"copper", "cu_first"}, {"gold", "au_only"}});
  std::vector<Diagnostic> problems;
  const SiteConfig cfg = read_site_config(p, problems);
  CHECK(problems.empty());
  CHECK(cfg.models.empty());
}

TEST_CASE("[sites] model: each mistake at its file:line:column", "[sites][model]") {
  test::ScoringFixture f;
  const std::string model_line = "model = { copper = \"cu_missing\", gold = \"cu_first\", ree = \"cu_second\" }";
  const std::string clean = with_sites_line(model_line);
  test::write_text_file(f.dir.file("project.toml"), clean);
  const std::string file = (f.dir.path() / "project.toml").string();
  project::Project p = f.load();
  std::vector<Diagnostic> problems;
  read_site_config(p, problems);
  std::vector<std::string> got;
  for (const auto& d : problems) got.push_back(d.format());
  const int line = line_of(clean, "model = {");
  // Each problem sits at its value: the column of its opening quote.
  auto at = [&](const std::string& value) {
    return file + ":" + std::to_string(line) + ":" + std::to_string(model_line.find(value) + 1) + ": ";
  };
  CHECK(got == std::vector<std::string>{
                   at("\"cu_missing\"") +
                       "sites.model.copper: unknown model 'cu_missing'; use one of the copper models: cu_first, "
                       "cu_second",
                   at("\"cu_first\"") +
                       "sites.model.gold: model 'cu_first' is a copper model, not a gold one; use one of the gold "
                       "models: au_only",
                   at("\"cu_second\"") +
                       "sites.model.ree: 'ree' is not a commodity of [sites] (copper, gold); choose models only for "
                       "the commodities the sites are scored for",
               });
  // scoring_models ignores what read_site_config refuses: the first models stay.
  CHECK(scoring_models(p) == std::map<std::string, std::string>{{"copper", "cu_first"}, {"gold", "au_only"}});
}
