#include "stages/sinks/cog_writer.hpp"

#include <gdal_utils.h>

#include <algorithm>
#include <cctype>

#include "core/error.hpp"
#include "gdal/handles.hpp"
#include "stages/sinks/atomic_file.hpp"

namespace oremap::sinks {

namespace {

int gdal_progress(double fraction, const char*, void* data) {
  return (*static_cast<const Progress*>(data))(fraction, "writing COG") ? TRUE : FALSE;
}

}  // namespace

void write_cog(const std::filesystem::path& source, const std::filesystem::path& target, const CogOptions& options,
               const Progress& progress) {
  gdal::register_drivers();
  // Metadata goes on a VRT view of the source, so the intermediate file stays untouched.
  gdal::DatasetPtr src = gdal::open_dataset(source.string(), GDAL_OF_RASTER);
  gdal::StringList view_args;
  view_args.add("-of").add("VRT");
  GDALTranslateOptions* view_opts = GDALTranslateOptionsNew(view_args.get(), nullptr);
  int usage = 0;
  GDALDatasetH view_handle = GDALTranslate("", GDALDataset::ToHandle(src.get()), view_opts, &usage);
  GDALTranslateOptionsFree(view_opts);
  if (!view_handle) throw LibraryError(source.string() + ": " + gdal::last_error());
  gdal::DatasetPtr view(GDALDataset::FromHandle(view_handle));
  view->GetRasterBand(1)->SetDescription(options.description.c_str());
  view->SetMetadataItem("OREMAP_VERSION", OREMAP_VERSION);
  for (const auto& [k, v] : options.metadata) {
    std::string key = "OREMAP_" + k;
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::toupper(c); });
    view->SetMetadataItem(key.c_str(), v.c_str());
  }

  std::error_code ec;
  std::filesystem::create_directories(target.parent_path(), ec);
  const std::filesystem::path temp = temporary_beside(target);
  gdal::StringList args;
  args.add("-of").add("COG").add("-co").add("COMPRESS=" + options.compression);
  args.add("-co").add("OVERVIEWS=IGNORE_EXISTING").add("-co").add("BIGTIFF=IF_SAFER");
  if (options.compression != "LZW") args.add("-co").add("PREDICTOR=YES");
  GDALTranslateOptions* opts = GDALTranslateOptionsNew(args.get(), nullptr);
  GDALTranslateOptionsSetProgress(opts, gdal_progress, const_cast<Progress*>(&progress));
  GDALDatasetH out = GDALTranslate(temp.string().c_str(), GDALDataset::ToHandle(view.get()), opts, &usage);
  GDALTranslateOptionsFree(opts);
  if (!out) {
    std::filesystem::remove(temp, ec);
    if (CPLGetLastErrorNo() == CPLE_UserInterrupt) throw Cancelled();  // the progress callback said stop
    throw OutputError(target.string() + ": cannot write the COG: " + gdal::last_error());
  }
  CPLErrorReset();
  GDALClose(out);
  if (CPLGetLastErrorType() == CE_Failure) {
    std::filesystem::remove(temp, ec);
    throw OutputError(target.string() + ": cannot finish the COG: " + gdal::last_error());
  }
  commit_file(temp, target);
}

}  // namespace oremap::sinks
