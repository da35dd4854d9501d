// Hostile project files and command lines: each must stop at validation with exit 2 and a message
// naming the key (or the file), before anything is written. See hostile_support.hpp.
#include "hostile_support.hpp"

using namespace oremap::test;
using namespace oremap::test::hostile;

namespace {

// "project.toml:<line>:" of the first line of the demo project holding `text` (1-based).
std::string at_line_of(const std::string& text) {
  const std::string project = read_text_file(demo_dir() / "project.toml");
  const std::size_t at = project.find(text);
  if (at == std::string::npos) throw std::runtime_error("the demo project no longer holds " + text);
  return "project.toml:" + std::to_string(std::count(project.begin(), project.begin() + at, '\n') + 1) + ":";
}

}  // namespace

// --- Malformed TOML -----------------------------------------------------------------------------

HOSTILE("malformed TOML: unclosed table header") {
  run_case(Case().toml("[grid]\n", "[grid\n").exits(2).names({at_line_of("[grid]")}));
}

HOSTILE("malformed TOML: unterminated string") {
  run_case(Case()
               .toml("name = \"Pakistan copper, gold and REE screening (demo)\"", "name = \"Pakistan copper")
               .exits(2)
               .names({at_line_of("name = \"Pakistan copper")}));
}

HOSTILE("malformed TOML: duplicate key") {
  run_case(Case().toml("cell_size = 1000 ", "cell_size = 1000\ncell_size = 500 ").exits(2).names({"cell_size"}));
}

HOSTILE("malformed TOML: table declared twice") {
  run_case(Case().append("[grid]\ncell_size = 5").exits(2).names({"grid"}));
}

HOSTILE("malformed TOML: empty file") {
  run_case(
      Case().prepare([](const Workspace& w) { write_text_file(w.project_file, ""); }).exits(2).names({"project.toml"}));
}

HOSTILE("malformed TOML: binary garbage") {
  run_case(Case()
               .prepare([](const Workspace& w) {
                 std::string bytes;
                 for (int i = 0; i < 4096; ++i) bytes += static_cast<char>((i * 7919 + 13) % 256);
                 write_text_file(w.project_file, bytes);
               })
               .exits(2)
               .names({"project.toml"}));
}

HOSTILE("malformed TOML: NUL byte inside") {
  run_case(Case().toml("[grid]\n", std::string("[grid]\n\0crs = 1\n", 16)).exits(2).names({"project.toml"}));
}

HOSTILE("malformed TOML: invalid UTF-8 in a string") {
  run_case(Case()
               .toml("name = \"Pakistan copper, gold and REE screening (demo)\"", "name = \"Pakistan \xff\xfe copper\"")
               .exits(2)
               .names({at_line_of("name = \"Pakistan copper")}));
}

HOSTILE("malformed TOML: arrays nested 100000 deep") {
  run_case(
      Case().append("deep = " + std::string(100000, '[') + std::string(100000, ']')).exits(2).names({"project.toml"}));
}

HOSTILE("malformed TOML: integer beyond 64 bits") {
  run_case(Case().toml("top_k = 3", "top_k = 99999999999999999999999").exits(2).names({at_line_of("top_k = 3")}));
}

// --- Wrong types ----------------------------------------------------------------------------------

HOSTILE("wrong type: cell_size is a string") {
  run_case(Case().toml("cell_size = 1000 ", "cell_size = \"1000\" ").exits(2).names({"grid.cell_size"}));
}

HOSTILE("wrong type: a layer path is a number") {
  run_case(Case()
               .toml("path = \"raster/etopo5_pakistan.tif\"", "path = 42")
               .exits(2)
               .names({at_line_of("path = \"raster/etopo5_pakistan.tif\""), "path"}));
}

HOSTILE("wrong type: weights is a string") {
  run_case(Case().toml("weights = [0.6, 0.25, 0.15]", "weights = \"heavy\"").exits(2).names({"weights"}));
}

HOSTILE("wrong type: seed is a float") {
  run_case(Case().toml("background = 5000\nseed = 42", "background = 5000\nseed = 4.2").exits(2).names({"seed"}));
}

