#!/usr/bin/python3
"""Accuracy of distance rasters computed from the same feature raster (Debian's /usr/bin/python3).

  check_distance.py FEATURES.tif NAME=DIST.tif [NAME=DIST.tif ...] [--samples 1000] [--windows 5]

FEATURES.tif: Byte raster, cells == 1 are features. Each DIST.tif: distances in metres on the
same grid (band 1, full resolution; a COG's overviews are ignored).

Prints Markdown:
  1. pairwise max |a - b| over the whole grid (and where it occurs) between every tool and the first;
  2. brute force: for random cells, and for the cells where the pairwise differences peak, the
     exact Euclidean distance from the cell centre to every feature-cell centre (numpy, float64);
     max |tool - exact| per tool;
  3. scipy.ndimage.distance_transform_edt (if python3-scipy is installed) on windows with a
     margin: a window's inner cells whose EDT distance is <= the margin are certified exact (no
     feature outside the padded window can be closer); max |tool - EDT| over those cells.
"""
import argparse
import sys

import numpy as np
from osgeo import gdal

gdal.UseExceptions()
STRIP = 1024


def open_band(path):
    ds = gdal.Open(path)
    return ds, ds.GetRasterBand(1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("features")
    p.add_argument("dist", nargs="+", help="NAME=PATH")
    p.add_argument("--samples", type=int, default=1000)
    p.add_argument("--windows", type=int, default=5)
    p.add_argument("--inner", type=int, default=1024)
    p.add_argument("--margin", type=int, default=512)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()

    fds, fband = open_band(a.features)
    cols, rows = fds.RasterXSize, fds.RasterYSize
    gt = fds.GetGeoTransform()
    cw, ch = gt[1], -gt[5]
    names, bands, keep = [], [], []
    for item in a.dist:
        name, path = item.split("=", 1)
        ds, b = open_band(path)
        if (ds.RasterXSize, ds.RasterYSize) != (cols, rows):
            sys.exit(f"{path}: {ds.RasterXSize}x{ds.RasterYSize}, expected {cols}x{rows}")
        names.append(name)
        bands.append(b)
        keep.append(ds)

    def read(i, c0, r0, nc, nr):
        return bands[i].ReadAsArray(c0, r0, nc, nr).astype(np.float64)

    # 1. Pairwise differences against the first tool, whole grid, strip by strip.
    ref = names[0]
    worst = {n: (-1.0, None) for n in names[1:]}
    nonfinite = {n: 0 for n in names}
    for r0 in range(0, rows, STRIP):
        n = min(STRIP, rows - r0)
        base = read(0, 0, r0, cols, n)
        nonfinite[ref] += int(np.count_nonzero(~np.isfinite(base)))
        for i in range(1, len(names)):
            other = read(i, 0, r0, cols, n)
            nonfinite[names[i]] += int(np.count_nonzero(~np.isfinite(other)))
            d = np.abs(other - base)
            d[~np.isfinite(d)] = -1
            k = int(np.argmax(d))
            if d.flat[k] > worst[names[i]][0]:
                worst[names[i]] = (float(d.flat[k]), (r0 + k // cols, k % cols))
    print(f"Grid {cols} x {rows}, cells {cw:g} x {ch:g} m.\n")
    print(f"| pair | max abs difference (m) | at (row, col) |")
    print(f"| --- | ---: | --- |")
    for n in names[1:]:
        print(f"| {ref} vs {n} | {worst[n][0]:.3f} | {worst[n][1]} |")
    for n, c in nonfinite.items():
        if c:
            print(f"\n{n}: {c} non-finite cells (excluded).")

    # Feature cell centres, for brute force.
    feats = []
    for r0 in range(0, rows, STRIP):
        n = min(STRIP, rows - r0)
        rr, cc = np.nonzero(fband.ReadAsArray(0, r0, cols, n) == 1)
        feats.append(np.stack([rr + r0, cc], axis=1))
    feats = np.concatenate(feats).astype(np.int64)
    fy = feats[:, 0].astype(np.float64) * ch
    fx = feats[:, 1].astype(np.float64) * cw

    # 2. Brute force at random cells plus the worst cells of step 1.
    rng = np.random.default_rng(a.seed)
    cells = [(int(rng.integers(rows)), int(rng.integers(cols))) for _ in range(a.samples)]
    cells += [w[1] for w in worst.values() if w[1] is not None]
    err = {n: (0.0, None) for n in names}
    for r, c in cells:
        exact = float(np.sqrt(np.min((fx - c * cw) ** 2 + (fy - r * ch) ** 2)))
        for i, n in enumerate(names):
            v = float(read(i, c, r, 1, 1)[0, 0])
            e = abs(v - exact)
            if e > err[n][0]:
                err[n] = (e, (r, c, exact, v))
    print(f"\nBrute force ({len(feats)} feature cells) at {len(cells)} cells "
          f"({a.samples} random + the worst cells above):\n")
    print("| tool | max abs error (m) | at (row, col): exact -> tool |")
    print("| --- | ---: | --- |")
    for n in names:
        e, w = err[n]
        where = f"({w[0]}, {w[1]}): {w[2]:.2f} -> {w[3]:.2f}" if w else "-"
        print(f"| {n} | {e:.3f} | {where} |")

    # 3. scipy EDT on padded windows.
    try:
        from scipy.ndimage import distance_transform_edt
    except ImportError:
        print("\nscipy not installed (python3-scipy): windowed EDT check skipped.")
        return
    inner, margin = min(a.inner, cols, rows), a.margin
    starts = [(rows // 2 - inner // 2, cols // 2 - inner // 2), (0, 0), (rows - inner, cols - inner)]
    while len(starts) < a.windows:
        starts.append((int(rng.integers(0, rows - inner + 1)), int(rng.integers(0, cols - inner + 1))))
    starts = starts[: a.windows]
    edt_err = {n: 0.0 for n in names}
    certified = total = 0
    for r0, c0 in starts:
        pr0, pc0 = max(0, r0 - margin), max(0, c0 - margin)
        pr1, pc1 = min(rows, r0 + inner + margin), min(cols, c0 + inner + margin)
        f = fband.ReadAsArray(pc0, pr0, pc1 - pc0, pr1 - pr0) == 1
        if not f.any():
            continue
        edt = distance_transform_edt(~f, sampling=(ch, cw))
        sub = edt[r0 - pr0 : r0 - pr0 + inner, c0 - pc0 : c0 - pc0 + inner]
        # Cells inside the padded window's interior by >= margin (or on the grid edge) are exact
        # when their distance does not exceed the margin.
        ok = sub <= margin * min(cw, ch)
        certified += int(ok.sum())
        total += sub.size
        for i, n in enumerate(names):
            v = read(i, c0, r0, inner, inner)
            d = np.abs(v - sub)[ok]
            if d.size:
                edt_err[n] = max(edt_err[n], float(d.max()))
    print(f"\nscipy distance_transform_edt on {len(starts)} windows of {inner}^2 cells (+{margin}-cell margin); "
          f"{certified} of {total} cells certified exact:\n")
    print("| tool | max abs error vs EDT (m) |")
    print("| --- | ---: |")
    for n in names:
        print(f"| {n} | {edt_err[n]:.3f} |")


if __name__ == "__main__":
    main()
