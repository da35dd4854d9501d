// Hostile input data: empty, invalid, truncated and corrupt layers, missing .prj, unreachable
// servers. Each must fail with exit 3 (4 for a library failure) naming the file or the layer, and
// leave the previous outputs byte-identical. See hostile_support.hpp.
#include "hostile_support.hpp"

using namespace oremap::test;
using namespace oremap::test::hostile;

namespace {

const std::string kFaultsPath = "path = \"geology/faults/gem_gaf_2021_harmonized_pakistan.geojson\"";
const std::string kDemPath = "path = \"raster/etopo5_pakistan.tif\"";
const std::string kCandidates = "deposits/gold_ree_candidates_pakistan_region.geojson";

// The faults layer as a Shapefile beside its GeoJSON (geology/faults/faults.shp, .dbf, .shx, .prj).
Case::Prepare faults_as_shapefile() {
  return [](const Workspace& w) {
    ogr2ogr((w / "geology/faults/faults.shp").string(),
            (w / "geology/faults/gem_gaf_2021_harmonized_pakistan.geojson").string(), "-lco ENCODING=UTF-8");
    edit_project(w.project_file, kFaultsPath, "path = \"geology/faults/faults.shp\"");
  };
}

Case::Prepare cut(const std::string& relative, double fraction) {
  return [relative, fraction](const Workspace& w) {
    const fs::path p = w / relative;
    fs::resize_file(p, static_cast<std::uintmax_t>(static_cast<double>(fs::file_size(p)) * fraction) + 3);
  };
}

Case::Prepare replace_text(const std::string& relative, const std::string& from, const std::string& to) {
  return [=](const Workspace& w) {
    std::string text = read_text_file(w / relative);
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    write_text_file(w / relative, text);
  };
}

Case::Prepare write(const std::string& relative, const std::string& text) {
  return [=](const Workspace& w) { write_text_file(w / relative, text); };
}

}  // namespace

// --- Truncated and corrupt vectors ------------------------------------------------------------------

HOSTILE("vector: .shp truncated mid-record") {
  run_case(Case()
               .prepare(faults_as_shapefile())
               .prepare(cut("geology/faults/faults.shp", 0.5))
               .exits(3)
               .names({"geology/faults/faults.shp", "faults", "truncated"}));
}

HOSTILE("vector: .dbf truncated mid-record") {
  run_case(Case()
               .prepare(faults_as_shapefile())
               .prepare(cut("geology/faults/faults.dbf", 0.5))
               .exits(3)
               .names({"geology/faults/faults.dbf", "faults", "truncated"}));
}

HOSTILE("vector: Shapefile without .prj") {
  run_case(Case()
               .prepare(faults_as_shapefile())
               .prepare([](const Workspace& w) { fs::remove(w / "geology/faults/faults.prj"); })
               .exits(3)
               .names({"faults", "crs"}));
}

HOSTILE("vector: GeoJSON truncated") {
  run_case(Case()
               .prepare(cut("geology/tectonics/himatibetmap_sutures_pakistan.geojson", 0.5))
               .exits(3)
               .names({"himatibetmap_sutures_pakistan.geojson"}));
}

HOSTILE("vector: empty (0-byte) GeoJSON") {
  run_case(Case()
               .prepare(write("geology/tectonics/himatibetmap_sutures_pakistan.geojson", ""))
               .exits(3)
               .names({"himatibetmap_sutures_pakistan.geojson"}));
}

HOSTILE("vector: GeoJSON with no features") {
  run_case(Case()
               .prepare(write("geology/tectonics/himatibetmap_sutures_pakistan.geojson",
                              R"({"type": "FeatureCollection", "features": []})"))
               .exits(3)
               .names({"himatibetmap_sutures_pakistan.geojson"}));
}

