#!/usr/bin/python3
"""Cell-by-cell comparison of a tool's raster with a reference raster (python3-gdal, numpy).

  compare_rasters.py TOOL.tif REFERENCE.tif [--label NAME] [--tolerance 1e-5] [--reference-shift DX,DY]

Prints one Markdown table row (see --header):
  | NAME | grid vs reference | cells compared | max |diff| | mean |diff| | cells > tolerance | NaN mismatches |

Both rasters must have the same cell size and no rotation. "grid vs reference" says whether the
tool's grid lies on the reference's lattice (origins a whole number of cells apart) and, if not,
by how much it is shifted, and its size. Each cell of TOOL is compared with the REFERENCE cell
that contains its centre (on a shared lattice: the same cell), over the cells both cover. A
correct engine working on the reference's own pixels differs only by Float32 rounding (~1e-7 for
values in [0, 1]); a shifted or resampled grid shows up as a shift and as large differences.
--reference-shift DX,DY reads REFERENCE as if its origin were DX, DY metres further (to compare
with the result of the same pixels placed elsewhere).
"""
import argparse
import math
import sys

import numpy as np
from osgeo import gdal

gdal.UseExceptions()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("tool", nargs="?")
    p.add_argument("reference", nargs="?")
    p.add_argument("--label", default=None)
    p.add_argument("--tolerance", type=float, default=1e-5)
    p.add_argument("--reference-shift", default="0,0", help="DX,DY metres added to REFERENCE's origin")
    p.add_argument("--header", action="store_true", help="print the table header and exit")
    a = p.parse_args()
    if a.header:
        print("| output | grid vs reference | cells compared | max \\|diff\\| | mean \\|diff\\| | cells > %g | NaN mismatches |"
              % a.tolerance)
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
        return 0
    if not a.tool or not a.reference:
        p.error("TOOL and REFERENCE are required")

    t, r = gdal.Open(a.tool), gdal.Open(a.reference)
    tg, rg = t.GetGeoTransform(), list(r.GetGeoTransform())
    sx, sy = (float(v) for v in a.reference_shift.split(","))
    rg[0] += sx
    rg[3] += sy
    if tg[2] or tg[4] or rg[2] or rg[4]:
        sys.exit("rotated grids are not supported")
    cw, ch = rg[1], -rg[5]
    if abs(tg[1] - cw) > 1e-9 * cw or abs(-tg[5] - ch) > 1e-9 * ch:
        sys.exit("cell sizes differ: %g x %g against %g x %g" % (tg[1], -tg[5], cw, ch))
    # Column / row of the reference cell holding the tool's cell (0, 0) centre.
    fx = (tg[0] + 0.5 * cw - rg[0]) / cw
    fy = (rg[3] - (tg[3] - 0.5 * ch)) / ch
    dj, di = math.floor(fx), math.floor(fy)
    ox, oy = (tg[0] - rg[0]) - round((tg[0] - rg[0]) / cw) * cw, (tg[3] - rg[3]) - round((tg[3] - rg[3]) / ch) * ch
    on_lattice = abs(ox) < 1e-6 * cw and abs(oy) < 1e-6 * ch
    tw, th, rw, rh = t.RasterXSize, t.RasterYSize, r.RasterXSize, r.RasterYSize
    grid = "same lattice" if on_lattice else "origin %+.6g, %+.6g m from the reference's (not whole cells)" % (
        tg[0] - rg[0], tg[3] - rg[3])
    if (dj, di, tw, th) != (0, 0, rw, rh):
        grid += ", %d x %d cells, cell (0, 0) in reference cell (%+d, %+d)" % (tw, th, dj, di)
    else:
        grid += ", same grid"

    # Overlap in tool indices: tool (i, j) <-> reference (i + di, j + dj).
    j0, j1 = max(0, -dj), min(tw, rw - dj)
    i0, i1 = max(0, -di), min(th, rh - di)
    label = a.label or a.tool
    if j1 <= j0 or i1 <= i0:
        print("| %s | %s | 0 | - | - | - | - |" % (label, grid))
        return 0
    tb, rb = t.GetRasterBand(1), r.GetRasterBand(1)
    tnd, rnd = tb.GetNoDataValue(), rb.GetNoDataValue()
    n = 0
    worst = 0.0
    total = 0.0
    over = 0
    nan_mismatch = 0
    step = 512
    for i in range(i0, i1, step):
        rows = min(step, i1 - i)
        tv = tb.ReadAsArray(j0, i, j1 - j0, rows).astype(np.float64)
        rv = rb.ReadAsArray(j0 + dj, i + di, j1 - j0, rows).astype(np.float64)
        if tnd is not None and not math.isnan(tnd):
            tv[tv == tnd] = np.nan
        if rnd is not None and not math.isnan(rnd):
            rv[rv == rnd] = np.nan
        tn, rn = np.isnan(tv), np.isnan(rv)
        nan_mismatch += int(np.count_nonzero(tn != rn))
        both = ~tn & ~rn
        d = np.abs(tv[both] - rv[both])
        n += d.size
        if d.size:
            worst = max(worst, float(d.max()))
            total += float(d.sum())
            over += int(np.count_nonzero(d > a.tolerance))
    print("| %s | %s | %d | %.3g | %.3g | %d | %d |" % (label, grid, n, worst, total / n if n else float("nan"),
                                                        over, nan_mismatch))
    return 0


if __name__ == "__main__":
    sys.exit(main())
