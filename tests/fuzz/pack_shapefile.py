#!/usr/bin/env python3
"""Packs a Shapefile into one fuzz_vector_ingest input: "SHP\\n", then .shp, .shx, .dbf and .prj
(when present), each as a 4-byte little-endian length and its bytes.
Usage: pack_shapefile.py layer.shp out.bin"""
import os
import struct
import sys

base, out = os.path.splitext(sys.argv[1])[0], sys.argv[2]
blob = b"SHP\n"
for ext in (".shp", ".shx", ".dbf", ".prj"):
    if ext == ".prj" and not os.path.exists(base + ext):
        break
    with open(base + ext, "rb") as f:
        data = f.read()
    blob += struct.pack("<I", len(data)) + data
with open(out, "wb") as f:
    f.write(blob)
