//! The feed and area server functions through the router: right data, pagination, and
//! clear 4xx errors for bad arguments.

mod common;

use axum::http::StatusCode;
use serde_json::Value;

const CITY_CENTRE: &str = "E05011376"; // Piccadilly (Manchester)

fn items(page: &Value) -> &Vec<Value> {
    page["items"].as_array().expect("items")
}

fn error_text(body: &Value) -> String {
    body.to_string()
}

#[test]
fn feed_for_a_ward_includes_the_areas_above_newest_first() {
    common::run(async {
        let h = common::harness().await;
        let (status, page) = h.call("feed", &[("area", CITY_CENTRE)]).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["context"]["area"]["name"], "Piccadilly");
        let chain: Vec<_> =
            page["context"]["ancestors"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
        assert_eq!(chain, ["Manchester", "Greater Manchester Police", "United Kingdom"]);
        assert_eq!(page["context"]["numbers"]["emergency"], "999");

        let list = items(&page);
        assert_eq!(list.len(), 20, "default page size");
        let times: Vec<&str> = list.iter().map(|i| i["published_utc"].as_str().unwrap()).collect();
        let mut sorted = times.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(times, sorted, "newest first");
        assert!(list.iter().all(|i| i["published_local"].as_str().unwrap().ends_with("GMT")
            || i["published_local"].as_str().unwrap().ends_with("BST")));
        assert!(page["next_cursor"].is_string());
    })
}

#[test]
fn pagination_walks_every_item_once_and_hides_expired_ones() {
    common::run(async {
        let h = common::harness().await;
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        let mut pages = 0;
        loop {
            let mut args = vec![("area", CITY_CENTRE), ("limit", "7")];
            if let Some(c) = &cursor {
                args.push(("cursor", c.as_str()));
            }
            let (status, page) = h.call("feed", &args).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            pages += 1;
            seen.extend(
                items(&page).iter().map(|i| (i["id"].as_i64().unwrap(), i["title"].as_str().unwrap().to_string())),
            );
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_string()),
                None => break,
            }
            assert!(pages < 20, "pagination does not end");
        }
        let mut ids: Vec<i64> = seen.iter().map(|s| s.0).collect();
        ids.dedup();
        assert_eq!(ids.len(), seen.len(), "no item twice");
        // The demo set has 35 live updates (one a demo Q&A answer) for Piccadilly with its council, force and country.
        assert_eq!(seen.len(), 35);
        assert_eq!(pages, 5);
        assert!(!seen.iter().any(|(_, t)| t.starts_with("Expired demo")), "expired update is hidden");
    })
}

#[test]
fn filters_by_kind_and_source() {
    common::run(async {
        let h = common::harness().await;
        let (status, page) = h.call("feed", &[("area", CITY_CENTRE), ("kind", "appeal")]).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!items(&page).is_empty());
        assert!(items(&page).iter().all(|i| i["kind"] == "appeal"));

        let (slug, name) = {
            let s = &page["sources"].as_array().unwrap()[0];
            (s[0].as_str().unwrap().to_string(), s[1].as_str().unwrap().to_string())
        };
        let (status, page) = h.call("feed", &[("area", CITY_CENTRE), ("source", &slug), ("limit", "50")]).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!items(&page).is_empty());
        assert!(items(&page).iter().all(|i| i["source_name"] == name.as_str()));
    })
}

