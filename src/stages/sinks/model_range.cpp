#include "stages/sinks/model_range.hpp"

#include <cmath>

#include "gdal/handles.hpp"
#include "stages/sinks/map/raster.hpp"

namespace oremap::sinks {

std::optional<std::array<double, 2>> model_colour_range(const std::filesystem::path& raster,
                                                        const std::optional<std::array<double, 2>>& fixed) {
  if (fixed) return fixed;
  gdal::register_drivers();
  gdal::DatasetPtr ds = gdal::open_dataset(raster.string(), GDAL_OF_RASTER);
  double minmax[2] = {NAN, NAN};
  CPLPushErrorHandler(CPLQuietErrorHandler);  // a raster without data is an answer, not an error
  const CPLErr err = ds->GetRasterBand(1)->ComputeRasterMinMax(FALSE, minmax);
  CPLPopErrorHandler();
  if (err != CE_None || !std::isfinite(minmax[0]) || !std::isfinite(minmax[1])) return std::nullopt;
  return map::nice_range(minmax[0], minmax[1]);
}

}  // namespace oremap::sinks