HOSTILE("vector: layer with only invalid geometries") {
  // Glaciers (an exclusion layer) whose rings are collinear or a repeated point: not one usable
  // as given. The run goes on with what repair keeps, but says so, naming the layer and its file.
  run_case(Case()
               .prepare(write("physical/ne10m_glaciated_areas.geojson",
                              R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name": "flat"}, "geometry": {"type": "Polygon", "coordinates": [[[74, 35], [74.5, 35.5], [75, 36], [74, 35]]]}},
{"type": "Feature", "properties": {"name": "point"}, "geometry": {"type": "Polygon", "coordinates": [[[76, 35], [76, 35], [76, 35], [76, 35]]]}}
]})"))
               .exits(0)
               .names({"glaciers (", "ne10m_glaciated_areas.geojson", "every geometry (2) is invalid or empty"}));
}

HOSTILE("vector: where filter matching nothing") {
  run_case(Case()
               .toml("where = \"prov_name IN ('Makran-Chagai-Raskoh Arc', 'Kohistan Arc')\"",
                     "where = \"prov_name = 'Atlantis'\"")
               .exits(3)
               .names({"hasterok2022_geologic_provinces_pakistan.geojson", "Atlantis"}));
}

HOSTILE("vector: CSV without coordinate columns") {
  run_case(Case()
               .toml("path = \"governance/pildat_provincial_governance_scores_provinces.geojson\"",
                     "path = \"governance/pildat_provincial_governance_scores.csv\"")
               .exits(3)
               .names({"provinces", "pildat_provincial_governance_scores.csv"}));
}

HOSTILE("vector: a site at coordinates 1e308") {
  run_case(Case()
               .prepare(replace_text(kCandidates, "\"coordinates\": [ 64.5042, 29.5544 ]",
                                     "\"coordinates\": [ 1e308, 1e308 ]"))
               .exits(3)
               .names({"candidates"}));
}

HOSTILE("vector: duplicate site ids") {
  // Reko Diq (406) and Dash-e-Kain (407), both copper sites, given one id: the rows of every
  // output and the ranking ties would be ambiguous.
  run_case(Case()
               .prepare(replace_text(kCandidates, "\"record_id\": \"406\"", "\"record_id\": \"407\""))
               .exits(3)
               .names({"'407'", "candidates (", "record_id"}));
}

HOSTILE("vector: a file that is an HTML error page") {
  run_case(Case()
               .prepare(write("infrastructure/schematic_roads_pakistan.geojson",
                              "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>\n"))
               .exits(3)
               .names({"schematic_roads_pakistan.geojson"}));
}

HOSTILE("vector: layer file missing") {
  run_case(
      Case()
          .prepare([](const Workspace& w) { fs::remove(w / "infrastructure/schematic_railways_pakistan.geojson"); })
          .exits(2)  // `validate` checks that declared files exist
          .names({"schematic_railways_pakistan.geojson"}));
}

// --- Truncated and corrupt rasters ------------------------------------------------------------------

HOSTILE("raster: GeoTIFF truncated") {
  run_case(Case().prepare(cut("raster/etopo5_pakistan.tif", 0.5)).exits(3).names({"etopo5_pakistan.tif"}));
}

// Opens (its header and directory are whole) but fails reading pixels while being warped: the
// message names the layer and its file, not the nameless warped view (no "error: : cannot read").
HOSTILE("raster: GeoTIFF whose pixels are cut short names the layer") {
  run_case(Case()
               .prepare([](const Workspace& w) {
                 const fs::path copy = w / "raster/dem_copy.tif";
                 run_ok("gdal_translate -q -co TILED=YES -co BLOCKXSIZE=32 -co BLOCKYSIZE=32 " +
                        shell_quote((w / "raster/etopo5_pakistan.tif").string()) + " " + shell_quote(copy.string()));
                 fs::resize_file(copy, fs::file_size(copy) * 6 / 10);
                 edit_project(w.project_file, kDemPath, "path = \"raster/dem_copy.tif\"");
               })
               .exits(3)
               .names({"error: layer 'dem' (", "raster/dem_copy.tif): cannot read rows "})
               .never_prints({"error: :"}));
}