#[test]
fn bad_arguments_get_clear_4xx_errors() {
    common::run(async {
        let h = common::harness().await;
        /// (server function, arguments, expected status, expected text in the error)
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], StatusCode, &'a str);
        let cases: &[Case] = &[
            ("feed", &[("area", "E05999999")], StatusCode::NOT_FOUND, "no area with code E05999999"),
            ("feed", &[], StatusCode::BAD_REQUEST, "area code is required"),
            ("feed", &[("area", "x'; DROP TABLE updates; --")], StatusCode::BAD_REQUEST, "is not an area code"),
            (
                "feed",
                &[("area", CITY_CENTRE), ("limit", "100000")],
                StatusCode::BAD_REQUEST,
                "Page size must be a whole number from 1 to 50",
            ),
            ("feed", &[("area", CITY_CENTRE), ("limit", "0")], StatusCode::BAD_REQUEST, "from 1 to 50"),
            ("feed", &[("area", CITY_CENTRE), ("cursor", "yesterday")], StatusCode::BAD_REQUEST, "bad cursor"),
            ("feed", &[("area", CITY_CENTRE), ("kind", "gossip")], StatusCode::BAD_REQUEST, "not a kind of update"),
            ("locate", &[("cell", "53.4774,-2.2309")], StatusCode::BAD_REQUEST, "is not a location cell"),
            ("locate", &[("cell", "99999_1")], StatusCode::BAD_REQUEST, "is not a location cell"),
            ("locate", &[], StatusCode::BAD_REQUEST, "is not a location cell"),
            ("update", &[("id", "abc")], StatusCode::BAD_REQUEST, "not an update number"),
            ("update", &[("id", "999999")], StatusCode::NOT_FOUND, "no update number 999999"),
            ("areas_search", &[("q", &"x".repeat(61))], StatusCode::BAD_REQUEST, "at most 60 characters"),
        ];
        for (name, args, want_status, want_text) in cases {
            let (status, body) = h.call(name, args).await;
            assert_eq!(status, *want_status, "{name} {args:?}: {body}");
            assert!(error_text(&body).contains(want_text), "{name} {args:?}: {body}");
        }
    })
}

