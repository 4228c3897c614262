//! Every known point of the boundary package (server/data/boundaries/known_points.csv) found the
//! way a phone finds it: the position becomes a cell, the server's `locate` answers with the
//! places overlapping that cell (clipped to it), and the phone picks among them. Landmarks in
//! all four nations, detached island parts of wards, points inside wards' holes, and a point
//! at sea that must get the outside-coverage answer.
#![cfg(feature = "ssr")]

use app::areas::cell::{CellId, LatLon};
use app::areas::hierarchy::{index_of, read_hierarchy, CheckedHierarchy};
use app::areas::index::AreaIndex;
use app::areas::locate::{pick_area, Located};
use std::path::Path;
use std::sync::OnceLock;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../server/data");

fn hierarchy() -> &'static (CheckedHierarchy, AreaIndex) {
    static SHIPPED: OnceLock<(CheckedHierarchy, AreaIndex)> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        let checked = read_hierarchy(&Path::new(DATA).join("areas.json")).expect("the shipped hierarchy reads");
        let index = index_of(&checked);
        (checked, index)
    })
}

fn shipped() -> &'static AreaIndex {
    &hierarchy().1
}

/// What the phone concludes at (lat, lon): the cell's answer from the server, then the pick.
fn on_device(lat: f64, lon: f64) -> (Located, usize) {
    let pos = LatLon::new(lat, lon).unwrap();
    let cell = CellId::containing(pos);
    // The wire form round-trips, as the `locate` server function parses it.
    let cell = CellId::parse(&cell.to_string()).unwrap();
    let answer = shipped().overlapping(cell.bounds());
    let bytes = serde_json::to_vec(&answer).unwrap().len();
    (pick_area(pos, &answer), bytes)
}

struct Point {
    lat: f64,
    lon: f64,
    code: String,
    case: String,
    label: String,
}

fn known_points() -> Vec<Point> {
    let text = std::fs::read_to_string(Path::new(DATA).join("boundaries/known_points.csv")).unwrap();
    let mut points = Vec::new();
    for line in text.lines().skip(1) {
        // lat,lon,code,name,lad_code,lad_name,vintage,case,label,note; labels may be quoted.
        let mut fields = Vec::new();
        let (mut field, mut quoted) = (String::new(), false);
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => fields.push(std::mem::take(&mut field)),
                c => field.push(c),
            }
        }
        fields.push(field);
        points.push(Point {
            lat: fields[0].parse().unwrap(),
            lon: fields[1].parse().unwrap(),
            code: fields[2].clone(),
            case: fields[7].clone(),
            label: fields[8].clone(),
        });
    }
    points
}

#[test]
fn every_known_point_resolves_through_the_phones_own_flow() {
    let points = known_points();
    assert_eq!(points.len(), 39, "the package's 39 points");
    let mut wrong = Vec::new();
    for p in &points {
        let (located, _) = on_device(p.lat, p.lon);
        let got = match &located {
            Located::Inside(area) => area.code.as_str().to_string(),
            Located::Nearby(list) => format!("nearby {:?}", list.iter().map(|a| a.code.as_str()).collect::<Vec<_>>()),
        };
        if p.case == "outside" {
            let outside = matches!(&located, Located::Nearby(list) if list.is_empty());
            if !outside {
                wrong.push(format!("{} ({}): expected no area, got {got}", p.label, p.case));
            }
            let b = CellId::containing(LatLon::new(p.lat, p.lon).unwrap()).bounds();
            let country = shipped().country_at((b.min_lon + b.max_lon) / 2.0, (b.min_lat + b.max_lat) / 2.0);
            assert!(country.is_none(), "{}: at sea is in no country Beat knows, not {country:?}", p.label);
        } else if got != p.code {
            wrong.push(format!("{} ({}): expected {}, got {got}", p.label, p.case, p.code));
        }
    }
    assert!(wrong.is_empty(), "{} of {} points wrong:\n{}", wrong.len(), points.len(), wrong.join("\n"));
    for case in ["landmark", "island", "hole", "outside"] {
        assert!(points.iter().any(|p| p.case == case), "the package has {case} points");
    }
}

