#include "stages/sinks/report/validation_report.hpp"

#include <fstream>
#include <sstream>

#include "core/atomic_file.hpp"
#include "stages/sinks/report/html.hpp"
#include "stages/sinks/report/provenance.hpp"
#include "stages/sinks/report/report_sections.hpp"
#include "stages/sinks/report/validation_data.hpp"

namespace oremap::sinks::report {

namespace {

const char* kStyle =
    R"(body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;max-width:1120px;margin:2em auto;padding:0 1.2em}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #d0d7de;padding-bottom:.2em;margin-top:2.2em}h3{margin-top:1.8em}
.tag{font-size:.7em;font-weight:400;color:#57606a;margin-left:.5em}
table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.92em}
th,td{border:1px solid #d0d7de;padding:.25em .55em;text-align:left;vertical-align:top}
th{background:#f3f5f7}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.3em 0}
.figures{display:flex;flex-wrap:wrap;gap:1em;margin:.8em 0}
svg.chart{background:#fff;border:1px solid #d0d7de;max-width:100%;height:auto}
svg.chart text{font:12px system-ui,sans-serif;fill:#1b1f24}svg.chart .title{font-weight:600;font-size:13px}
svg.chart .grid{stroke:#eaeef2;stroke-width:1}svg.chart .tick{stroke:#57606a}svg.chart .frame{fill:none;stroke:#57606a}
svg.chart .diagonal{stroke:#8c959f;stroke-dasharray:4 4;stroke-width:1}svg.chart .curve,svg.chart .legend-line{stroke-width:2}
.table-wrap{overflow-x:auto;max-width:100%}table.compact td,table.compact th{white-space:nowrap}.mono{font-family:ui-monospace,Consolas,monospace;font-size:.85em}
.note{color:#57606a}.warn{background:#fff8c5;border-left:4px solid #d4a72c;padding:.4em .8em .4em 1.6em}p.warn{padding-left:.8em}
pre{background:#f6f8fa;padding:.8em;overflow:auto;font-size:.85em;max-height:40em;white-space:pre-wrap}
code{font-family:ui-monospace,Consolas,monospace}dl.meta{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dl.meta dt{font-weight:600}dl.meta dd{margin:0}
@media print{body{max-width:none}details{display:block}pre{max-height:none}})";

std::string grid_text(const Grid& g) {
  return std::to_string(g.cols) + " \u00d7 " + std::to_string(g.rows) + " cells of " + fixed(g.cell_size, 1) + " m; " +
         g.crs_name + (g.epsg ? " (EPSG:" + std::to_string(g.epsg) + ")" : std::string()) + "; extent [" +
         fixed(g.xmin, 1) + ", " + fixed(g.ymin(), 1) + ", " + fixed(g.xmax(), 1) + ", " + fixed(g.ymax, 1) + "]";
}

std::string header_html(const RunContext& ctx, const validation::ReportConfig& cfg) {
  const auto& p = ctx.project;
  std::string out = "<header>\n<h1>Validation report: " + escape(p.name) + "</h1>\n";
  if (!p.description.empty()) out += "<p>" + escape(p.description) + "</p>\n";
  out += "<dl class=\"meta\">\n<dt>Software</dt><dd>" + escape(software_versions()) + "</dd>\n<dt>Grid</dt><dd>" +
         escape(grid_text(ctx.grid)) + "</dd>\n<dt>Validation settings</dt><dd>" +
         escape("hold-out " + fixed(100 * cfg.holdout, 0) + " % of deposit cells; spatial " +
                std::to_string(cfg.folds) + "-fold cross-validation over blocks of " + fixed(cfg.block_size / 1000, 1) +
                " km; seed " + std::to_string(cfg.seed)) +
         "</dd>\n</dl>\n</header>\n";
  return out;
}

std::string provenance_html(const RunContext& ctx) {
  const auto& p = ctx.project;
  Table t{{"file", "read by", "bytes", "SHA-256", "note"},
          {},
          {false, false, true, false, false},
          "Input files",
          "compact",
          {false, false, false, true, false}};
  for (const auto& f : input_files(p)) {
    std::string who;
    for (const auto& l : f.layers) who += (who.empty() ? "" : ", ") + l;
    t.rows.push_back({f.path, who, f.sha256.empty() ? "" : std::to_string(f.size), f.sha256, f.note});
  }
  std::string out = "<p>" + escape(software_versions()) + ". Project file: " + escape(p.file.filename().string()) +
                    ".</p>\n" + render(t);
  if (p.resolved) {
    std::ostringstream resolved;
    resolved << *p.resolved;
    out += "<details><summary>Resolved project (presets expanded, paths absolute)</summary>\n<pre><code>" +
           escape(redact_secrets(resolved.str())) + "</code></pre></details>\n";
  }
  std::ifstream in(p.file, std::ios::binary);
  if (in) {
    std::ostringstream text;
    text << in.rdbuf();
    out += "<details><summary>Project file as written</summary>\n<pre><code>" + escape(redact_secrets(text.str())) +
           "</code></pre></details>\n";
  }
  return out;
}

const char* kMethods = R"(<ul>
<li><b>ROC AUC</b> (Fawcett 2006): positives are the validation deposits in scored cells (a cell holding two deposits counts twice), negatives every other scored cell of the study area; AUC = P(deposit cell scores higher than a deposit-free cell), ties counting 1/2. 95 % confidence interval AUC &plusmn; 1.96 SE with the standard error of Hanley &amp; McNeil (1982).</li>
<li><b>Success rate</b> (Chung &amp; Fabbri 2003): cells ranked by descending score; share of the deposits captured against the share of the study area, cells of equal score entering together. Nodata cells are not area.</li>
<li><b>Prediction rate</b>: the same curve for deposits held out (a seeded random share of deposit cells) from a model refitted without them; a knowledge-driven model is fitted to nothing, so its prediction rate is its success rate.</li>
<li><b>Spatial cross-validation</b> (Roberts et al. 2017): deposits grouped into square blocks, blocks dealt at random (seeded) to k folds; each fold is held out in turn, the model refitted on the others, and the AUC of the held-out deposits against the deposit-free cells computed. Mean &plusmn; sample standard deviation over folds.</li>
</ul>
<p class="note">Full definitions and formulas: docs/validation.md.</p>
)";

}  // namespace

std::string validation_report_html(const RunContext& ctx, const std::vector<sites::CommodityResult>& sites,
                                   const validation::ValidationResults& results) {
  const std::vector<validation::ModelValidation>& validations = results.models;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      escape("Validation report: " + ctx.project.name) + "</title>\n<style>\n" + kStyle +
      "\n</style>\n</head>\n<body>\n";
  out += header_html(ctx, results.config);
  out += "<h2 id=\"summary\">Summary</h2>\n" + summary_table_html(validations);
  out += "<h2 id=\"models\">Models</h2>\n";
  for (std::size_t i = 0; i < validations.size() && i < ctx.project.models.size(); ++i)
    out += model_section_html(ctx, ctx.project.models[i], validations[i]);
  out += "<h2 id=\"sites\">Site ranking</h2>\n" + sites_section_html(sites, results.config.top_n);
  out += "<h2 id=\"provenance\">Provenance</h2>\n" + provenance_html(ctx);
  out += "<h2 id=\"methods\">Methods</h2>\n" + std::string(kMethods);
  return out + "</body>\n</html>\n";
}

void write_validation_report(const RunContext& ctx, const std::vector<sites::CommodityResult>& sites,
                             const validation::ValidationResults& results) {
  const auto target = ctx.project.output_dir / "report.html";
  write_text_atomically(target, validation_report_html(ctx, sites, results));
  ctx.log.info("wrote " + target.string());
  write_validation_data(ctx, results);
}

}  // namespace oremap::sinks::report
