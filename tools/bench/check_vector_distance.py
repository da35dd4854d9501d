#!/usr/bin/python3
"""Accuracy of distance rasters to a vector layer, against GEOS (python3-gdal's OGR Distance).

  check_vector_distance.py LINES.gpkg LABEL=RASTER.tif [LABEL=RASTER.tif ...] [--random 1000 --near 1000 --seed 1]

Samples cells of the first raster's grid: --random cells anywhere, and --near cells within two
cells of a vertex (moved by up to 60 m: where a rasterised distance errs most). Lines, polygons
(0 inside) and points.
For each, the exact distance from the cell centre to the nearest feature (OGR's Distance, which
is GEOS's), and every raster's value at that centre. Prints one Markdown table row per raster:
| raster | cells | max |error| m | mean |error| m | cells off by > 0.01 m | worst cell (true, got) | max |error|
against the lines clipped to the grid |. The last column is for tools that only see the features
inside the grid (a rasterised layer): it leaves out the error of missing the roads beyond its edge.
"""
import argparse
import sys

import numpy as np
from osgeo import gdal, ogr

gdal.UseExceptions()
ogr.UseExceptions()


def points(g):
    """Every vertex of a geometry: of its parts (polygon rings, collection members), or its own."""
    if g.GetGeometryCount() > 0:
        return [pt for i in range(g.GetGeometryCount()) for pt in points(g.GetGeometryRef(i))]
    return g.GetPoints() or []


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("vector")
    p.add_argument("rasters", nargs="+", help="LABEL=PATH")
    p.add_argument("--random", type=int, default=1000)
    p.add_argument("--near", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    rng = np.random.default_rng(a.seed)
    src = ogr.Open(a.vector)
    layer = src.GetLayer(0)
    geoms = [f.GetGeometryRef().Clone() for f in layer]
    vertices = np.array([pt[:2] for g in geoms for pt in points(g)])
    rasters = [(r.split("=", 1)[0], gdal.Open(r.split("=", 1)[1])) for r in a.rasters]
    ds0 = rasters[0][1]
    gt = ds0.GetGeoTransform()
    cols, rows = ds0.RasterXSize, ds0.RasterYSize
    cells = set()
    while len(cells) < a.random:
        cells.add((int(rng.integers(rows)), int(rng.integers(cols))))
    near = set()
    while len(near) < a.near:
        x, y = vertices[rng.integers(len(vertices))] + rng.uniform(-60, 60, 2)
        c, r = int((x - gt[0]) // gt[1]), int((y - gt[3]) // gt[5])
        if 0 <= r < rows and 0 <= c < cols:
            near.add((r, c))
    cells = sorted(cells | near)
    x0, y0, x1, y1 = gt[0], gt[3] + rows * gt[5], gt[0] + cols * gt[1], gt[3]
    box = ogr.CreateGeometryFromWkt("POLYGON ((%r %r, %r %r, %r %r, %r %r, %r %r))"
                                    % (x0, y0, x1, y0, x1, y1, x0, y1, x0, y0))
    inside = [g.Intersection(box) for g in geoms]
    inside = [g for g in inside if g is not None and not g.IsEmpty()]
    truth, truth_in = [], []
    for r, c in cells:
        pt = ogr.Geometry(ogr.wkbPoint)
        pt.AddPoint_2D(gt[0] + (c + 0.5) * gt[1], gt[3] + (r + 0.5) * gt[5])
        truth.append(min(g.Distance(pt) for g in geoms))
        truth_in.append(min(g.Distance(pt) for g in inside))
    truth, truth_in = np.array(truth), np.array(truth_in)
    print("| raster | cells sampled | max \\|error\\| m | mean \\|error\\| m | cells off by > 0.01 m | worst cell: true, got (m) "
          "| max \\|error\\| m against the lines clipped to the grid |")
    print("| --- | ---: | ---: | ---: | ---: | --- | ---: |")
    for label, ds in rasters:
        g = ds.GetGeoTransform()
        band = ds.GetRasterBand(1)
        got = []
        for r, c in cells:
            x, y = gt[0] + (c + 0.5) * gt[1], gt[3] + (r + 0.5) * gt[5]
            cc, rr = int((x - g[0]) // g[1]), int((y - g[3]) // g[5])
            got.append(float(band.ReadAsArray(cc, rr, 1, 1)[0, 0]))
        err = np.abs(np.array(got) - truth)
        err_in = np.abs(np.array(got) - truth_in)
        w = int(np.argmax(err))
        print("| %s | %d | %.4f | %.4f | %d | %.3f, %.3f | %.4f |" % (label, len(cells), err.max(), err.mean(),
                                                               int(np.count_nonzero(err > 0.01)), truth[w], got[w],
                                                               err_in.max()))


if __name__ == "__main__":
    sys.exit(main())
