#!/usr/bin/env python3
"""Regenerates src/render/chart/map/countries-50m.bin, the land and borders every map draws.

The data is Natural Earth's 1:50m admin-0 countries (public domain), as the
npm package `world-atlas` 2.0.2 ships it in TopoJSON (package: ISC licence,
Copyright 2013-2019 Michael Bostock). Fetch and convert:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 tools/map_asset.py package/countries-50m.json src/render/chart/map/countries-50m.bin

Format: an ASCII header ending with an empty line, then little-endian binary:
u16 countries; per country: u8 name length, UTF-8 name, i16 label lon and lat
(hundredths of a degree), u16 rings; per ring: u32 points, then each point's
lon and lat in hundredths of a degree as zigzag LEB128 deltas from the
previous point (from 0,0 for the first). Rings repeating a point after
quantisation lose the repeat.
"""
import json
import sys

HEADER = (
    "dossier map asset 1: land and country borders.\n"
    "Natural Earth 1:50m admin-0 countries, public domain (naturalearthdata.com),\n"
    "from the npm package world-atlas 2.0.2 (ISC licence, (c) 2013-2019 Michael Bostock).\n"
    "Regenerate with tools/map_asset.py.\n\n"
)


def arcs_of(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def ring(arcs, refs):
    pts = []
    for r in refs:
        a = arcs[r] if r >= 0 else list(reversed(arcs[~r]))
        pts.extend(a if not pts else a[1:])
    return pts


def area(pts):
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1])) / 2


def centroid(pts):
    a = area(pts)
    if a == 0:
        xs, ys = zip(*pts)
        return sum(xs) / len(xs), sum(ys) / len(ys)
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]):
        f = x0 * y1 - x1 * y0
        cx += (x0 + x1) * f
        cy += (y0 + y1) * f
    return cx / (6 * a), cy / (6 * a)


def varint(n, out):
    n = (n << 1) ^ (n >> 63)  # zigzag
    n &= (1 << 64) - 1
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return


def main(src, dst):
    topo = json.load(open(src, encoding="utf-8"))
    arcs = arcs_of(topo)
    countries = []
    for g in topo["objects"]["countries"]["geometries"]:
        name = g.get("properties", {}).get("name", "")
        polys = {"Polygon": [g.get("arcs", [])], "MultiPolygon": g.get("arcs", [])}.get(g["type"], [])
        rings = []
        for poly in polys:
            for refs in poly:
                q = []
                for x, y in ring(arcs, refs):
                    p = (round(x * 100), round(y * 100))
                    if not q or q[-1] != p:
                        q.append(p)
                if len(q) >= 4:
                    rings.append(q)
        if not rings:
            continue
        big = max(rings, key=lambda r: abs(area(r)))
        lx, ly = centroid(big)
        countries.append((name, (round(lx), round(ly)), rings))
    countries.sort(key=lambda c: c[0])
    out = bytearray(HEADER.encode("ascii"))
    out += len(countries).to_bytes(2, "little")
    for name, (lx, ly), rings in countries:
        n = name.encode("utf-8")
        out.append(len(n))
        out += n
        out += lx.to_bytes(2, "little", signed=True) + ly.to_bytes(2, "little", signed=True)
        out += len(rings).to_bytes(2, "little")
        for r in rings:
            out += len(r).to_bytes(4, "little")
            px = py = 0
            for x, y in r:
                varint(x - px, out)
                varint(y - py, out)
                px, py = x, y
    open(dst, "wb").write(out)
    print(f"{len(countries)} countries, {sum(len(c[2]) for c in countries)} rings, "
          f"{sum(len(r) for c in countries for r in c[2])} points, {len(out)} bytes")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
