//! Feeds out: every area document parsed back with independent parsers (feed-rs, ical,
//! roxmltree), ETag/Last-Modified and 304, autodiscovery, and the ingest round trip.

mod common;

use app::feeds::admin::add_feed;
use app::feeds::config::FeedConfig;
use app::feeds::poller::{Outcome, Poller};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::Harness;

const CITY_CENTRE: &str = "E05011376"; // Piccadilly (Manchester)

async fn get(h: &Harness, path: &str, headers: &[(&str, &str)]) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut req = Request::get(path).header(header::HOST, "beat.test");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    h.request(req.body(Body::empty()).unwrap()).await
}

fn parse_feed(body: &str) -> feed_rs::model::Feed {
    feed_rs::parser::parse(body.as_bytes()).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[test]
fn every_area_document_parses_back_with_its_required_fields() {
    common::run(async {
        let h = common::harness().await;
        let (_, demo) = h.call("feed", &[("area", CITY_CENTRE), ("limit", "50")]).await;
        let demo_titles: Vec<&str> =
            demo["items"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap()).collect();

        for (file, content_type) in [
            ("feed.atom", "application/atom+xml"),
            ("feed.rss", "application/rss+xml"),
            ("feed.json", "application/feed+json"),
        ] {
            let (code, headers, body) = get(&h, &format!("/area/{CITY_CENTRE}/{file}"), &[]).await;
            assert_eq!(code, StatusCode::OK, "{file}");
            assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with(content_type), "{file}");
            let feed = parse_feed(&body);
            assert_eq!(feed.title.unwrap().content, "Beat: Piccadilly (Manchester)", "{file}");
            let titles: Vec<String> = feed.entries.iter().map(|e| e.title.clone().unwrap().content).collect();
            assert_eq!(titles, demo_titles, "{file}: same items, same order as the app");
            for e in &feed.entries {
                assert!(e.id.contains("http://beat.test/updates/"), "{file}: {}", e.id);
                assert!(e.published.or(e.updated).is_some(), "{file}: a date");
                assert!(!e.links.is_empty() && e.links[0].href.starts_with("http://beat.test/"), "{file}");
            }
        }

        let (code, headers, ics) = get(&h, &format!("/area/{CITY_CENTRE}/events.ics"), &[]).await;
        assert_eq!(
            (code, headers[header::CONTENT_TYPE].to_str().unwrap()),
            (StatusCode::OK, "text/calendar; charset=utf-8")
        );
        let calendar = ical::IcalParser::new(ics.as_bytes()).next().expect("a calendar").expect("valid iCalendar");
        let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
            e.properties.iter().find(|p| p.name == name).and_then(|p| p.value.clone())
        };
        assert!(!calendar.events.is_empty());
        for event in &calendar.events {
            for required in ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"] {
                assert!(prop(event, required).is_some(), "{required} in {ics}");
            }
        }
        let summaries: Vec<String> = calendar.events.iter().filter_map(|e| prop(e, "SUMMARY")).collect();
        assert!(summaries.iter().any(|s| s.contains("Beat meeting for City Centre residents")), "{summaries:?}");

        let (_, _, index) = get(&h, &format!("/area/{CITY_CENTRE}/alerts.atom"), &[]).await;
        let index = parse_feed(&index);
        assert!(!index.entries.is_empty(), "the demo has warnings here");
        for entry in &index.entries {
            let cap = entry
                .links
                .iter()
                .find(|l| l.media_type.as_deref() == Some("application/cap+xml"))
                .expect("a CAP link");
            let path = cap.href.trim_start_matches("http://beat.test");
            let (code, headers, xml) = get(&h, path, &[]).await;
            assert_eq!(
                (code, headers[header::CONTENT_TYPE].to_str().unwrap()),
                (StatusCode::OK, "application/cap+xml; charset=utf-8")
            );
            let doc = roxmltree::Document::parse(&xml).unwrap();
            let alert = doc.root_element();
            assert_eq!(alert.tag_name().namespace(), Some("urn:oasis:names:tc:emergency:cap:1.2"));
            let child = |n: roxmltree::Node, name: &str| {
                n.children().find(|c| c.tag_name().name() == name).and_then(|c| c.text().map(str::to_string))
            };
            for required in ["identifier", "sender", "sent", "status", "msgType", "scope"] {
                assert!(child(alert, required).is_some(), "{required} in {xml}");
            }
            assert!(!child(alert, "sent").unwrap().ends_with('Z'), "CAP times have no Z");
            let info = alert.children().find(|c| c.tag_name().name() == "info").expect("info");
            for required in ["category", "event", "urgency", "severity", "certainty"] {
                assert!(child(info, required).is_some(), "{required} in {xml}");
            }
            let area = info.children().find(|c| c.tag_name().name() == "area").expect("area");
            assert!(child(area, "areaDesc").is_some());
        }
    })
}

