#!/usr/bin/env python3
"""Synthetic data for the site-scoring benchmark (tools/bench/sites_bench), in UTM 42N metres.

  sites_data.py scene OUT_DIR [--points N] [--polygons N] [--roads N] [--vertices N] [--seed S]
      The distance + region scene, as CSV files with WKT geometries (converted to FlatGeobuf by
      the bench script with ogr2ogr), over a 600 x 500 km box:
        sites.csv    N points uniformly spread, then N polygon sites: licence blocks of 1-6 km,
                     star-shaped rings of 8-24 vertices (a `cu` column of 1 for every site)
        roads.csv    long polylines, one feature each: random walks of VERTICES legs of
                     200-1000 m whose heading drifts at every vertex (a road network's look),
                     turning back at the box's border
        regions.csv  50 quadrilateral regions on a jittered 10 x 5 lattice, edges densified to 200
                     vertices per region, sharing their edges exactly; a numeric `score` each
  sites_data.py zones OUT.csv --xmin X --ymax Y --size N --cell C [--zones N] [--seed S]
      Zonal-statistics zones over an N x N raster: star-shaped polygons of 24 vertices, radii
      15-45 cells, at random centres; prints the share that overlaps another zone.
Deterministic for a seed.
"""
import argparse
import math
import os
import random

X0, Y0, W, H = 200000.0, 2800000.0, 600000.0, 500000.0


def star(rng, x, y, radius, vertices):
    """A star-shaped ring around (x, y): radii in [0.6, 1] x radius, angles jittered."""
    ring = []
    for k in range(vertices):
        a = 2 * math.pi * (k + rng.uniform(-0.3, 0.3)) / vertices
        r = radius * rng.uniform(0.6, 1.0)
        ring.append((x + r * math.cos(a), y + r * math.sin(a)))
    ring.append(ring[0])
    return "POLYGON ((" + ", ".join(f"{px:.3f} {py:.3f}" for px, py in ring) + "))"


def sites(path, points, polygons, rng):
    with open(path, "w") as f:
        f.write("WKT,site_id,name,cu\n")
        for i in range(points):
            x = X0 + rng.random() * W
            y = Y0 + rng.random() * H
            f.write(f'"POINT ({x:.3f} {y:.3f})",S{i},site {i},1\n')
        for i in range(points, points + polygons):
            x = X0 + 3000 + rng.random() * (W - 6000)
            y = Y0 + 3000 + rng.random() * (H - 6000)
            f.write(f'"{star(rng, x, y, rng.uniform(500, 3000), rng.randint(8, 24))}",S{i},block {i},1\n')


def roads(path, count, vertices, rng):
    with open(path, "w") as f:
        f.write("WKT,road_id,name\n")
        for road in range(count):
            x = X0 + rng.random() * W
            y = Y0 + rng.random() * H
            heading = rng.random() * 2 * math.pi
            points = [(x, y)]
            for _ in range(vertices - 1):
                heading += rng.gauss(0.0, 0.25)
                step = 200.0 + rng.random() * 800.0
                nx, ny = x + step * math.cos(heading), y + step * math.sin(heading)
                if not (X0 <= nx <= X0 + W and Y0 <= ny <= Y0 + H):  # turn back at the border
                    heading += math.pi
                    nx, ny = x + step * math.cos(heading), y + step * math.sin(heading)
                x, y = nx, ny
                points.append((x, y))
            wkt = "LINESTRING (" + ", ".join(f"{px:.3f} {py:.3f}" for px, py in points) + ")"
            f.write(f'"{wkt}",{road},R{road}\n')


def regions(path, rng):
    nx, ny, dense = 10, 5, 50
    lattice = {}
    for j in range(ny + 1):
        for i in range(nx + 1):
            jx = 0.0 if i in (0, nx) else rng.uniform(-0.3, 0.3)
            jy = 0.0 if j in (0, ny) else rng.uniform(-0.3, 0.3)
            lattice[i, j] = (X0 + (i + jx) * W / nx, Y0 + (j + jy) * H / ny)

    def edge(a, b):  # densified straight edge; the same points whichever side walks it
        pa, pb = lattice[a], lattice[b]
        return [(pa[0] + (pb[0] - pa[0]) * k / dense, pa[1] + (pb[1] - pa[1]) * k / dense) for k in range(dense)]

    with open(path, "w") as f:
        f.write("WKT,region_id,name,score\n")
        for j in range(ny):
            for i in range(nx):
                ring = (edge((i, j), (i + 1, j)) + edge((i + 1, j), (i + 1, j + 1)) +
                        edge((i + 1, j + 1), (i, j + 1)) + edge((i, j + 1), (i, j)))
                ring.append(ring[0])
                wkt = "POLYGON ((" + ", ".join(f"{x:.3f} {y:.3f}" for x, y in ring) + "))"
                f.write(f'"{wkt}",{j * nx + i},region {j * nx + i},{rng.uniform(20, 60):.2f}\n')


def scene(args):
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    # Roads and regions first: the same for any number of sites.
    roads(os.path.join(args.out, "roads.csv"), args.roads, args.vertices, rng)
    regions(os.path.join(args.out, "regions.csv"), rng)
    sites(os.path.join(args.out, "sites.csv"), args.points, args.polygons, rng)


def zones(args):
    rng = random.Random(args.seed)
    extent = args.size * args.cell
    centres, radii = [], []
    with open(args.out, "w") as f:
        f.write("WKT,site_id,name,cu\n")
        for i in range(args.zones):
            r = rng.uniform(15, 45) * args.cell
            x = args.xmin + r + rng.random() * (extent - 2 * r)
            y = args.ymax - r - rng.random() * (extent - 2 * r)
            centres.append((x, y))
            radii.append(r)
            f.write(f'"{star(rng, x, y, r, 24)}",Z{i},zone {i},1\n')
    # Share of zones whose disc of their largest radius meets another's: an upper bound of the
    # overlap, close to it (the rings reach 60-100 % of the radius). Bucketed by 90-cell squares.
    bucket = 90 * args.cell
    grid = {}
    for i, (x, y) in enumerate(centres):
        grid.setdefault((int(x // bucket), int(y // bucket)), []).append(i)
    overlapping = 0
    for i, (x, y) in enumerate(centres):
        bx, by = int(x // bucket), int(y // bucket)
        near = (j for dx in (-1, 0, 1) for dy in (-1, 0, 1) for j in grid.get((bx + dx, by + dy), ()))
        if any(j != i and math.hypot(x - centres[j][0], y - centres[j][1]) < 0.8 * (radii[i] + radii[j]) for j in near):
            overlapping += 1
    print(f"zones: {args.zones}, {overlapping / args.zones:.0%} overlap another (centres closer than 0.8 x the radii's sum)")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="what", required=True)
    s = sub.add_parser("scene")
    s.add_argument("out")
    s.add_argument("--points", type=int, default=100000)
    s.add_argument("--polygons", type=int, default=10000)
    s.add_argument("--roads", type=int, default=4000)
    s.add_argument("--vertices", type=int, default=250)
    s.add_argument("--seed", type=int, default=42)
    z = sub.add_parser("zones")
    z.add_argument("out")
    z.add_argument("--xmin", type=float, required=True)
    z.add_argument("--ymax", type=float, required=True)
    z.add_argument("--size", type=int, default=8192)
    z.add_argument("--cell", type=float, default=30.0)
    z.add_argument("--zones", type=int, default=10000)
    z.add_argument("--seed", type=int, default=42)
    args = p.parse_args()
    {"scene": scene, "zones": zones}[args.what](args)


if __name__ == "__main__":
    main()