// --- NaN, inf and huge numbers --------------------------------------------------------------------

HOSTILE("numbers: cell_size = nan") {
  run_case(Case().toml("cell_size = 1000 ", "cell_size = nan ").exits(2).names({"grid.cell_size"}));
}

HOSTILE("numbers: cell_size = inf") {
  run_case(Case().toml("cell_size = 1000 ", "cell_size = inf ").exits(2).names({"grid.cell_size"}));
}

HOSTILE("numbers: cell_size negative") {
  run_case(Case().toml("cell_size = 1000 ", "cell_size = -1000 ").exits(2).names({"grid.cell_size"}));
}

HOSTILE("numbers: cell_size = 1e-300 (cell count overflow)") {
  run_case(Case().toml("cell_size = 1000 ", "cell_size = 1e-300 ").exits(2).names({"cell_size"}).within(30));
}

HOSTILE("numbers: buffer = 1e308") {
  run_case(Case().toml("buffer = 20000 ", "buffer = 1e308 ").exits(2).names({"buffer"}).within(30));
}

HOSTILE("numbers: bbox of +-1e308") {
  run_case(Case()
               .toml("extent_layer = \"country\"", "bbox = [-1e308, -1e308, 1e308, 1e308]\nbbox_crs = \"EPSG:4326\"")
               .exits(2)
               .names({"bbox"})
               .within(30));
}

HOSTILE("numbers: seed 2^63-1 is used exactly") {
  // A valid int64 seed: accepted, and carried exactly (never rounded through a double).
  run_case(Case()
               .toml("background = 5000\nseed = 42", "background = 5000\nseed = 9223372036854775807")
               .succeeds([](const Workspace& w, const CommandResult&) {
                 const std::string resolved = read_text_file(w.output / "resolved_project.toml");
                 CHECK_THAT(resolved, Contains("9223372036854775807"));
                 CHECK_THAT(resolved, !Contains("9223372036854775808"));
                 CHECK_THAT(resolved, !Contains("e+18"));
               }));
}

HOSTILE("numbers: weights with nan") {
  run_case(Case().toml("weights = [0.6, 0.25, 0.15]", "weights = [nan, 0.25, 0.15]").exits(2).names({"weights"}));
}

HOSTILE("numbers: weights with inf") {
  run_case(Case().toml("weights = [0.6, 0.25, 0.15]", "weights = [inf, 0.25, 0.15]").exits(2).names({"weights"}));
}

HOSTILE("numbers: top_k above its limit") {
  run_case(Case().toml("top_k = 3", "top_k = 2000000").exits(2).names({"top_k"}));
}

HOSTILE("numbers: draws negative") { run_case(Case().toml("draws = 1000", "draws = -5").exits(2).names({"draws"})); }

HOSTILE("numbers: wofe classes above its limit") {
  run_case(Case().toml("classes = 10", "classes = 1000000").exits(2).names({"classes"}));
}

HOSTILE("numbers: holdout above 1") {
  run_case(Case().toml("holdout = 0.3", "holdout = 1.5").exits(2).names({"holdout"}));
}

// --- Keys, references and values -------------------------------------------------------------------

HOSTILE("keys: misspelt key") {
  run_case(Case().toml("cell_size = 1000 ", "cel_size = 1000 ").exits(2).names({"cel_size"}));
}

HOSTILE("keys: unknown table") { run_case(Case().append("[gird]\ncrs = \"EPSG:32642\"").exits(2).names({"gird"})); }

HOSTILE("keys: weights and inputs of different lengths") {
  run_case(Case().toml("weights = [0.6, 0.25, 0.15]", "weights = [0.6, 0.4]").exits(2).names({"weights"}));
}

HOSTILE("references: evidence input is not a declared layer") {
  run_case(Case().toml("input = \"arcs\" ", "input = \"arcz\" ").exits(2).names({"arcz"}));
}

HOSTILE("references: model input is not a declared step") {
  run_case(Case()
               .toml("inputs = [\"arc_proximity\", \"fault_proximity\", \"gravity_rank\"]",
                     "inputs = [\"arc_proximty\", \"fault_proximity\", \"gravity_rank\"]")
               .exits(2)
               .names({"arc_proximty"}));
}

