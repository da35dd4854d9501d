#include "stages/sinks/site_tables/site_tables.hpp"

#include <filesystem>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "stages/outputs/output_name.hpp"
#include "stages/sinks/site_tables/columns.hpp"
#include "stages/sinks/site_tables/csv.hpp"
#include "stages/sinks/site_tables/geojson.hpp"
#include "stages/sinks/site_tables/gpkg.hpp"
#include "stages/sinks/site_tables/postgis.hpp"
#include "stages/sinks/styles/site_style.hpp"

namespace oremap::sinks {

void write_site_tables(const RunContext& ctx, const std::vector<sites::CommodityResult>& results) {
  namespace fs = std::filesystem;
  const fs::path dir = ctx.project.output_dir;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw OutputError(dir.string() + ": cannot create the output folder: " + ec.message());
  const int decimals = static_cast<int>(ctx.project.table_or_defaults("outputs").num("geojson_decimals"));
  for (const auto& r : results) {
    const std::string stem = "sites_" + r.commodity;
    auto file = [&](const char* suffix) { return output_path(dir, stem, suffix, "sites.commodities"); };
    write_sites_geojson(file(".geojson"), r, ctx.grid, decimals);
    // QGIS styles the GeoJSON by itself from a same-name .qml beside it.
    write_text_atomically(file(".qml"), styles::site_style_qml(site_geometry_type(r)));
    write_sites_csv(file(".csv"), r);
    write_uncertainty_csv(file("_uncertainty.csv"), r);
    write_sensitivity_csv(file("_sensitivity.csv"), r);
    write_duplicates_csv(file("_duplicates.csv"), r);
  }
  write_sites_gpkg(dir / "sites.gpkg", results, ctx.grid);
  ctx.log.info("sites: wrote sites_<commodity>.{geojson,qml,csv} and sites.gpkg to " + dir.string());
  const project::StepSpec outputs = ctx.project.table_or_defaults("outputs");
  if (outputs.has("postgis")) {
    write_sites_postgis(outputs.str("postgis"), results, ctx.grid);
    ctx.log.info("sites: wrote the tables sites_<commodity> to " + outputs.str("postgis"));
  }
  if (!ctx.progress(1.0, "sites written")) throw Cancelled();
}

}  // namespace oremap::sinks
