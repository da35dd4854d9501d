// libFuzzer target: a vector file through OGR into oremap's vector ingest (read_vector:
// open, layer choice, CRS, reprojection to the grid, GEOS repair, attribute text).
// Input format, so one target covers both common formats:
//   "SHP\n" then up to four parts, each a 4-byte little-endian length and that many bytes
//   (clamped to what is left): .shp, .shx, .dbf, .prj; without a .prj the layer's crs is
//   set to EPSG:4326 as a user would;
//   anything else is a GeoJSON document.
// Files live in /vsimem/ (GDAL's in-memory file system), removed after each input.
#include <cpl_vsi.h>
#include <ogr_spatialref.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <sstream>
#include <string>
#include <vector>

#include "core/grid.hpp"
#include "core/log.hpp"
#include "fuzz_support.hpp"
#include "gdal/handles.hpp"
#include "geos/handles.hpp"
#include "stages/sources/vector_source.hpp"

namespace {

// UTM 42N, 1 km cells over Pakistan, as the unit tests' grid; the WKT comes from GDAL.
struct Setup {
  oremap::Grid grid;
  Setup() {
    oremap::fuzz::silence_gdal();
    oremap::gdal::register_drivers();
    OGRSpatialReference srs;
    if (srs.importFromEPSG(32642) != OGRERR_NONE) std::abort();
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    srs.exportToWkt(&wkt, options);
    grid.crs_wkt = wkt;
    CPLFree(wkt);
    grid.crs_name = srs.GetName();
    grid.epsg = 32642;
    grid.xmin = -400000;
    grid.ymax = 4200000;
    grid.cell_size = 1000;
    grid.cols = 1900;
    grid.rows = 1700;
  }
};

const Setup& setup() {
  static const Setup s;
  return s;
}

// One in-memory file, removed when the input is done.
class MemFile {
 public:
  MemFile(std::string path, const std::uint8_t* data, std::size_t size) : path_(std::move(path)) {
    // GDAL copies nothing with bTakeOwnership=FALSE, so the bytes must outlive the file: copy.
    bytes_.assign(data, data + size);
    VSIFCloseL(VSIFileFromMemBuffer(path_.c_str(), bytes_.data(), bytes_.size(), FALSE));
  }
  ~MemFile() { VSIUnlink(path_.c_str()); }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;

 private:
  std::string path_;
  std::vector<std::uint8_t> bytes_;
};

oremap::project::LayerSpec spec_for(const std::string& path) {
  oremap::project::LayerSpec spec;
  spec.id = "fuzz";
  spec.path = path;
  spec.type = "vector";
  return spec;
}

void ingest(const oremap::project::LayerSpec& spec) {
  oremap::geos::Context ctx;
  std::ostringstream log_text;
  oremap::fuzz::expect_oremap_errors_only([&] {
    oremap::sources::read_vector(spec, setup().grid, ctx, oremap::Log(log_text, oremap::Verbosity::verbose));
  });
}

void ingest_shapefile(const std::uint8_t* data, std::size_t size) {
  static const char* const kExtensions[] = {".shp", ".shx", ".dbf", ".prj"};
  std::deque<MemFile> parts;  // deque: MemFile neither copies nor moves
  bool has_prj = false;
  for (const char* ext : kExtensions) {
    if (size < 4) break;
    std::uint32_t length = data[0] | data[1] << 8 | data[2] << 16 | static_cast<std::uint32_t>(data[3]) << 24;
    data += 4;
    size -= 4;
    if (length > size) length = static_cast<std::uint32_t>(size);
    parts.emplace_back(std::string("/vsimem/fuzz/layer") + ext, data, length);
    has_prj = std::strcmp(ext, ".prj") == 0;
    data += length;
    size -= length;
  }
  oremap::project::LayerSpec spec = spec_for("/vsimem/fuzz/layer.shp");
  if (!has_prj) spec.crs = "EPSG:4326";
  ingest(spec);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  setup();
  if (size >= 4 && std::memcmp(data, "SHP\n", 4) == 0) {
    ingest_shapefile(data + 4, size - 4);
  } else {
    MemFile file("/vsimem/fuzz/layer.geojson", data, size);
    ingest(spec_for("/vsimem/fuzz/layer.geojson"));
  }
  return 0;
}
