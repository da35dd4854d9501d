#!/usr/bin/env bash
# The installed library (ctest install_consumer, docs/api.md): installs the build into a prefix,
# builds tests/install/consumer against it with find_package(oremap), runs it on a copy of the
# browser test's project and the installed CLI on another copy, then checks that the consumer's
# grid is the COGs' size and that both runs wrote the same model pixels and the same site ranks.
#   consumer_test.sh <build dir> <source dir> [cmake arguments for the consumer...]
set -euo pipefail
build=$(realpath "$1")
src=$(realpath "$2")
shift 2
tmp=$build/install-test
rm -rf "$tmp"
mkdir -p "$tmp"
prefix=$tmp/prefix
fail() {
  echo "install_consumer: $*" >&2
  exit 1
}

cmake --install "$build" --prefix "$prefix" >"$tmp/install.log"
for f in bin/oremap lib/liboremap_lib.a include/oremap/stages/pipeline.hpp include/oremap/core/error.hpp \
  lib/cmake/oremap/oremapConfig.cmake lib/cmake/oremap/oremapConfigVersion.cmake lib/cmake/oremap/oremapTargets.cmake; do
  [ -e "$prefix/$f" ] || fail "not installed: $f"
done
[ ! -e "$prefix/include/oremap/cli" ] || fail "the CLI's headers are installed"

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$src/tests/install/consumer" -B "$tmp/consumer" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" "$@" >"$tmp/configure.log" || { cat "$tmp/configure.log"; fail "configure failed"; }
cmake --build "$tmp/consumer" --parallel 2 >"$tmp/build.log" || { cat "$tmp/build.log"; fail "build failed"; }

for run in library cli; do cp -r "$src/tests/browser/fixture" "$tmp/$run"; done
"$tmp/consumer/consumer" "$tmp/library/project.toml" >"$tmp/consumer.out"
"$prefix/bin/oremap" run --quiet --threads 2 "$tmp/cli/project.toml"
cat "$tmp/consumer.out"

lib_out=$tmp/library/output
cli_out=$tmp/cli/output
(cd "$lib_out" && sha256sum --quiet -c manifest.sha256) || fail "the consumer's manifest.sha256 does not check"

# The grid the consumer printed is the size of every COG it wrote.
read -r _ cols rows < <(grep '^grid ' "$tmp/consumer.out")
mapfile -t cogs < <(cd "$lib_out" && ls -- *.tif)
((${#cogs[@]} >= 3)) || fail "the consumer wrote ${#cogs[@]} GeoTIFFs: ${cogs[*]}"
for cog in "${cogs[@]}"; do
  gdalinfo "$lib_out/$cog" | grep -qx "Size is $cols, $rows" || fail "$cog is not $cols x $rows cells"
  # The same pixels as the CLI's run of the same project.
  a=$(gdalinfo -checksum "$lib_out/$cog" | grep Checksum=)
  b=$(gdalinfo -checksum "$cli_out/$cog" | grep Checksum=)
  [ "$a" = "$b" ] || fail "$cog: the library's pixels ($a) are not the CLI's ($b)"
done

# The ranks the consumer printed are the ones in the CLI's site tables.
ranks() {  # "<rank>=<id> ..." of the ranked sites in a sites_<c>.csv, by rank
  python3 -c 'import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["rank"] not in ("", "0")]
print(" ".join(r["rank"] + "=" + r["id"] for r in sorted(rows, key=lambda r: int(r["rank"]))))' "$1"
}
commodities=0
while IFS=: read -r commodity printed; do
  [[ $commodity == "grid "* ]] && continue
  expected=$(ranks "$cli_out/sites_$commodity.csv")
  [ -n "$expected" ] || fail "no ranked $commodity sites in the CLI's table"
  [ "${printed# }" = "$expected" ] || fail "$commodity ranks: consumer '${printed# }', CLI '$expected'"
  cmp -s "$lib_out/sites_$commodity.csv" "$cli_out/sites_$commodity.csv" || fail "sites_$commodity.csv differs"
  commodities=$((commodities + 1))
done <"$tmp/consumer.out"
((commodities == 2)) || fail "the consumer ranked $commodities commodities, not 2"
echo "install_consumer: ${#cogs[@]} COGs and $commodities site tables as the CLI writes them"
