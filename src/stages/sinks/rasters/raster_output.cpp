#include "stages/sinks/rasters/raster_output.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "gdal/grid_raster.hpp"
#include "gdal/handles.hpp"
#include "gdal/progress_callback.hpp"
#include "stages/sinks/rasters/average_overviews.hpp"

namespace oremap::sinks {

namespace {

// Band description and OREMAP_* metadata. On a read-only GeoTIFF GDAL keeps them in an
// .aux.xml beside it, and a driver's CreateCopy carries them over.
void describe(GDALDataset& ds, const RasterOutputOptions& options) {
  ds.GetRasterBand(1)->SetDescription(options.description.c_str());
  ds.GetRasterBand(1)->SetUnitType(options.unit.c_str());
  ds.SetMetadataItem("OREMAP_VERSION", OREMAP_VERSION);
  for (const auto& [k, v] : options.metadata) {
    std::string key = "OREMAP_" + k;
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::toupper(c); });
    ds.SetMetadataItem(key.c_str(), v.c_str());
  }
}

// Runs driver->CreateCopy into a temporary name beside target, then renames it.
void copy_to(const char* driver_name, GDALDataset& src, const std::filesystem::path& target,
             const gdal::StringList& creation_options, const Progress& progress, const std::string& label) {
  std::error_code ec;
  std::filesystem::create_directories(target.parent_path(), ec);
  const std::filesystem::path temp = temporary_beside(target);
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
  if (!driver) throw LibraryError(std::string("GDAL has no ") + driver_name + " driver");
  gdal::ProgressCallback copy_progress(progress, label);
  CPLErrorReset();
  GDALDataset* out = driver->CreateCopy(temp.string().c_str(), &src, FALSE, creation_options.get(),
                                        gdal::ProgressCallback::callback, copy_progress.data());
  if (!out) {
    const std::string why = gdal::write_failure(target, "cannot write", errno);  // before the removal frees space
    std::filesystem::remove(temp, ec);
    if (copy_progress.stopped() || CPLGetLastErrorNo() == CPLE_UserInterrupt) throw Cancelled();
    throw OutputError(why);
  }
  CPLErrorReset();
  errno = 0;
  GDALClose(GDALDataset::ToHandle(out));
  if (CPLGetLastErrorType() == CE_Failure) {
    const std::string why = gdal::write_failure(target, "cannot finish writing", errno);
    std::filesystem::remove(temp, ec);
    throw OutputError(why);
  }
  commit_file(temp, target);
}

void set_compression(gdal::StringList& co, const RasterOutputOptions& options, const char* level_key_deflate,
                     const char* level_key_zstd) {
  co.set("COMPRESS", options.compression);
  // Horizontal differencing: nearly the floating-point predictor's ratio on grids, twice as fast.
  if (options.compression != "LZW" && options.compression != "NONE") co.set("PREDICTOR", "2");
  if (options.level > 0 && options.compression == "DEFLATE") co.set(level_key_deflate, std::to_string(options.level));
  if (options.level > 0 && options.compression == "ZSTD") co.set(level_key_zstd, std::to_string(options.level));
  co.set("NUM_THREADS", gdal::num_threads(options.threads));
  co.set("BIGTIFF", "IF_SAFER");
}

// A plain tiled GeoTIFF. Uncompressed, a plain intermediate already is one: describe it and move it.
bool write_gtiff(const std::filesystem::path& source, const std::filesystem::path& target,
                 const RasterOutputOptions& options, const Progress& progress) {
  // (Not a mosaic of ranks' bands, gdal/band_mosaic.hpp: its cells are in other files.)
  const bool plain_tiff = [&] {
    gdal::DatasetPtr probe = gdal::open_dataset(source.string(), GDAL_OF_RASTER);
    return std::string(probe->GetDriver()->GetDescription()) == "GTiff" && !gdal::is_compressed(*probe);
  }();
  if (options.compression == "NONE" && plain_tiff) {
    {
      gdal::DatasetPtr ds = gdal::open_dataset(source.string(), GDAL_OF_RASTER | GDAL_OF_UPDATE);
      describe(*ds, options);
      CPLErrorReset();
      ds.reset();
      if (CPLGetLastErrorType() == CE_Failure)
        throw OutputError(source.string() + ": cannot record metadata: " + gdal::last_error());
    }
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
    commit_file(source, target);  // same filesystem: the work folder lies in the output folder
    if (!progress(1.0, "writing GeoTIFF")) throw Cancelled();
    return true;
  }
  gdal::DatasetPtr src = gdal::open_dataset(source.string(), GDAL_OF_RASTER);
  describe(*src, options);
  gdal::StringList co;
  co.set("TILED", "YES").set("BLOCKXSIZE", "256").set("BLOCKYSIZE", "256");
  set_compression(co, options, "ZLEVEL", "ZSTD_LEVEL");
  copy_to("GTiff", *src, target, co, progress, "writing GeoTIFF");
  return false;
}

}  // namespace

void write_cog(const std::filesystem::path& source, const std::filesystem::path& target,
               const RasterOutputOptions& options, const Progress& progress) {
  gdal::register_drivers();
  constexpr int kTile = 512;  // the COG driver's default block size
  {
    gdal::DatasetPtr probe = gdal::open_dataset(source.string(), GDAL_OF_RASTER);
    build_average_overviews(source, overview_factors(probe->GetRasterXSize(), probe->GetRasterYSize(), kTile),
                            options.threads, scaled_progress(progress, 0.0, 0.25));
  }
  gdal::DatasetPtr src = gdal::open_dataset(source.string(), GDAL_OF_RASTER);
  describe(*src, options);
  gdal::StringList co;
  co.set("BLOCKSIZE", std::to_string(kTile)).set("OVERVIEWS", "FORCE_USE_EXISTING");
  set_compression(co, options, "LEVEL", "LEVEL");
  copy_to("COG", *src, target, co, scaled_progress(progress, 0.25, 1.0), "writing COG");
}

bool write_raster_output(const std::filesystem::path& source, const std::filesystem::path& target,
                         const RasterOutputOptions& options, const Progress& progress) {
  gdal::register_drivers();
  if (options.format == "gtiff") return write_gtiff(source, target, options, progress);
  write_cog(source, target, options, progress);
  return false;
}

}  // namespace oremap::sinks
