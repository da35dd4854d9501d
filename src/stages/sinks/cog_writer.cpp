#include "stages/sinks/cog_writer.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"
#include "gdal/handles.hpp"
#include "stages/sinks/atomic_file.hpp"
#include "stages/sinks/average_overviews.hpp"

namespace oremap::sinks {

namespace {

// GDAL's callback for a Progress, remembering whether it asked to stop (drivers do not all
// leave CPLE_UserInterrupt behind).
struct CopyProgress {
  Progress progress;
  bool stopped = false;
};

int gdal_progress(double fraction, const char*, void* data) {
  auto* p = static_cast<CopyProgress*>(data);
  p->stopped = !p->progress(fraction, "writing COG");
  return p->stopped ? FALSE : TRUE;
}

}  // namespace

void write_cog(const std::filesystem::path& source, const std::filesystem::path& target, const CogOptions& options,
               const Progress& progress) {
  gdal::register_drivers();
  constexpr int kTile = 512;  // the COG driver's default block size
  {
    gdal::DatasetPtr probe = gdal::open_dataset(source.string(), GDAL_OF_RASTER);
    build_average_overviews(source, overview_factors(probe->GetRasterXSize(), probe->GetRasterYSize(), kTile),
                            scaled_progress(progress, 0.0, 0.25));
  }
  // Description and metadata go to this read-only handle (GDAL keeps them beside the
  // intermediate, in source.aux.xml), from which the COG driver copies them.
  gdal::DatasetPtr src = gdal::open_dataset(source.string(), GDAL_OF_RASTER);
  src->GetRasterBand(1)->SetDescription(options.description.c_str());
  src->SetMetadataItem("OREMAP_VERSION", OREMAP_VERSION);
  for (const auto& [k, v] : options.metadata) {
    std::string key = "OREMAP_" + k;
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::toupper(c); });
    src->SetMetadataItem(key.c_str(), v.c_str());
  }

  std::error_code ec;
  std::filesystem::create_directories(target.parent_path(), ec);
  const std::filesystem::path temp = temporary_beside(target);
  gdal::StringList co;
  co.set("COMPRESS", options.compression).set("BLOCKSIZE", std::to_string(kTile));
  co.set("OVERVIEWS", "FORCE_USE_EXISTING").set("BIGTIFF", "IF_SAFER");
  co.set("NUM_THREADS", std::to_string(std::max(1, options.threads)));
  if (options.compression != "LZW") co.set("PREDICTOR", "2");
  if (options.level > 0) co.set("LEVEL", std::to_string(options.level));
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("COG");
  if (!driver) throw LibraryError("GDAL has no COG driver (GDAL >= 3.1 is needed)");
  CopyProgress copy_progress{scaled_progress(progress, 0.25, 1.0)};
  CPLErrorReset();
  GDALDataset* out = driver->CreateCopy(temp.string().c_str(), src.get(), FALSE, co.get(), gdal_progress,
                                        &copy_progress);
  if (!out) {
    std::filesystem::remove(temp, ec);
    if (copy_progress.stopped || CPLGetLastErrorNo() == CPLE_UserInterrupt) throw Cancelled();
    throw OutputError(target.string() + ": cannot write the COG: " + gdal::last_error());
  }
  CPLErrorReset();
  GDALClose(GDALDataset::ToHandle(out));
  if (CPLGetLastErrorType() == CE_Failure) {
    std::filesystem::remove(temp, ec);
    throw OutputError(target.string() + ": cannot finish the COG: " + gdal::last_error());
  }
  commit_file(temp, target);
}

}  // namespace oremap::sinks
