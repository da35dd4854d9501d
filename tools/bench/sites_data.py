#!/usr/bin/env python3
"""Synthetic data for the site-scoring benchmark (tools/bench/sites_bench), in UTM 42N metres.

Writes, into the output folder, CSV files with WKT geometries (converted to FlatGeobuf by the
bench script with ogr2ogr):
  sites.csv    N points uniformly spread over a 600 x 500 km box
  roads.csv    ~M two-point road segments: random walks with momentum (a road network's look)
  regions.csv  50 quadrilateral regions on a jittered 10 x 5 lattice, edges densified to 200
               vertices per region, sharing their edges exactly; a numeric `score` each
Deterministic for a seed. Usage: sites_data.py OUT_DIR [SITES] [SEGMENTS] [SEED]
"""
import math
import os
import random
import sys

X0, Y0, W, H = 200000.0, 2800000.0, 600000.0, 500000.0


def sites(path, n, rng):
    with open(path, "w") as f:
        f.write("WKT,site_id,name,cu\n")
        for i in range(n):
            x = X0 + rng.random() * W
            y = Y0 + rng.random() * H
            f.write(f'"POINT ({x:.3f} {y:.3f})",S{i},site {i},1\n')


def roads(path, segments, rng):
    per_road = 500
    written = 0
    with open(path, "w") as f:
        f.write("WKT,road_id,name\n")
        road = 0
        while written < segments:
            x = X0 + rng.random() * W
            y = Y0 + rng.random() * H
            heading = rng.random() * 2 * math.pi
            for _ in range(min(per_road, segments - written)):
                heading += rng.gauss(0.0, 0.25)
                step = 200.0 + rng.random() * 800.0
                nx, ny = x + step * math.cos(heading), y + step * math.sin(heading)
                if not (X0 <= nx <= X0 + W and Y0 <= ny <= Y0 + H):  # turn back at the border
                    heading += math.pi
                    nx, ny = x + step * math.cos(heading), y + step * math.sin(heading)
                f.write(f'"LINESTRING ({x:.3f} {y:.3f}, {nx:.3f} {ny:.3f})",{written},R{road}\n')
                x, y = nx, ny
                written += 1
            road += 1


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


def main():
    out = sys.argv[1]
    n_sites = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    n_segments = int(sys.argv[3]) if len(sys.argv) > 3 else 1000000
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 42
    os.makedirs(out, exist_ok=True)
    rng = random.Random(seed)
    sites(os.path.join(out, "sites.csv"), n_sites, rng)
    roads(os.path.join(out, "roads.csv"), n_segments, rng)
    regions(os.path.join(out, "regions.csv"), rng)


if __name__ == "__main__":
    main()
