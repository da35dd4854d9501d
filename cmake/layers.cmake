# The layers' build rules (docs/architecture.md): each layer is an object library that links only
# what it may use, and oremap_check_layer_links proves it twice, at configure and at build time.

# What core and algo must never link: they are plain C++ (standard library, Eigen).
set(OREMAP_GDAL_GEOS_PROJ_CAIRO GDAL::GDAL GEOS::geos_c PkgConfig::PROJ PkgConfig::CAIRO)

# oremap_layer(<name> SOURCES <files...> LINKS <targets...>): one layer.
function(oremap_layer name)
  cmake_parse_arguments(PARSE_ARGV 1 LAYER "" "" "SOURCES;LINKS")
  add_library(${name} OBJECT ${LAYER_SOURCES})
  target_compile_options(${name} PRIVATE ${OREMAP_WARNINGS})
  if(OREMAP_FUZZ)
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer-no-link)  # coverage for libFuzzer
  endif()
  target_link_libraries(${name} PUBLIC ${LAYER_LINKS})
endfunction()

# Every target <target> links, directly or through another target, <target> included.
function(oremap_link_closure target var)
  set(closure)
  set(todo ${target})
  while(todo)
    list(POP_FRONT todo item)
    string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" item "${item}")
    if(item IN_LIST closure)
      continue()
    endif()
    list(APPEND closure ${item})
    if(TARGET ${item})
      get_target_property(links ${item} INTERFACE_LINK_LIBRARIES)
      if(links)
        list(APPEND todo ${links})
      endif()
    endif()
  endwhile()
  set(${var} ${closure} PARENT_SCOPE)
endfunction()

# oremap_check_layer_links(<layer> FORBID <targets...>)
# Configure time: fails if <layer> links one of the forbidden targets, even through another layer.
# Build time: links the objects of <layer> and of every layer below it, and nothing else, into an
# executable that is never run (layer_links_<layer>), so a call into a layer above or into a
# library the layer does not link stops the build with the linker's "undefined reference".
function(oremap_check_layer_links layer)
  cmake_parse_arguments(PARSE_ARGV 1 CHECK "" "" "FORBID")
  oremap_link_closure(${layer} closure)
  foreach(forbidden ${CHECK_FORBID})
    if(forbidden IN_LIST closure)
      message(FATAL_ERROR "${layer} links ${forbidden} (directly or through a layer it links), which its "
                          "layer must not use: see the include rules in docs/architecture.md")
    endif()
  endforeach()
  set(layers)
  foreach(item ${closure})
    if(TARGET ${item})
      get_target_property(type ${item} TYPE)
      if(type STREQUAL "OBJECT_LIBRARY")
        list(APPEND layers ${item})
      endif()
    endif()
  endforeach()
  string(REGEX REPLACE "^oremap_" "layer_links_" check ${layer})
  add_executable(${check} ${PROJECT_SOURCE_DIR}/tests/layering/links_main.cpp)
  target_link_libraries(${check} PRIVATE ${layers})  # an object library linked directly gives its objects
endfunction()
