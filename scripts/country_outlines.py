#!/usr/bin/env python3
"""Makes the country outlines Beat uses to tell a resident outside its wards which country they
are in (and so which emergency number to show): one GeoJSON file per country in
server/data/boundaries/countries/, from the checked boundary package (../shared/data/boundaries-uk).

GB is the union of the police force areas of England and Wales and the wards of Scotland and
Northern Ireland; the other countries are the union of their admin-1 regions. Each outline is
widened by about 300 m (so a point on the coast or a 200 m-generalised edge is still inside)
and simplified to about 300 m: a cell sent by a phone is at least 1.1 km across, and this only
picks a country. Run again when the package changes:  python3 scripts/country_outlines.py
"""
import json
import sys
from pathlib import Path

from shapely.geometry import mapping, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/data/boundaries-uk"
OUT = ROOT / "server/data/boundaries/countries"
WIDEN_DEG = 0.003
SIMPLIFY_DEG = 0.003


def shapes(path):
    return [shape(f["geometry"]) for f in json.loads(path.read_text())["features"]]


def outline(parts):
    merged = unary_union([p.buffer(0) for p in parts]).buffer(WIDEN_DEG).simplify(SIMPLIFY_DEG, preserve_topology=True)
    return json.loads(json.dumps(mapping(merged)), parse_float=lambda x: round(float(x), 4))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    countries = {c["iso2"]: c for c in json.loads((PACKAGE / "countries.json").read_text())}
    gb = shapes(PACKAGE / "gb/police_force_areas.json")
    for ward_file in sorted((PACKAGE / "gb/wards").glob("[SN]*.json")):
        gb += shapes(ward_file)
    sources = {"GB": gb}
    for iso2, country in countries.items():
        if iso2 != "GB" and country.get("admin1_file"):
            sources[iso2] = shapes(PACKAGE / country["admin1_file"])
    for iso2, parts in sorted(sources.items()):
        geometry = outline(parts)
        doc = {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {"code": iso2, "name": countries.get(iso2, {}).get("name", iso2)}, "geometry": geometry}],
        }
        path = OUT / f"{iso2}.json"
        path.write_text(json.dumps(doc, separators=(",", ":")) + "\n")
        print(f"{iso2}: {len(parts)} parts -> {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