#[test]
fn documents_carry_validators_and_answer_304() {
    common::run(async {
        let h = common::harness().await;
        let path = format!("/area/{CITY_CENTRE}/feed.atom");
        let (_, headers, body) = get(&h, &path, &[]).await;
        let etag = headers[header::ETAG].to_str().unwrap().to_string();
        let last_modified = headers[header::LAST_MODIFIED].to_str().unwrap().to_string();
        assert!(etag.starts_with("W/\""), "{etag}");
        let (code, again, empty) = get(&h, &path, &[("if-none-match", &etag)]).await;
        assert_eq!((code, empty.as_str()), (StatusCode::NOT_MODIFIED, ""));
        assert_eq!(again[header::ETAG], etag.as_str());
        let (code, _, _) = get(&h, &path, &[("if-modified-since", &last_modified)]).await;
        assert_eq!(code, StatusCode::NOT_MODIFIED);
        let (code, _, same) = get(&h, &path, &[("if-none-match", "\"something-else\"")]).await;
        assert_eq!((code, same == body), (StatusCode::OK, true), "byte-identical when nothing changed");

        // A new update changes the document, its ETag and its Last-Modified.
        let officer = h.sign_in("officer.citycentre").await;
        let title = "<script>alert(1)</script> & \"Road\" closed";
        let args = [
            ("area", CITY_CENTRE),
            ("kind", "neighbourhood"),
            ("severity", "info"),
            ("title", title),
            ("body", "Use the A6 <b>instead</b>."),
        ];
        let (code, id) = h.call_as(Some(&officer), "publish_update", &args).await;
        assert_eq!(code, StatusCode::OK, "{id}");
        let (code, headers, body) = get(&h, &path, &[("if-none-match", &etag)]).await;
        assert_eq!(code, StatusCode::OK);
        assert_ne!(headers[header::ETAG], etag.as_str());
        let feed = parse_feed(&body);
        let first = &feed.entries[0];
        assert_eq!(first.title.as_ref().unwrap().content, title, "hostile text survives as text");
        assert!(!body.contains("<script>"), "escaped in the XML");
        assert_eq!(first.content.as_ref().unwrap().body.as_deref(), Some("Use the A6 <b>instead</b>."));
    })
}

#[test]
fn area_pages_advertise_their_feeds_and_bad_requests_are_clear() {
    common::run(async {
        let h = common::harness().await;
        let (_, page) = h.get(&format!("/area/{CITY_CENTRE}")).await;
        let head = &page[..page.find("</head>").expect("a head")];
        for (file, media) in [
            ("feed.atom", "application/atom+xml"),
            ("feed.rss", "application/rss+xml"),
            ("feed.json", "application/feed+json"),
        ] {
            let link = format!(r#"<link href="/area/{CITY_CENTRE}/{file}" rel="alternate" title="Piccadilly updates"#);
            let at = head.find(&link).unwrap_or_else(|| panic!("{link} not in the head"));
            assert!(head[at..].split('>').next().unwrap().contains(&format!(r#"type="{media}""#)), "{file}");
        }
        assert!(page.contains("Subscribe to these updates"));
        assert!(page.contains(&format!(r#"href="/area/{CITY_CENTRE}/events.ics""#)));
        let cases = [
            ("/area/not%20a%20code/feed.atom", StatusCode::BAD_REQUEST, "is not an area code"),
            ("/area/E99999999/feed.rss", StatusCode::NOT_FOUND, "There is no area with code E99999999"),
            ("/updates/abc/alert.cap", StatusCode::BAD_REQUEST, ""),
            ("/updates/999999/alert.cap", StatusCode::NOT_FOUND, "no warning number 999999"),
        ];
        for (path, status, want) in cases {
            let (code, _, body) = get(&h, path, &[]).await;
            assert_eq!(code, status, "{path}: {body}");
            assert!(body.contains(want), "{path}: {body}");
        }
    })
}

#[test]
fn an_ingested_item_comes_out_in_its_areas_atom_feed() {
    common::run(async {
        let h = common::harness().await;
        let (base, _) = common::fixture_server::start().await;
        let config =
            FeedConfig::check(&format!("{base}/fixtures/news.json"), "", "neighbourhood", "E05011350", "15", false)
                .unwrap();
        let id = add_feed(&h.pool, None, "gmp", &config).await.unwrap();
        // The fixture server is on loopback: the harness allows it as an on-premises feed host.
        let poller = Poller::new(h.pool.clone(), h.state.areas.clone(), h.state.feed_limits.clone());
        assert!(matches!(poller.poll_now(id).await.unwrap(), Some(Outcome::Stored(r)) if r.new == 2));

        let (_, _, body) = get(&h, "/area/E05011350/feed.atom", &[]).await;
        let feed = parse_feed(&body);
        let entry = feed
            .entries
            .iter()
            .find(|e| e.title.as_ref().unwrap().content == "Foot patrols tonight")
            .expect("in Ancoats & Beswick");
        assert_eq!(
            entry.content.as_ref().unwrap().body.as_deref(),
            Some("Extra foot patrols around the station this evening.")
        );
        assert!(entry.links.iter().any(|l| l.href == "https://team.example/posts/1"), "the agency's own link is kept");
        assert_eq!(entry.authors[0].name.as_deref(), Some("Greater Manchester Police"));
        let (_, _, elsewhere) = get(&h, &format!("/area/{CITY_CENTRE}/feed.atom"), &[]).await;
        assert!(!elsewhere.contains("Foot patrols tonight"), "not in another ward");
    })
}