HOSTILE("raster: GeoTIFF with corrupt compressed strips") {
  run_case(Case()
               .prepare([](const Workspace& w) {
                 const fs::path p = w / "raster/etopo5_pakistan.tif";
                 std::string bytes = read_text_file(p);
                 // Garbage over the middle third (the deflated strips), the header left intact.
                 for (std::size_t i = bytes.size() / 3; i < 2 * bytes.size() / 3; ++i)
                   bytes[i] = static_cast<char>((i * 2654435761u) >> 13);
                 write_text_file(p, bytes);
               })
               .exits(3)
               .names({"etopo5_pakistan.tif"}));
}

HOSTILE("raster: empty (0-byte) GeoTIFF") {
  run_case(Case()
               .prepare(write("geology/geophysics/eigen6c4_gravity_disturbance_10km_0p5deg_pakistan.tif", ""))
               .exits(3)
               .names({"eigen6c4_gravity_disturbance_10km_0p5deg_pakistan.tif"}));
}

HOSTILE("raster: HTML saved as .tif") {
  run_case(Case()
               .prepare(write("raster/etopo5_pakistan.tif", "<html><body>404 Not Found</body></html>\n"))
               .exits(3)
               .names({"etopo5_pakistan.tif"}));
}

HOSTILE("raster: no georeferencing") {
  run_case(Case()
               .prepare([](const Workspace& w) {
                 run_ok("gdal_translate -q -co PROFILE=BASELINE --config GDAL_PAM_ENABLED NO " +
                        shell_quote((w / "raster/etopo5_pakistan.tif").string()) + " " +
                        shell_quote((w / "raster/plain.tif").string()));
                 edit_project(w.project_file, kDemPath, "path = \"raster/plain.tif\"");
               })
               .exits(3)
               .names({"dem", "plain.tif"}));
}

HOSTILE("raster: band that does not exist") {
  run_case(Case().toml(kDemPath, kDemPath + "\nband = 7").exits(3).names({"dem", "band 7"}));
}

// --- Unreachable servers ------------------------------------------------------------------------------

HOSTILE("server: unreachable PostGIS never prints its password") {
  run_case(
      Case()
          .toml("path = \"admin/pak_adm0_dissolved.geojson\"",
                "path = \"PG:host=127.0.0.1 port=1 dbname=x user=u password=SECRET123\"\nlayer = \"public.country\"")
          .run("{oremap} --verbose run {project}")  // every log line checked for the password
          .exits(3)
          .names({"country"})
          .never_prints({"SECRET123"})
          .within(60));
}

HOSTILE("server: unreachable HTTP raster") {
  run_case(Case()
               .toml(kDemPath, "path = \"/vsicurl/http://127.0.0.1:1/etopo5_pakistan.tif\"")
               .exits(3)
               .names({"dem", "127.0.0.1:1"})
               .within(60));
}

// --- Data the models cannot use ---------------------------------------------------------------------

HOSTILE("models: constant WofE evidence") {
  // Evidence equal to 1 in every cell: no contrast. The model still runs (the posterior is the
  // prior) with a warning naming the evidence.
  run_case(
      Case()
          .append(
              "[[evidence]]\nid = \"everywhere\"\nkind = \"rasterise\"\ninput = \"country\"\nburn = 1\noutside = 1\n")
          .toml("inputs = [\"arc_distance\", \"fault_distance\"]\ntypes = [\"ascending\", \"ascending\"]",
                "inputs = [\"everywhere\"]\ntypes = [\"binary\"]")
          .names({"copper_wofe", "everywhere", "constant"})
          .succeeds([](const Workspace& w, const CommandResult&) {
            // Weights of a class holding every cell are undefined: flagged, never NaN.
            const std::string weights = read_text_file(w.output / "copper_wofe_weights.csv");
            CHECK_THAT(weights, Contains("everywhere"));
            CHECK_THAT(weights, !Contains("nan"));
          }));
}
