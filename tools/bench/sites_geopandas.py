#!/usr/bin/env python3
"""The geopandas reference for the site-scoring benchmark (tools/bench/sites_bench).

Debian 12's geopandas 0.12 has no sjoin_nearest without pygeos, so the nearest road is found as
the issue describes: shapely's STRtree nearest (GEOS) per site, then the true distance; the
region with geopandas' sjoin (the site's region: intersects, first region on a shared edge).
The sites may be points or polygons; the roads long polylines (one feature per road).
Usage: sites_geopandas.py DATA_DIR OUT_CSV; prints phase timings as JSON on stdout.
"""
import json
import sys
import time

t0 = time.perf_counter()
import geopandas as gpd  # noqa: E402
from shapely.strtree import STRtree  # noqa: E402

data, out = sys.argv[1], sys.argv[2]
sites = gpd.read_file(f"{data}/sites.fgb")
roads = gpd.read_file(f"{data}/roads.fgb")
regions = gpd.read_file(f"{data}/regions.fgb")
t_read = time.perf_counter()

road_geoms = list(roads.geometry)
tree = STRtree(road_geoms)
distances = []
for g in sites.geometry:
    nearest = tree.nearest(g)
    distances.append(g.distance(nearest))
t_nearest = time.perf_counter()

joined = gpd.sjoin(sites, regions[["score", "geometry"]], how="left", predicate="intersects")
joined = joined[~joined.index.duplicated(keep="first")]
scores = joined["score"].reindex(sites.index)
t_join = time.perf_counter()

with open(out, "w") as f:
    f.write("site_id,road_dist,region_score\n")
    for sid, d, s in zip(sites["site_id"], distances, scores):
        f.write(f"{sid},{d!r},{s!r}\n")
t_end = time.perf_counter()
print(json.dumps({"import_and_read_s": t_read - t0, "nearest_s": t_nearest - t_read, "sjoin_s": t_join - t_nearest,
                  "write_s": t_end - t_join, "total_s": t_end - t0}))
