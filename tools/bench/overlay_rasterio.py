#!/usr/bin/python3
"""Reference weighted overlay with rasterio (python3-rasterio from Debian), window by window.

  overlay_rasterio.py OUT.tif W1,W2,...,WN IN1.tif ... INN.tif

Reads every input one 256x256 block window at a time (the inputs' own blocks), writes the
weighted sum (weights normalised to sum 1, NaN propagates) as a tiled, uncompressed Float32
GeoTIFF with nodata NaN. Single process, single thread: the plain way a GIS analyst would
script it.
"""
import sys

import numpy as np
import rasterio


def main():
    out, weights, inputs = sys.argv[1], [float(w) for w in sys.argv[2].split(",")], sys.argv[3:]
    if len(weights) != len(inputs):
        sys.exit("one weight per input")
    total = sum(weights)
    weights = [np.float32(w / total) for w in weights]
    srcs = [rasterio.open(p) for p in inputs]
    profile = srcs[0].profile.copy()
    profile.update(driver="GTiff", dtype="float32", count=1, nodata=float("nan"), tiled=True,
                   blockxsize=256, blockysize=256, compress=None, BIGTIFF="IF_SAFER")
    with rasterio.open(out, "w", **profile) as dst:
        for _, window in dst.block_windows(1):
            acc = srcs[0].read(1, window=window) * weights[0]
            for src, w in zip(srcs[1:], weights[1:]):
                acc += src.read(1, window=window) * w
            dst.write(acc, 1, window=window)
    for s in srcs:
        s.close()


if __name__ == "__main__":
    main()
