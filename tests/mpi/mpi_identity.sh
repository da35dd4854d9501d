#!/usr/bin/env bash
# The Pakistan demo at 1 km on 1, 2, 3 and 4 MPI ranks (mpirun --oversubscribe: more ranks than
# cores) against the program built without MPI: every output file must be byte-identical, and
# every GeoTIFF's band and overview checksums (gdalinfo -checksum) equal. ctest `mpi_identity`.
#   tests/mpi/mpi_identity.sh <oremap (MPI build)> <oremap_serial> <source dir> [ranks...]
set -euo pipefail
oremap=$1 serial=$2 src=$3
shift 3
ranks=("$@")
((${#ranks[@]})) || ranks=(1 2 3 4)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# CI runs as root: OpenMPI refuses that unless told it is meant.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
project=$src/geodata/pakistan/project.toml

"$serial" run "$project" -o "$work/serial" --quiet --progress=none
outputs=$(cd "$work/serial" && find . -type f ! -name .oremap-lock | sort)
[ "$(echo "$outputs" | grep -c '\.tif$')" -ge 10 ] || { echo "FAIL: the serial run wrote too few GeoTIFFs" >&2; exit 1; }
checksums() { gdalinfo -checksum "$1" | grep -i 'checksum=' | tr -d ' '; }

failed=0
for n in "${ranks[@]}"; do
  start=$SECONDS
  mpirun -n "$n" --oversubscribe "$oremap" run "$project" -o "$work/n$n" --quiet --progress=none
  seconds=$((SECONDS - start))
  differ=()
  for f in $outputs; do
    if [ ! -f "$work/n$n/$f" ]; then
      differ+=("$f (missing)")
    elif ! cmp -s "$work/serial/$f" "$work/n$n/$f"; then
      differ+=("$f")
    elif [[ $f == *.tif ]] && [ "$(checksums "$work/serial/$f")" != "$(checksums "$work/n$n/$f")" ]; then
      differ+=("$f (checksums)")
    fi
  done
  extra=$(cd "$work/n$n" && find . -type f ! -name .oremap-lock | sort | comm -13 <(echo "$outputs") -)
  [ -z "$extra" ] || differ+=("extra files: $extra")
  if ((${#differ[@]})); then
    echo "FAIL: $n ranks: ${#differ[@]} outputs differ from the serial run: ${differ[*]}" >&2
    failed=1
  else
    echo "ok: $n ranks: $(echo "$outputs" | wc -l) outputs identical to the serial run (${seconds} s)"
  fi
done
exit "$failed"
