#!/usr/bin/python3
"""Reference fuzzy memberships + weighted sum with rasterio (python3-rasterio from Debian), windowed.

  membership_rasterio.py OUT.tif --weights W1,...,WN --linear MIN1:MAX1,...,MINN:MAXN
                         [--threads 2] IN1.tif ... INN.tif

For each input, a linear fuzzy membership (ArcGIS FuzzyLinear, as oremap's `function = "linear"`:
(x - min) / (max - min) clamped to [0, 1], decreasing when min > max, NaN stays NaN), then the
weighted sum of the memberships (weights normalised to sum 1; NaN propagates), in Float32.

The inputs must share one grid; the output has the first input's grid (its own lattice: nothing is
resampled) and is a tiled 256x256, uncompressed Float32 GeoTIFF with nodata NaN. Work is split into
strips of 256 rows (one row of the inputs' tiles), handed to THREADS threads; each thread has its own
dataset handles (rasterio datasets are not thread-safe), reads and computes without the GIL (GDAL's
I/O and numpy's ufuncs release it) and writes its strip under a lock. This is how a GIS analyst who
knows rasterio would script it with a thread pool.
"""
import argparse
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import rasterio
from rasterio.windows import Window


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("inputs", nargs="+")
    p.add_argument("--weights", required=True, help="W1,...,WN")
    p.add_argument("--linear", required=True, help="MIN1:MAX1,...,MINN:MAXN")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--strip", type=int, default=256, help="rows per work unit")
    a = p.parse_args()

    weights = [float(w) for w in a.weights.split(",")]
    bounds = [tuple(float(v) for v in b.split(":")) for b in a.linear.split(",")]
    if not (len(weights) == len(bounds) == len(a.inputs)):
        sys.exit("one weight and one MIN:MAX per input")
    if any(lo == hi for lo, hi in bounds):
        sys.exit("linear: min must differ from max")
    total = sum(weights)
    weights = [np.float32(w / total) for w in weights]
    # (x - min) / (max - min) (a negative span when decreasing), then clamp.
    lows = [np.float32(lo) for lo, _ in bounds]
    spans = [np.float32(hi - lo) for lo, hi in bounds]

    with rasterio.open(a.inputs[0]) as first:
        profile = first.profile.copy()
        width, height = first.width, first.height
    profile.update(driver="GTiff", dtype="float32", count=1, nodata=float("nan"), tiled=True,
                   blockxsize=256, blockysize=256, compress=None, BIGTIFF="IF_SAFER")

    local = threading.local()
    handles = []
    handles_lock = threading.Lock()
    write_lock = threading.Lock()

    with rasterio.open(a.out, "w", **profile) as dst:
        def strip(row0):
            srcs = getattr(local, "srcs", None)
            if srcs is None:
                srcs = local.srcs = [rasterio.open(path) for path in a.inputs]
                with handles_lock:
                    handles.extend(srcs)
            window = Window(0, row0, width, min(a.strip, height - row0))
            acc = None
            x = None
            for src, low, span, w in zip(srcs, lows, spans, weights):
                x = src.read(1, window=window, out=x, out_dtype="float32")
                np.subtract(x, low, out=x)
                np.divide(x, span, out=x)
                np.clip(x, 0, 1, out=x)        # NaN stays NaN
                if acc is None:
                    acc = x * w
                else:
                    np.multiply(x, w, out=x)
                    np.add(acc, x, out=acc)
            with write_lock:
                dst.write(acc, 1, window=window)

        with ThreadPoolExecutor(max_workers=a.threads) as pool:
            for f in [pool.submit(strip, r) for r in range(0, height, a.strip)]:
                f.result()
    for s in handles:
        s.close()


if __name__ == "__main__":
    main()
