# `cmake --install build [--prefix P]`: bin/oremap, the QGIS plugin (share/oremap/qgis),
# lib/liboremap_lib.a, the engine's headers in include/oremap (their src/ layout, the CLI's left
# out) and the CMake package lib/cmake/oremap,
# whose imported target oremap::oremap carries the include folders and every library the layers
# link (docs/api.md). The layers are exported too, without objects (liboremap_lib.a holds them),
# for the usage requirements each one passes on.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(OREMAP_LAYERS oremap_core oremap_algo oremap_gdal oremap_geos oremap_project oremap_stages oremap_sinks
                  oremap_pipeline)
set_target_properties(oremap_lib PROPERTIES EXPORT_NAME oremap)
install(TARGETS oremap RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS oremap_lib ${OREMAP_LAYERS} EXPORT oremapTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY qgis/oremap_provider DESTINATION ${CMAKE_INSTALL_DATADIR}/oremap/qgis PATTERN __pycache__ EXCLUDE)
install(DIRECTORY src/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/oremap FILES_MATCHING PATTERN "*.hpp"
        PATTERN cli EXCLUDE)

set(OREMAP_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/oremap)
install(EXPORT oremapTargets NAMESPACE oremap:: DESTINATION ${OREMAP_CMAKE_DIR})
configure_package_config_file(cmake/oremapConfig.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/oremapConfig.cmake
                              INSTALL_DESTINATION ${OREMAP_CMAKE_DIR})
# 0.x: a minor version may change the API.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/oremapConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/oremapConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/oremapConfigVersion.cmake
              cmake/FindXGBoost.cmake DESTINATION ${OREMAP_CMAKE_DIR})
