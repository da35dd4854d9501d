# The boosted-trees model's library (Debian's libxgboost-dev, C API) ships no CMake package, so it
# is found by hand: XGBoost::xgboost, an imported target with its header folder. Used by oremap's
# build and by the installed oremapConfig.cmake.
find_path(OREMAP_XGBOOST_INCLUDE xgboost/c_api.h)
find_library(OREMAP_XGBOOST_LIBRARY xgboost)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(XGBoost
  REQUIRED_VARS OREMAP_XGBOOST_LIBRARY OREMAP_XGBOOST_INCLUDE
  REASON_FAILURE_MESSAGE "xgboost/c_api.h or libxgboost missing: install libxgboost-dev (oremap: tools/setup, tools/setup.d/xgboost.packages)")
if(XGBoost_FOUND AND NOT TARGET XGBoost::xgboost)
  add_library(XGBoost::xgboost UNKNOWN IMPORTED)
  set_target_properties(XGBoost::xgboost PROPERTIES IMPORTED_LOCATION "${OREMAP_XGBOOST_LIBRARY}"
                        INTERFACE_INCLUDE_DIRECTORIES "${OREMAP_XGBOOST_INCLUDE}")
endif()
