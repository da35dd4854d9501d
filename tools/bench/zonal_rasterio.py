#!/usr/bin/env python3
"""The rasterio reference for the zonal part of the site-scoring benchmark (tools/bench/sites_bench).

What a user would write without oremap: per zone, read the window of its bounding box
(rasterio.features.geometry_window), mask the cells whose centre it covers
(rasterio.features.geometry_mask, GDAL's rasteriser, all_touched=False) and take the mean
(float64) and max of the data cells. One thread, zones in layer order.
Usage: zonal_rasterio.py RASTER ZONES OUT_CSV; prints phase timings as JSON on stdout.
"""
import json
import math
import sys
import time

t0 = time.perf_counter()
import fiona  # noqa: E402
import numpy as np  # noqa: E402
import rasterio  # noqa: E402
from rasterio.features import geometry_mask, geometry_window  # noqa: E402

raster, zones_path, out = sys.argv[1:4]
with fiona.open(zones_path) as f:
    zones = [(feature["properties"]["site_id"],
              {"type": feature["geometry"]["type"], "coordinates": feature["geometry"]["coordinates"]}) for feature in f]
t_read = time.perf_counter()

with rasterio.open(raster) as src, open(out, "w") as o:
    o.write("site_id,zone_mean,zone_max\n")
    for site_id, geometry in zones:
        window = geometry_window(src, [geometry])
        data = src.read(1, window=window)
        inside = geometry_mask([geometry], out_shape=data.shape, transform=src.window_transform(window), invert=True)
        values = data[inside]
        if src.nodata is not None and not math.isnan(src.nodata):
            values = values[values != src.nodata]
        values = values[~np.isnan(values)]
        mean = float(values.mean(dtype=np.float64)) if values.size else math.nan
        peak = float(values.max()) if values.size else math.nan
        o.write(f"{site_id},{mean!r},{peak!r}\n")
t_end = time.perf_counter()
print(json.dumps({"import_and_read_s": t_read - t0, "zonal_s": t_end - t_read, "total_s": t_end - t0}))
