#!/usr/bin/env bash
# The include rules of docs/architecture.md, checked on every #include under src/ (ctest
# `layering: includes`). Prints each offending file:line, the include and the rule; exits 1 if any.
#   tests/layering/check_includes.sh <source dir>
#   tests/layering/check_includes.sh --self-test    # the rules against a made-up tree
set -euo pipefail

# Third-party headers by library (angle-bracket includes).
gdal_headers='^(gdal|ogr|cpl)[a-z_]*\.h$'
geos_headers='^(geos_c\.h|geos/)'
proj_headers='^(proj[a-z_]*\.h|proj/|geodesic\.h)'
cairo_headers='^cairo'

# Sets `layer` to the layer file $1 of src/ belongs to, `where` to its place, and `allowed` to
# the oremap folders it may include from: its own and the layers below it. (Set, not printed: no
# fork per include.)
layer_of() {
  case $1 in
    src/stages/sinks/*) layer=sinks where=src/stages/sinks ;;
    src/stages/pipeline.*) layer=pipeline where=src/stages/pipeline.cpp ;;
    src/*/*) layer=${1#src/} layer=${layer%%/*} where=src/$layer ;;
    *) layer=none where=$1 ;;
  esac
  case $layer in
    core) allowed="core" ;;
    algo) allowed="core algo" ;;
    gdal) allowed="core gdal" ;;
    geos) allowed="core geos" ;;
    project) allowed="core gdal project" ;;
    stages | sinks | pipeline) allowed="core algo gdal geos project stages" ;;
    mpi) allowed="core mpi" ;;
    *) allowed="core algo gdal geos project stages cli mpi" ;;
  esac
}

# Sets `broken` to the rules the include breaks, each with what to do instead.
rules_broken() {
  local file=$1 header=$2 bracket=$3 layer where allowed
  broken=()
  layer_of "$file"
  if [ "$bracket" = '<' ]; then
    if [ "$layer" = core ] || [ "$layer" = algo ]; then
      if [[ $header =~ $gdal_headers || $header =~ $geos_headers || $header =~ $proj_headers ||
            $header =~ $cairo_headers ]]; then
        broken+=("src/core and src/algo are plain C++ (standard library, Eigen): no GDAL/OGR/CPL, GEOS, PROJ or Cairo headers; move the part that needs them to src/gdal, src/geos or src/stages")
      fi
    fi
    if [[ $header =~ $cairo_headers ]] && [[ $file != src/stages/sinks/* ]]; then
      broken+=("only the sinks (src/stages/sinks/) draw with Cairo; src/project and the rest never include its headers")
    fi
    return 0
  fi
  local top=${header%%/*}
  case $top in core | algo | gdal | geos | project | stages | cli | mpi) ;; *) return 0 ;; esac
  if [[ " $allowed " != *" $top "* ]]; then
    broken+=("$where may include only its own layer and those below it (${allowed// //, }/), never $top/")
  fi
  if [[ $header == stages/sinks/* ]] && [[ $file != src/stages/sinks/* ]]; then
    if [[ $file == src/stages/sites/* ]]; then
      broken+=("site analysis (src/stages/sites/) only computes: it includes nothing from stages/sinks/; the composition point src/stages/pipeline.cpp hands its results to the sinks")
    elif [ "$file" != src/stages/pipeline.cpp ]; then
      broken+=("only the sinks themselves and the composition point src/stages/pipeline.cpp include stages/sinks/ headers")
    fi
  fi
}

check_tree() {
  cd "$1"
  local include_line='^[[:space:]]*#[[:space:]]*include[[:space:]]*([<"])([^>"]+)[>"]'
  local failures=0 file line text header bracket closing rule
  while IFS=: read -r file line text; do
    [[ $text =~ $include_line ]] || continue
    bracket=${BASH_REMATCH[1]}
    header=${BASH_REMATCH[2]}
    rules_broken "$file" "$header" "$bracket"
    closing='"'
    [ "$bracket" = '<' ] && closing='>'
    for rule in "${broken[@]}"; do
      echo "$file:$line: #include ${bracket}${header}${closing}: $rule"
      failures=$((failures + 1))
    done
  done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include' src --include='*.cpp' --include='*.hpp' --include='*.h' | sort -t: -k1,1 -k2,2n)
  if ((failures)); then
    echo "$failures include(s) break the layering rules of docs/architecture.md" >&2
    return 1
  fi
  echo "layering: every #include under src/ follows docs/architecture.md"
}

# Made-up files, each breaking one rule or none, and the lines the check must print for them.
self_test() {
  tree=$(mktemp -d)
  trap 'rm -rf "$tree"' EXIT
  add() { mkdir -p "$tree/$(dirname "$1")"; printf '%s\n' "${@:2}" >"$tree/$1"; }
  add src/algo/good.cpp '#include "algo/good.hpp"' '#include <Eigen/Dense>' '#include "core/error.hpp"'
  add src/algo/bad.cpp '#include <vector>' '#include <gdal_priv.h>'
  add src/core/bad.hpp '#pragma once' '#include "gdal/handles.hpp"' '#  include <geos_c.h>'
  add src/project/bad.cpp '#include <cairo.h>' '#include "stages/run_context.hpp"'
  add src/stages/evidence/bad.cpp '#include "stages/sinks/map/legend.hpp"' '#include "cli/commands.hpp"'
  add src/stages/sites/bad.cpp '#include "stages/sinks/site_tables/csv.hpp"'
  add src/stages/pipeline.cpp '#include "stages/sinks/rasters/raster_output.hpp"'
  add src/stages/sinks/map/good.cpp '#include <cairo.h>' '#include "stages/sinks/map/style.hpp"'
  local expected=(
    'src/algo/bad.cpp:2: #include <gdal_priv.h>: src/core and src/algo are plain C++'
    'src/core/bad.hpp:2: #include "gdal/handles.hpp": src/core may include only its own layer and those below it (core/), never gdal/'
    'src/core/bad.hpp:3: #include <geos_c.h>: src/core and src/algo are plain C++'
    'src/project/bad.cpp:1: #include <cairo.h>: only the sinks (src/stages/sinks/) draw with Cairo'
    'src/project/bad.cpp:2: #include "stages/run_context.hpp": src/project may include only its own layer'
    'src/stages/evidence/bad.cpp:1: #include "stages/sinks/map/legend.hpp": only the sinks themselves'
    'src/stages/evidence/bad.cpp:2: #include "cli/commands.hpp": src/stages may include only its own layer'
    'src/stages/sites/bad.cpp:1: #include "stages/sinks/site_tables/csv.hpp": site analysis (src/stages/sites/) only computes'
  )
  local out status=0
  out=$(check_tree "$tree" 2>&1) || status=$?
  local ok=1 e
  [ "$status" = 1 ] || { echo "self-test: expected exit 1, got $status"; ok=0; }
  for e in "${expected[@]}"; do
    grep -qF "$e" <<<"$out" || { echo "self-test: missing: $e"; ok=0; }
  done
  if [ "$(grep -c '^src/' <<<"$out")" != "${#expected[@]}" ]; then
    echo "self-test: expected ${#expected[@]} findings, got:"; ok=0
  fi
  ((ok)) || { echo "$out"; return 1; }
  echo "layering self-test: ${#expected[@]} broken includes found, none reported for the good files"
}

if [ "${1:-}" = --self-test ]; then
  self_test
else
  check_tree "${1:?usage: check_includes.sh <source dir> | --self-test}"
fi
