#!/usr/bin/env bash
# A failure on one MPI rank stops every rank with the same exit code and message: the demo's
# DEM with its southern tiles corrupted, so only the rank holding the grid's southern band can
# not read it. Every rank must exit 3, rank 0 must name the file, and the output folder must
# hold no result and no temporary file. Then SIGTERM to mpirun mid-run cancels every rank and
# leaves no temporary file either. ctest `mpi_failure`.
#   tests/mpi/mpi_failure.sh <oremap (MPI build)> <source dir>
set -euo pipefail
oremap=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1

# Without output/: other tests write the demo's results there while this one copies.
mkdir -p "$work/pakistan"
(cd "$src/geodata/pakistan" && tar --exclude=./output -cf - .) | (cd "$work/pakistan" && tar -xf -)
rm -rf "$work/pakistan/output"
dem=$work/pakistan/raster/etopo5_pakistan.tif
# Tiled and compressed, then garbage over every tile of the southern third: a tile that
# cannot be decompressed fails the read of its rows only.
/usr/bin/python3 - "$dem" <<'PY'
import sys
from osgeo import gdal
gdal.UseExceptions()
path = sys.argv[1]
gdal.Translate(path + ".tmp.tif", path, creationOptions=["TILED=YES", "BLOCKXSIZE=16", "BLOCKYSIZE=16", "COMPRESS=DEFLATE"])
ds = gdal.Open(path + ".tmp.tif")
band = ds.GetRasterBand(1)
blocks_x = (ds.RasterXSize + 15) // 16
blocks_y = (ds.RasterYSize + 15) // 16
spots = []
for by in range(blocks_y * 2 // 3, blocks_y):
    for bx in range(blocks_x):
        spots.append((int(band.GetMetadataItem(f"BLOCK_OFFSET_{bx}_{by}", "TIFF")),
                      int(band.GetMetadataItem(f"BLOCK_SIZE_{bx}_{by}", "TIFF"))))
ds = None
with open(path + ".tmp.tif", "r+b") as f:
    for offset, size in spots:
        f.seek(offset)
        f.write(b"\xff" * size)
import os
os.replace(path + ".tmp.tif", path)
PY

# Each rank's own exit code, from a wrapper around it.
cat >"$work/rank.sh" <<SH
#!/bin/sh
"$oremap" run "$work/pakistan/project.toml" --progress=none 2>"$work/stderr.\$OMPI_COMM_WORLD_RANK"
echo \$? >"$work/code.\$OMPI_COMM_WORLD_RANK"
SH
chmod +x "$work/rank.sh"
set +e
mpirun -n 2 --oversubscribe "$work/rank.sh"
set -e

fail() {
  echo "FAIL: $*" >&2
  for r in 0 1; do echo "--- rank $r stderr:" >&2; cat "$work/stderr.$r" >&2 || true; done
  exit 1
}
for r in 0 1; do
  [ -f "$work/code.$r" ] || fail "rank $r did not finish"
  [ "$(cat "$work/code.$r")" = 3 ] || fail "rank $r exited $(cat "$work/code.$r"), not 3"
done
grep -q "etopo5_pakistan.tif" "$work/stderr.0" || fail "rank 0 does not name the unreadable file"
grep -q "error:" "$work/stderr.0" || fail "rank 0 prints no error"
[ ! -s "$work/stderr.1" ] || fail "rank 1 printed (rank 0 speaks for the job)"
left=$(find "$work/pakistan/output" -mindepth 1 ! -name .oremap-lock 2>/dev/null || true)
[ -z "$left" ] || fail "the failed run left files: $left"
echo "ok: both ranks exit 3; rank 0: $(grep error: "$work/stderr.0" | head -1)"

# SIGTERM to mpirun (as Slurm's scancel, or Ctrl-C) mid-run: it forwards the signal, every rank
# cancels, rank 0 says so, mpirun exits non-zero, and the output folder keeps no staging or work
# folder. (mpirun's own exit code stands for the job it was told to stop: 1.)
cp "$src/geodata/pakistan/raster/etopo5_pakistan.tif" "$dem"
mpirun -n 2 --oversubscribe "$oremap" run "$work/pakistan/project.toml" --progress=plain 2>"$work/cancel.log" &
launcher=$!
for _ in $(seq 1 600); do  # until the ranks are computing models (a few seconds in)
  grep -q "model " "$work/cancel.log" 2>/dev/null && break
  sleep 0.1
done
kill -TERM "$launcher"
code=0
wait "$launcher" || code=$?
[ "$code" != 0 ] || fail "mpirun exited 0 after SIGTERM"
grep -q "error: cancelled" "$work/cancel.log" || { cat "$work/cancel.log" >&2; fail "rank 0 does not say the run was cancelled"; }
left=$(find "$work/pakistan/output" -mindepth 1 ! -name .oremap-lock 2>/dev/null || true)
[ -z "$left" ] || fail "the cancelled run left: $left"
! pgrep -f "$work/pakistan/project.toml" >/dev/null || fail "a rank is still running after SIGTERM"
echo "ok: SIGTERM: every rank cancelled (mpirun exit $code), no temporary file left"
