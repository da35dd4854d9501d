// Vector files cut short (an interrupted copy or download) or with a corrupt index are refused
// with an InputError naming the file, the layer and the fix, instead of running on whatever part
// could be read. Expected feature counts come from GDAL's ogrinfo on the intact files.
#include <catch2/catch.hpp>
#include <cstdint>
#include <regex>
#include <sstream>

#include "../../test_support.hpp"
#include "core/error.hpp"
#include "stages/sources/layer_open.hpp"
#include "stages/sources/vector_source.hpp"

using namespace oremap;
using namespace oremap::test;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const std::string kFaults =
    std::string(OREMAP_SOURCE_DIR) + "/geodata/pakistan/geology/faults/gem_gaf_2021_harmonized_pakistan.geojson";

// "Feature Count: N" of ogrinfo's summary of a file's only layer.
long long ogrinfo_count(const std::string& path) {
  const std::string out = run_ok("ogrinfo -so -al " + shell_quote(path));
  std::smatch m;
  if (!std::regex_search(out, m, std::regex("Feature Count: ([0-9]+)")))
    throw std::runtime_error("no feature count in ogrinfo's output for " + path);
  return std::stoll(m[1]);
}

// Features ogrinfo lists from a file (it reads them all).
long long ogrinfo_listed(const std::string& path) {
  const std::string out = run_ok("ogrinfo -al -q " + shell_quote(path) + " 2>/dev/null");
  std::istringstream lines(out);
  long long n = 0;
  for (std::string line; std::getline(lines, line);) n += line.rfind("OGRFeature(", 0) == 0;
  return n;
}

void truncate_file(const fs::path& path, std::uintmax_t size) {
  REQUIRE(fs::file_size(path) > size);
  fs::resize_file(path, size);
}

// Overwrites 4 bytes of a file at `offset`.
void poke(const fs::path& path, std::size_t offset, const std::string& bytes) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(f.good());
}

struct Read {
  long long features = -1;
  std::string error;  // the InputError's message, empty when reading succeeded
};

// Reads a layer the way every stage does; returns the features kept or the InputError.
Read read(const project::LayerSpec& spec) {
  QuietGdalErrors quiet;
  geos::Context ctx;
  std::ostringstream log_text;
  try {
    return {static_cast<long long>(
                sources::read_vector(spec, pakistan_grid(), ctx, Log(log_text, Verbosity::normal)).features.size()),
            ""};
  } catch (const InputError& e) {
    return {-1, e.what()};
  }
}

// Counts features through for_each_feature (no geometry processing).
Read count(const project::LayerSpec& spec) {
  QuietGdalErrors quiet;
  try {
    sources::OpenedVector v = sources::open_vector(spec);
    long long seen = 0;
    const long long n = sources::for_each_feature(v, spec, [&](OGRFeature&) { ++seen; });
    CHECK(n == seen);
    return {n, ""};
  } catch (const InputError& e) {
    return {-1, e.what()};
  }
}

}  // namespace

