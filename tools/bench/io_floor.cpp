// The read + write floor of a raster workload, for tools/bench/raster-bench: everything such a
// workload must do with GDAL, minus the arithmetic.
//
//   io_floor OUT.tif THREADS [--fsync] IN1.tif ... INN.tif
//
// Reads every input in full, strip by strip (256 rows, whole width, as Float32; uncompressed
// GeoTIFFs without the block cache, GTIFF_DIRECT_IO), on THREADS threads with their own dataset
// handles, and writes one Float32 raster of the first input's size and grid: a tiled 256x256,
// uncompressed GeoTIFF with nodata NaN (the outputs of the tools compared), whose strips are the
// first input's values (no computation). Strips are written under a lock, in the order they are
// read. --fsync: also flush the output file to disk before exiting (oremap syncs its committed
// outputs; the rasterio script does not).
//
// Build: g++ -O2 -std=c++17 io_floor.cpp -o io_floor $(gdal-config --cflags) $(gdal-config --libs) -pthread
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gdal_priv.h>

namespace {

[[noreturn]] void die(const std::string& msg) {
  std::fprintf(stderr, "io_floor: %s\n", msg.c_str());
  std::exit(1);
}

GDALDataset* open_read(const std::string& path) {
  auto* ds = static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) die("cannot open " + path);
  return ds;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) die("usage: io_floor OUT.tif THREADS [--fsync] IN1.tif ... INN.tif");
  const std::string out_path = argv[1];
  const int threads = std::max(1, std::atoi(argv[2]));
  bool do_fsync = false;
  std::vector<std::string> inputs;
  for (int i = 3; i < argc; ++i) {
    if (std::strcmp(argv[i], "--fsync") == 0) do_fsync = true;
    else inputs.push_back(argv[i]);
  }
  if (inputs.empty()) die("no inputs");
  GDALAllRegister();
  CPLSetConfigOption("GTIFF_DIRECT_IO", "YES");

  GDALDataset* first = open_read(inputs[0]);
  const int width = first->GetRasterXSize(), height = first->GetRasterYSize();
  double gt[6];
  first->GetGeoTransform(gt);
  const std::string wkt = first->GetProjectionRef();
  GDALClose(first);

  const char* options[] = {"TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "COMPRESS=NONE", "BIGTIFF=IF_SAFER", nullptr};
  GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
  GDALDataset* out = gtiff->Create(out_path.c_str(), width, height, 1, GDT_Float32, const_cast<char**>(options));
  if (!out) die("cannot create " + out_path);
  out->SetGeoTransform(gt);
  out->SetProjection(wkt.c_str());
  out->GetRasterBand(1)->SetNoDataValue(NAN);

  constexpr int strip_rows = 256;
  const int strips = (height + strip_rows - 1) / strip_rows;
  std::atomic<int> next{0};
  std::mutex write_mutex;
  std::atomic<bool> failed{false};
  auto worker = [&] {
    std::vector<GDALDataset*> ds;
    for (const auto& p : inputs) ds.push_back(open_read(p));
    std::vector<float> first_values(static_cast<size_t>(width) * strip_rows), scratch(first_values.size());
    for (int s; (s = next.fetch_add(1)) < strips;) {
      const int row0 = s * strip_rows, rows = std::min(strip_rows, height - row0);
      for (size_t k = 0; k < ds.size(); ++k) {
        float* buf = k == 0 ? first_values.data() : scratch.data();
        if (ds[k]->GetRasterBand(1)->RasterIO(GF_Read, 0, row0, width, rows, buf, width, rows, GDT_Float32, 0, 0) != CE_None)
          failed = true;
      }
      std::lock_guard<std::mutex> lock(write_mutex);
      if (out->GetRasterBand(1)->RasterIO(GF_Write, 0, row0, width, rows, first_values.data(), width, rows, GDT_Float32, 0, 0) != CE_None)
        failed = true;
    }
    for (auto* d : ds) GDALClose(d);
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  CPLErrorReset();
  GDALClose(out);  // returns void before GDAL 3.7: check the error state instead
  if (failed || CPLGetLastErrorType() == CE_Failure) die("I/O error");
  if (do_fsync) {
    const int fd = ::open(out_path.c_str(), O_RDONLY);
    if (fd < 0 || ::fsync(fd) != 0) die("cannot fsync " + out_path);
    ::close(fd);
  }
  return 0;
}