HOSTILE("values: unknown grid CRS") {
  run_case(Case().toml("crs = \"EPSG:32642\"", "crs = \"EPSG:999999\"").exits(2).names({"EPSG:999999"}));
}

HOSTILE("values: geographic grid CRS with metre cells") {
  run_case(Case().toml("crs = \"EPSG:32642\"", "crs = \"EPSG:4326\"").exits(2).names({"grid.crs"}));
}

HOSTILE("values: empty output folder name") {
  run_case(Case().toml("output = \"output\"", "output = \"\"").exits(2).names({"output"}));
}

// --- Ids: path traversal, markup, formulas ---------------------------------------------------------

HOSTILE("ids: model id ../../raster/etopo5_pakistan") {
  run_case(Case()
               .toml("id = \"copper_weighted\"", "id = \"../../raster/etopo5_pakistan\"")
               .exits(2)
               .names({"../../raster/etopo5_pakistan"}));
}

HOSTILE("ids: model id ../escaped_model") {
  run_case(Case().toml("id = \"copper_weighted\"", "id = \"../escaped_model\"").exits(2).names({"../escaped_model"}));
}

HOSTILE("ids: evidence id a/b") {
  run_case(Case()
               .append("[[evidence]]\nid = \"a/b\"\nkind = \"distance\"\ninput = \"faults\"\nwrite = true")
               .exits(2)
               .names({"a/b"}));
}

HOSTILE("ids: layer id ../x") {
  run_case(Case().append("[[layers]]\nid = \"../x\"\npath = \"raster/etopo5_pakistan.tif\"").exits(2).names({"../x"}));
}

HOSTILE("ids: absolute path as model id") {
  // An absolute path inside the case's folder, so that a file written there is seen.
  run_case(Case()
               .prepare([](const Workspace& w) {
                 edit_project(w.project_file, "id = \"copper_weighted\"",
                              "id = \"" + (w.outside / "absolute_model").string() + "\"");
               })
               .exits(2)
               .names({"outside/absolute_model"}));
}

HOSTILE("ids: HTML/JS in a model id") {
  run_case(Case()
               .toml("id = \"copper_weighted\"", "id = \"<script>alert(1)</script>\"")
               .exits(2)
               .names({"<script>alert(1)</script>"}));
}

HOSTILE("ids: spreadsheet formula as a criterion id") {
  run_case(Case().toml("id = \"road_km\"", "id = \"=HYPERLINK(1)\"").exits(2).names({"=HYPERLINK(1)"}));
}

// --- The project file itself and the command line ------------------------------------------------

HOSTILE("project file: a directory") {
  run_case(Case()
               .prepare([](const Workspace& w) { fs::create_directory(w.project_dir / "folder.toml"); })
               .run("{oremap} run pakistan/folder.toml")
               .exits(2)
               .names({"folder.toml"}));
}

HOSTILE("project file: missing") {
  run_case(Case().run("{oremap} run pakistan/missing.toml").exits(2).names({"missing.toml"}));
}

HOSTILE("project file: /dev/zero fails fast on the size limit") {
  run_case(Case().run("{oremap} run /dev/zero").exits(2).names({"/dev/zero"}).within(20));
}

HOSTILE("command line: --threads negative") {
  run_case(Case().run("{oremap} run --threads -3 {project}").exits(2).names({"--threads"}));
}

HOSTILE("command line: --threads not a number") {
  run_case(Case().run("{oremap} run --threads many {project}").exits(2).names({"--threads"}));
}

HOSTILE("command line: --cache negative") {
  run_case(Case().run("{oremap} run --cache -5 {project}").exits(2).names({"--cache"}));
}

HOSTILE("command line: unknown command") {
  run_case(Case().run("{oremap} frobnicate {project}").exits(2).names({"frobnicate"}));
}

HOSTILE("command line: unknown flag") {
  run_case(Case().run("{oremap} run --frobnicate {project}").exits(2).names({"--frobnicate"}));
}