TEST_CASE("truncated files: a .dbf or .shp cut mid-record fails naming the file, the layer and the fix",
          "[sources][truncated]") {
  TempDir dir;
  const fs::path shp = dir.path() / "faults.shp", dbf = dir.path() / "faults.dbf";
  ogr2ogr(shp.string(), kFaults, "-lco ENCODING=UTF-8");
  const long long total = ogrinfo_count(shp.string());
  REQUIRE(total == ogrinfo_count(kFaults));
  REQUIRE(total > 100);

  SECTION("the intact copy reads every feature") {
    CHECK(count(layer_spec("faults", shp.string())).features == total);
    CHECK(read(layer_spec("faults", shp.string())).features == total);
  }
  SECTION(".dbf cut in the middle of a record") {
    truncate_file(dbf, fs::file_size(dbf) / 2 + 7);
    // ogrinfo (GDAL itself) stops early on it: what oremap used to run on.
    CHECK(ogrinfo_listed(shp.string()) < total);
    for (const Read& r : {read(layer_spec("faults", shp.string())), count(layer_spec("faults", shp.string()))}) {
      CHECK(r.features == -1);
      CHECK_THAT(r.error, StartsWith(dbf.string() + ": layer 'faults': the .dbf holds "));
      CHECK_THAT(r.error, Contains(" of the " + std::to_string(total) + " records its header declares"));
      CHECK_THAT(r.error, Contains("truncated or corrupt"));
      CHECK_THAT(r.error, Contains("re-export it"));
    }
    // With a where filter too (then OGR's feature count could not tell).
    project::LayerSpec filtered = layer_spec("faults", shp.string());
    filtered.where = "is_fold IS NULL OR is_fold = 0";
    CHECK_THAT(read(filtered).error, StartsWith(dbf.string() + ": layer 'faults': the .dbf holds "));
  }
  SECTION(".shp cut in the middle of a shape") {
    truncate_file(shp, fs::file_size(shp) / 2 + 3);
    const Read r = read(layer_spec("faults", shp.string()));
    CHECK(r.features == -1);
    CHECK_THAT(r.error, StartsWith(shp.string() + ": layer 'faults': the .shp holds "));
    CHECK_THAT(r.error, Contains(" of the " + std::to_string(total) + " shapes its index (.shx) declares"));
    CHECK_THAT(r.error, Contains("truncated or corrupt"));
  }
  SECTION("a .shx entry pointing beyond the .shp is caught before reading") {
    // Entry 10 of the index (100-byte header, 8 bytes per entry): offset = 10,000,000 words.
    poke(dir.path() / "faults.shx", 100 + 8 * 10, std::string("\x00\x98\x96\x80", 4));
    const Read r = count(layer_spec("faults", shp.string()));
    CHECK_THAT(r.error, StartsWith(shp.string() + ": layer 'faults': the .shp holds " + std::to_string(total - 1) +
                                   " of the " + std::to_string(total) + " shapes its index (.shx) declares"));
  }
  SECTION("a corrupt shape: OGR's read error is reported, not read as a null geometry") {
    // Shape 10's point count (record header 8 bytes, then type, box, part count: 40 bytes) made
    // absurd; the record's offset (16-bit words, big-endian) from entry 10 of the .shx.
    const std::string index = read_text_file(dir.path() / "faults.shx");
    std::uint64_t words = 0;
    for (int i = 0; i < 4; ++i) words = words << 8 | static_cast<unsigned char>(index[100 + 8 * 10 + i]);
    poke(shp, 2 * words + 8 + 40, std::string("\x00\xe1\xf5\x05", 4));  // 100,000,000 little-endian
    // GDAL itself lists every feature, the corrupt one without geometry: what oremap used to run on.
    REQUIRE(ogrinfo_listed(shp.string()) == total);
    const Read r = count(layer_spec("faults", shp.string()));
    CHECK(r.features == -1);
    CHECK_THAT(r.error, StartsWith(shp.string() + ": layer 'faults': read 10 features, then OGR failed: "));
    CHECK_THAT(r.error, Contains("shape 10"));
    CHECK_THAT(r.error, Contains("re-export it"));
    CHECK_THAT(read(layer_spec("faults", shp.string())).error, Contains("then OGR failed"));
  }
  SECTION("a record marked deleted is skipped, not taken for truncation") {
    // dBASE: record length at byte 10, header length at byte 8; a '*' flags a deleted record.
    const std::string head = read_text_file(dbf).substr(0, 12);
    const auto header = static_cast<unsigned char>(head[8]) | static_cast<unsigned char>(head[9]) << 8;
    const auto record = static_cast<unsigned char>(head[10]) | static_cast<unsigned char>(head[11]) << 8;
    poke(dbf, header + 5 * record, "*");
    REQUIRE(ogrinfo_listed(shp.string()) == total - 1);
    CHECK(count(layer_spec("faults", shp.string())).features == total - 1);
    CHECK(read(layer_spec("faults", shp.string())).error.empty());
  }
}

TEST_CASE("truncated files: a FlatGeobuf cut short fails with the count its header declares", "[sources][truncated]") {
  TempDir dir;
  const fs::path fgb = dir.path() / "faults.fgb";
  ogr2ogr(fgb.string(), kFaults, "-f FlatGeobuf");
  const long long total = ogrinfo_count(fgb.string());
  REQUIRE(count(layer_spec("faults", fgb.string())).features == total);
  truncate_file(fgb, fs::file_size(fgb) / 3);
  for (const Read& r : {read(layer_spec("faults", fgb.string())), count(layer_spec("faults", fgb.string()))}) {
    CHECK(r.features == -1);
    CHECK_THAT(r.error, StartsWith(fgb.string() + ": layer 'faults': read "));
    CHECK_THAT(r.error, Contains(" of " + std::to_string(total) + " features"));
    CHECK_THAT(r.error, Contains("truncated or corrupt"));
  }
}