#[test]
fn the_other_countries_place_a_resident_in_their_region_with_its_clock_and_number() {
    let cases = [
        (-36.8485, 174.7633, "NZ-AUK", "Auckland", "Pacific/Auckland", "111"),
        (-37.6878, 176.1651, "NZ-BOP", "Bay of Plenty", "Pacific/Auckland", "111"), // Tauranga
        (-31.9523, 115.8613, "AUS-2651", "Western Australia", "Australia/Perth", "000"), // Perth
        (-33.8688, 151.2093, "AUS-2654", "New South Wales", "Australia/Sydney", "000"), // Sydney
        (43.6532, -79.3832, "CA-ON", "Ontario", "America/Toronto", "911"),
        (49.2827, -123.1207, "CA-BC", "British Columbia", "America/Vancouver", "911"),
        (59.3293, 18.0686, "SWE-194", "Stockholm", "Europe/Stockholm", "112"),
        (64.1466, -21.9426, "ISL-5131", "Reykjavík", "Atlantic/Reykjavik", "112"),
        (52.3676, 4.9041, "NLD-3486", "Noord-Holland", "Europe/Amsterdam", "112"),
        (60.1699, 24.9384, "FIN-3193", "Uusimaa", "Europe/Helsinki", "112"),
    ];
    for (lat, lon, code, name, zone, emergency) in cases {
        match on_device(lat, lon).0 {
            Located::Inside(area) => assert_eq!((area.code.as_str(), area.name.as_str()), (code, name)),
            other => panic!("{name}: {other:?}"),
        }
        let row = hierarchy().0.rows.iter().find(|r| r.code.as_str() == code).unwrap();
        assert_eq!((row.time_zone.as_str(), row.emergency_number.as_str()), (zone, emergency), "{name}");
    }
}

#[test]
fn the_locate_answer_for_central_london_stays_small() {
    // The densest part of the map: the City of London and Westminster's small wards.
    let mut largest = (0usize, 0.0, 0.0);
    for row in 0..12 {
        for col in 0..12 {
            let (lat, lon) = (51.49 + row as f64 * 0.005, -0.20 + col as f64 * 0.01);
            let bytes = on_device(lat, lon).1;
            if bytes > largest.0 {
                largest = (bytes, lat, lon);
            }
        }
    }
    println!("largest locate answer in central London: {} bytes at {:.3},{:.3}", largest.0, largest.1, largest.2);
    assert!(largest.0 < 64 * 1024, "a cell's answer is {} bytes", largest.0);
}

/// Greater Manchester's wards are drawn at 20 m, their neighbours' at 200 m, and the coarse
/// shapes spill over the county edge (5.2 km² in all, the package README says). A position in
/// such an overlap lies inside two wards; the finer, Greater Manchester answer is the right
/// one, on the phone and in the server's own lookup, whichever ward's code sorts first.
#[test]
fn where_greater_manchester_overlaps_a_neighbour_the_finer_ward_wins() {
    let cases = [
        // (lat, lon, Greater Manchester ward, the neighbour's ward whose coarse shape overlaps it)
        (53.50728, -1.93337, "E05014659", "E05010648"), // Saddleworth South (Oldham) / Tintwistle (High Peak)
        (53.5768, -1.95564, "E05014658", "E05008559"),  // Saddleworth North / Colne Valley (Kirklees)
        (53.67207, -2.09991, "E05014041", "E05001385"), // Littleborough Lakeside (Rochdale) / Todmorden
        (53.65551, -2.32211, "E05014163", "E05015820"), // Ramsbottom (Bury) / Greenfield & Eden (Rossendale)
        (53.37004, -2.04705, "E05015030", "E05008627"), // Marple South & High Lane (Stockport) / Disley
        (53.3898, -2.43586, "E05015241", "E05011036"),  // Bowdon (Trafford) / Lymm North and Thelwall
    ];
    for (lat, lon, gm, neighbour) in cases {
        let pos = LatLon::new(lat, lon).unwrap();
        let answer = shipped().overlapping(CellId::containing(pos).bounds());
        let holding: Vec<&str> = answer
            .iter()
            .filter(|c| geo::Intersects::intersects(&c.to_multi_polygon(), &geo::Point::new(lon, lat)))
            .map(|c| c.area.code.as_str())
            .collect();
        assert!(holding.contains(&gm) && holding.contains(&neighbour), "({lat}, {lon}) is in both: {holding:?}");
        match pick_area(pos, &answer) {
            Located::Inside(area) => assert_eq!(area.code.as_str(), gm, "on the phone at ({lat}, {lon})"),
            other => panic!("({lat}, {lon}): {other:?}"),
        }
        assert_eq!(shipped().lookup(lon, lat).map(|a| a.code.as_str()), Some(gm), "lookup at ({lat}, {lon})");
    }
}