#[test]
fn a_cell_returns_the_wards_it_overlaps() {
    common::run(async {
        let h = common::harness().await;
        // The cell around Manchester Piccadilly (53.4774, -2.2309), computed as the phone does.
        let pos = app::areas::cell::LatLon::new(53.4774, -2.2309).unwrap();
        let cell = app::areas::cell::CellId::containing(pos).to_string();
        let (status, body) = h.call("locate", &[("cell", &cell)]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let wards: Vec<_> =
            body.as_array().unwrap().iter().map(|c| c["area"]["name"].as_str().unwrap().to_string()).collect();
        assert!(wards.contains(&"Piccadilly".to_string()), "{wards:?}");
        // And the device's pick from that answer is Piccadilly.
        let candidates: Vec<app::areas::locate::CellArea> = serde_json::from_value(body).unwrap();
        match app::areas::locate::pick_area(pos, &candidates) {
            app::areas::locate::Located::Inside(a) => assert_eq!(a.name, "Piccadilly"),
            other => panic!("{other:?}"),
        }
        // A cell in the middle of the North Sea overlaps nothing.
        let sea = app::areas::cell::CellId::containing(app::areas::cell::LatLon::new(55.0, 3.0).unwrap()).to_string();
        let (status, body) = h.call("locate", &[("cell", &sea)]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, serde_json::json!([]));
    })
}

#[test]
fn a_cell_outside_every_ward_is_told_its_country_and_numbers() {
    common::run(async {
        let h = common::harness().await;
        let country_at = |lat: f64, lon: f64| {
            let cell = app::areas::cell::CellId::containing(app::areas::cell::LatLon::new(lat, lon).unwrap());
            let h = &h;
            async move {
                let (status, body) = h.call("country", &[("cell", &cell.to_string())]).await;
                assert_eq!(status, StatusCode::OK, "{body}");
                body
            }
        };
        // (place, latitude, longitude, country, emergency number): none of them in a ward Beat has.
        let known = [
            ("Auckland", -36.8485, 174.7633, "New Zealand", "111"),
            ("Sydney", -33.8688, 151.2093, "Australia", "000"),
            ("Toronto", 43.6532, -79.3832, "Canada", "911"),
            ("Stockholm", 59.3293, 18.0686, "Sweden", "112"),
            ("Reykjavik", 64.1466, -21.9426, "Iceland", "112"),
            ("Amsterdam", 52.3676, 4.9041, "Netherlands", "112"),
            ("Helsinki", 60.1699, 24.9384, "Finland", "112"),
            ("Leeds", 53.8008, -1.5491, "United Kingdom", "999"),
            ("Glasgow", 55.8642, -4.2518, "United Kingdom", "999"),
            ("Belfast", 54.5973, -5.9301, "United Kingdom", "999"),
        ];
        for (place, lat, lon, country, emergency) in known {
            let body = country_at(lat, lon).await;
            assert_eq!(body["area"]["name"], country, "{place}: {body}");
            assert_eq!(body["numbers"]["emergency"], emergency, "{place}");
        }
        // Countries Beat has no data for, and the open sea: not known, never guessed.
        for (place, lat, lon) in [("Paris", 48.8566, 2.3522), ("Dublin", 53.3498, -6.2603), ("North Sea", 55.0, 3.0)] {
            assert_eq!(country_at(lat, lon).await, serde_json::Value::Null, "{place}");
        }
        let (status, body) = h.call("country", &[("cell", "53.4774,-2.2309")]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    })
}

#[test]
fn search_finds_areas_by_english_or_welsh_name() {
    common::run(async {
        let h = common::harness().await;
        for (q, want) in
            [("cathays", "Cathays"), ("great lev", "Great Lever"), ("Grangetown", "Grangetown"), ("Treganna", "Canton")]
        {
            let (status, body) = h.call("areas_search", &[("q", q)]).await;
            assert_eq!(status, StatusCode::OK);
            let names: Vec<_> =
                body.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_string()).collect();
            assert!(names.contains(&want.to_string()), "{q}: {names:?}");
        }
        let (_, body) = h.call("areas_search", &[("q", "%")]).await;
        assert_eq!(body, serde_json::json!([]), "% is matched literally");
    })
}

/// The source filter names a source only when it has an update residents of the area can
/// see now: not one only scheduled, expired or withdrawn here, nor one that posts elsewhere.
/// (It reads `update_areas.source_id`, so this also proves that column is written.)
#[test]
fn the_source_filter_lists_only_sources_with_something_to_see_here() {
    use app::updates::kind::{Severity, UpdateKind};
    use app::updates::store::{self, NewUpdate};
    common::run(async {
        let h = common::harness().await;
        let listed = || async {
            let (status, page) = h.call("feed", &[("area", CITY_CENTRE)]).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            page["sources"].as_array().unwrap().iter().map(|s| s[0].as_str().unwrap().to_string()).collect::<Vec<_>>()
        };
        let before = listed().await;
        let sources: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, slug FROM sources ORDER BY id").fetch_all(&h.pool).await.unwrap();
        let (source_id, slug) =
            sources.into_iter().find(|(_, s)| !before.contains(s)).expect("a source with nothing here");
        let now = chrono::Utc::now().timestamp_millis();
        let hour = 3_600_000;
        let post = |area: &'static str, published: i64, expires: Option<i64>, withdraw: bool| {
            let pool = h.pool.clone();
            async move {
                let mut tx = pool.begin().await.unwrap();
                let update = NewUpdate {
                    kind: UpdateKind::Neighbourhood,
                    severity: Severity::Info,
                    title: "Filter test",
                    body: "Filter test",
                    source_id,
                    account_id: None,
                    published_at_ms: published,
                    expires_at_ms: expires,
                    is_demo: false,
                    area_codes: &[area],
                    author_id: None,
                    byline: None,
                    starts_at_ms: None,
                    ends_at_ms: None,
                    client_key: None,
                };
                let id = store::insert(&mut tx, &update, now).await.unwrap();
                if withdraw {
                    assert!(store::withdraw(&mut tx, id, now).await.unwrap());
                }
                tx.commit().await.unwrap();
            }
        };
        post(CITY_CENTRE, now + hour, None, false).await; // scheduled
        post(CITY_CENTRE, now - 2 * hour, Some(now - hour), false).await; // expired
        post(CITY_CENTRE, now - hour, None, true).await; // withdrawn
        post("W05001296", now - hour, None, false).await; // another force's ward
        assert_eq!(listed().await, before, "{slug} has nothing to see in Piccadilly yet");
        post(CITY_CENTRE, now - hour, None, false).await;
        let after = listed().await;
        assert!(after.contains(&slug), "{slug} now has: {after:?}");
        assert_eq!(after.len(), before.len() + 1);
    })
}
