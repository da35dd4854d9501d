# OREMAP_SANITIZE: AddressSanitizer + UndefinedBehaviorSanitizer over everything oremap compiles
# (library, CLI, tests, fuzzers), so any finding aborts the test that triggered it.
# float-cast-overflow is named because GCC's `undefined` leaves it out (a seed of 2^63-1 once
# became -2^63). -O1 keeps the suite fast enough; line tables are all the reports need.
# Run-time options and the LeakSanitizer suppressions are compiled into every executable by
# tests/sanitize/sanitizer_options.cpp (docs/testing.md).
set(OREMAP_SANITIZE_FLAGS -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all)
add_compile_options(${OREMAP_SANITIZE_FLAGS} -fno-omit-frame-pointer -O1)
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  add_compile_options(-gline-tables-only)
else()
  add_compile_options(-g1)
endif()
add_link_options(${OREMAP_SANITIZE_FLAGS})

# libFuzzer needs clang; its targets (tests/fuzz) then share this build.
set(OREMAP_FUZZ OFF)
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  set(OREMAP_FUZZ ON)
endif()

# Adds the sanitizer run-time defaults to an executable target.
function(oremap_sanitizer_defaults target)
  target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/tests/sanitize/sanitizer_options.cpp)
  target_compile_definitions(${target} PRIVATE
    OREMAP_LSAN_SUPPRESSIONS="${PROJECT_SOURCE_DIR}/tests/sanitize/lsan.supp")
endfunction()
