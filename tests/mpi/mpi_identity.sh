#!/usr/bin/env bash
# The Pakistan demo at 1 km (with two distances to rasters added) on 1, 2, 3 and 4 MPI ranks (mpirun --oversubscribe: more ranks than
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
# The demo, plus distances to rasters (the banded exact transform): to rasterised parks
# (filled polygons) and to rasterised faults (thin lines), both written out.
# Without output/: other tests write the demo's results there while this one copies.
mkdir -p "$work/pakistan"
(cd "$src/geodata/pakistan" && tar --exclude=./output -cf - .) | (cd "$work/pakistan" && tar -xf -)
rm -rf "$work/pakistan/output"
project=$work/pakistan/project.toml
cat >>"$project" <<'TOML'

[[evidence]]
id = "faults_burnt"
kind = "rasterise"
input = "faults"
burn = 1
outside = 0

[[evidence]]
id = "parks_distance"
kind = "distance"
input = "protected"
write = true

[[evidence]]
id = "faults_raster_distance"
kind = "distance"
input = "faults_burnt"
max_distance = 150000
write = true
TOML

"$serial" run "$project" -o "$work/serial" --quiet --progress=none
outputs=$(cd "$work/serial" && find . -type f ! -name .oremap-lock | sort)
[ "$(echo "$outputs" | grep -c '\.tif$')" -ge 10 ] || { echo "FAIL: the serial run wrote too few GeoTIFFs" >&2; exit 1; }
# The raster distances have features and distances (0 on the features, more away from them).
for d in parks_distance faults_raster_distance; do
  /usr/bin/python3 -c "
import sys
from osgeo import gdal
import numpy as np
a = gdal.Open(sys.argv[1]).ReadAsArray()
a = a[~np.isnan(a)]
sys.exit(0 if a.size and a.min() == 0 and a.max() > 10000 else 'FAIL: ' + sys.argv[1] + ' holds no distances')
" "$work/serial/$d.tif"
done
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
