#!/usr/bin/python3
"""Test data for tools/bench/raster-bench (run with Debian's /usr/bin/python3: needs python3-gdal, numpy).

  make_data.py roads   OUT.tif --size 16384 --cell 30 [--lines 400 --vertices N --seed 1 --vector OUT.gpkg]
      A rasterised road network: random polylines burnt all-touched as 1 into a Byte GeoTIFF
      (0 elsewhere, no nodata), tiled 256x256, uncompressed, in UTM 42N; with --vector, the
      polylines themselves are also written to a GeoPackage (layer "roads"). By default each line is
      a random walk of 3-12 long straight legs (2-25 km); with --vertices N it is a random walk
      of N short legs (50-250 m, the heading drifting a little at every vertex), the shape of
      real roads digitised at a few hundred vertices per road.
  make_data.py overlay DIR --size 8192 --cell 30 [--count 6 --seed 1]
      COUNT Float32 rasters in [0, 1] (smooth random fields plus noise), tiled 256x256,
      uncompressed, nodata NaN, written as DIR/ev1.tif ... DIR/evN.tif.

Both take --xoff/--yoff M: metres added to the origin (300000, 3900000), e.g. 20 to put the
raster off the lattice of whole multiples of a 30 m cell (the same seed gives the same pixels
wherever the origin is). Both print a JSON line describing the raster (xmin, ymax, cols, rows,
cell, epsg).
"""
import argparse
import json
import math
import os
import sys

import numpy as np
from osgeo import gdal, ogr, osr

gdal.UseExceptions()

EPSG = 32642
XMIN = 300000.0   # multiples of every cell size used here (before --xoff/--yoff)
YMAX = 3900000.0
CREATE = ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "BIGTIFF=IF_SAFER"]


def srs():
    s = osr.SpatialReference()
    s.ImportFromEPSG(EPSG)
    return s


def create(path, size, cell, dtype, args):
    ds = gdal.GetDriverByName("GTiff").Create(path, size, size, 1, dtype, CREATE)
    ds.SetGeoTransform((XMIN + args.xoff, cell, 0.0, YMAX + args.yoff, 0.0, -cell))
    ds.SetProjection(srs().ExportToWkt())
    return ds


def grid_info(size, cell, args):
    return {"xmin": XMIN + args.xoff, "ymax": YMAX + args.yoff, "cols": size, "rows": size, "cell": cell,
            "epsg": EPSG}


def roads(args):
    rng = np.random.default_rng(args.seed)
    size, cell = args.size, args.cell
    extent = size * cell
    x0, y0 = XMIN + args.xoff, YMAX + args.yoff
    mem = ogr.GetDriverByName("Memory").CreateDataSource("roads")
    layer = mem.CreateLayer("roads", srs(), ogr.wkbLineString)
    vertices = 0
    for _ in range(args.lines):
        x = x0 + rng.uniform(0, extent)
        y = y0 - rng.uniform(0, extent)
        heading = rng.uniform(0, 2 * math.pi)
        line = ogr.Geometry(ogr.wkbLineString)
        line.AddPoint_2D(x, y)
        if args.vertices:
            # A road digitised at N vertices: short legs, the heading drifting at each vertex.
            n = args.vertices - 1
            headings = heading + np.cumsum(rng.normal(0, 0.12, n))
            legs = rng.uniform(50, 250, n)
            xs = x + np.cumsum(legs * np.cos(headings))
            ys = y + np.cumsum(legs * np.sin(headings))
            for px, py in zip(xs, ys):
                line.AddPoint_2D(float(px), float(py))
        else:
            # A road: a random walk of 3-12 legs, 2-25 km each, with gentle turns.
            for _ in range(int(rng.integers(3, 13))):
                heading += rng.normal(0, 0.5)
                leg = rng.uniform(2000, 25000)
                x += leg * math.cos(heading)
                y += leg * math.sin(heading)
                line.AddPoint_2D(x, y)
        vertices += line.GetPointCount()
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetGeometry(line)
        layer.CreateFeature(f)
    if args.vector:
        if os.path.exists(args.vector):
            os.remove(args.vector)
        gpkg = ogr.GetDriverByName("GPKG").CreateDataSource(args.vector)
        gpkg.CopyLayer(layer, "roads")
        gpkg = None
    ds = create(args.out, size, cell, gdal.GDT_Byte, args)
    ds.GetRasterBand(1).Fill(0)
    gdal.RasterizeLayer(ds, [1], layer, burn_values=[1], options=["ALL_TOUCHED=TRUE"])
    ds.FlushCache()
    ds = None
    # Count the feature cells (for the report).
    ds = gdal.Open(args.out)
    band = ds.GetRasterBand(1)
    count = 0
    for r0 in range(0, size, 1024):
        n = min(1024, size - r0)
        count += int(np.count_nonzero(band.ReadAsArray(0, r0, size, n)))
    info = grid_info(size, cell, args)
    info.update({"path": args.out, "lines": args.lines, "vertices": vertices, "feature_cells": count})
    if args.vector:
        info["vector"] = args.vector
    print(json.dumps(info))


def smooth_field(rng, size, scale):
    """A smooth random field in [0, 1]: bilinear upsampling of coarse noise."""
    coarse_n = size // scale + 2
    coarse = rng.random((coarse_n, coarse_n), dtype=np.float32)
    pos = (np.arange(size, dtype=np.float32) + 0.5) / scale
    i0 = np.floor(pos).astype(np.int64)
    t = (pos - i0).astype(np.float32)
    # Interpolate along rows then columns.
    rows = coarse[i0] * (1 - t)[:, None] + coarse[i0 + 1] * t[:, None]
    return rows[:, i0] * (1 - t)[None, :] + rows[:, i0 + 1] * t[None, :]


def overlay(args):
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)
    size, cell = args.size, args.cell
    paths = []
    for k in range(1, args.count + 1):
        path = os.path.join(args.out, "ev%d.tif" % k)
        field = smooth_field(rng, size, 64 * k)
        field = 0.9 * field + 0.1 * rng.random((size, size), dtype=np.float32)
        np.clip(field, 0, 1, out=field)
        ds = create(path, size, cell, gdal.GDT_Float32, args)
        band = ds.GetRasterBand(1)
        band.SetNoDataValue(float("nan"))
        band.WriteArray(field.astype(np.float32))
        ds.FlushCache()
        ds = None
        del field
        paths.append(path)
    info = grid_info(size, cell, args)
    info.update({"paths": paths})
    print(json.dumps(info))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="what", required=True)
    r = sub.add_parser("roads")
    r.add_argument("out")
    r.add_argument("--size", type=int, default=16384)
    r.add_argument("--cell", type=float, default=30.0)
    r.add_argument("--lines", type=int, default=400)
    r.add_argument("--vertices", type=int, default=0, help="vertices per road (short legs); 0: 4-13 long legs")
    r.add_argument("--seed", type=int, default=1)
    r.add_argument("--vector", help="also write the polylines to this GeoPackage (layer roads)")
    o = sub.add_parser("overlay")
    o.add_argument("out")
    o.add_argument("--size", type=int, default=8192)
    o.add_argument("--cell", type=float, default=30.0)
    o.add_argument("--count", type=int, default=6)
    o.add_argument("--seed", type=int, default=1)
    for q in (r, o):
        q.add_argument("--xoff", type=float, default=0.0, help="metres added to the origin's x")
        q.add_argument("--yoff", type=float, default=0.0, help="metres added to the origin's y")
    args = p.parse_args()
    {"roads": roads, "overlay": overlay}[args.what](args)


if __name__ == "__main__":
    sys.exit(main())
