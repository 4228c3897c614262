//! Feeds in: fixture feeds of every format, good and bad, served on loopback and polled
//! through the real fetcher, parser and store.

mod common;

use app::feeds::admin::add_feed;
use app::feeds::config::FeedConfig;
use app::feeds::fetch::Limits;
use app::feeds::poller::{Outcome, Poller};
use app::feeds::status::FeedSourceStatus;
use app::feeds::status_store::statuses;
use axum::http::StatusCode;
use common::{fixture_server, Harness};
use serde_json::Value;
use std::time::Duration;

const CITY_CENTRE: &str = "E05011376"; // Piccadilly (Manchester)

/// A short timeout and a 1 MB cap, so the slow and huge fixtures fail quickly.
fn poller(h: &Harness) -> Poller {
    // The fixture servers are on this machine: named as an operator names an on-premises feed.
    let limits = Limits {
        timeout: Duration::from_millis(1500),
        max_bytes: 1024 * 1024,
        internal_hosts: vec!["127.0.0.1".into()],
    };
    Poller::new(h.pool.clone(), h.state.areas.clone(), limits)
}

async fn add(h: &Harness, location: &str, format: &str, kind: &str, source: &str) -> i64 {
    let config = FeedConfig::check(location, format, kind, CITY_CENTRE, "15", true).unwrap();
    add_feed(&h.pool, None, source, &config).await.unwrap()
}

async fn status(h: &Harness, id: i64) -> FeedSourceStatus {
    statuses(&h.pool, Some(id)).await.unwrap().pop().unwrap()
}

async fn titles(h: &Harness, area: &str) -> Vec<String> {
    let (code, page) = h.call("feed", &[("area", area), ("limit", "50")]).await;
    assert_eq!(code, StatusCode::OK, "{page}");
    page["items"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap().to_string()).collect()
}

async fn item(h: &Harness, area: &str, title: &str) -> Value {
    let (_, page) = h.call("feed", &[("area", area), ("limit", "50")]).await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == title)
        .cloned()
        .unwrap_or_else(|| panic!("no item {title}"))
}

#[test]
fn every_format_is_read_stored_and_shown_in_its_area() {
    common::run(async {
        let h = common::harness().await;
        let (base, _) = fixture_server::start().await;
        let p = poller(&h);
        let rss = add(&h, &format!("{base}/fixtures/news.rss"), "", "neighbourhood", "gmp").await;
        let atom =
            add(&h, &format!("{base}/fixtures/news.atom"), "atom", "council_notice", "manchester-city-council").await;
        let json = add(&h, &format!("{base}/fixtures/news.json"), "", "neighbourhood", "gmp-city-centre").await;
        let cap = add(&h, &format!("{base}/fixtures/flood.cap"), "", "neighbourhood", "gmp").await;
        let latin1 = add(&h, &format!("{base}/fixtures/latin1.rss"), "", "neighbourhood", "gmp").await;
        let outcomes = p.poll_due().await.unwrap();
        assert_eq!(outcomes.len(), 5, "{outcomes:?}");
        for (id, new) in [(rss, 3), (atom, 2), (json, 2), (cap, 1), (latin1, 1)] {
            let s = status(&h, id).await;
            assert_eq!((s.health(), s.last_new, s.items_stored), ("Working", new, new), "{s:?}");
        }
        assert_eq!(status(&h, rss).await.detected_format.as_deref(), Some("RSS 2.0"));
        assert_eq!(status(&h, cap).await.detected_format.as_deref(), Some("CAP 1.2 alert"));

        let shown = titles(&h, CITY_CENTRE).await;
        for t in [
            "Witness appeal after shop break-in",
            "Item without a guid",
            "School closed today (storm)",
            "Lost dog found near the park",
            "Foot patrols tonight",
            "Flood warning: city centre riverside",
            "Café reopens: £5 off",
        ] {
            assert!(shown.contains(&t.to_string()), "{t} missing from {shown:?}");
        }
        // HTML reduced to text, the script gone, the mobile number redacted, the category mapped.
        let appeal = item(&h, CITY_CENTRE, "Witness appeal after shop break-in").await;
        assert_eq!(appeal["kind"], "appeal");
        let body = appeal["body"].as_str().unwrap();
        assert!(body.starts_with("Officers are appealing") && body.contains("call 101"), "{body}");
        assert!(!body.contains("07700") && !body.contains("alert(") && !body.contains('<'), "{body}");
        assert_eq!(appeal["original_url"], "https://police.example/news/101");
        assert_eq!(status(&h, rss).await.last_redacted, 1);
        // A javascript: link is never kept.
        let cycle = item(&h, CITY_CENTRE, "Cycle marking event & security advice").await;
        assert_eq!(cycle["original_url"], Value::Null);
        assert_eq!(cycle["body"], "Free cycle marking outside the library on Saturday.");
        // Council notices only from councils; the JSON Feed's "Events" tag made an event.
        assert_eq!(item(&h, CITY_CENTRE, "Lost dog found near the park").await["kind"], "council_notice");
        assert_eq!(item(&h, CITY_CENTRE, "Beat meeting next week").await["kind"], "event");
        // The CAP alert's circle lies in Piccadilly: it is there as a warning, not in Ancoats & Beswick.
        let flood = item(&h, CITY_CENTRE, "Flood warning: city centre riverside").await;
        assert_eq!((flood["severity"].as_str(), flood["area_name"].as_str()), (Some("warning"), Some("Piccadilly")));
        assert!(
            !titles(&h, "E05011350").await.contains(&"Flood warning: city centre riverside".to_string()),
            "not in Ancoats & Beswick"
        );
    })
}

#[test]
fn a_second_poll_is_conditional_and_stores_nothing_twice() {
    common::run(async {
        let h = common::harness().await;
        let (base, seen) = fixture_server::start().await;
        let p = poller(&h);
        let id = add(&h, &format!("{base}/fixtures/news.rss"), "rss", "neighbourhood", "gmp").await;
        assert!(matches!(p.poll_now(id).await.unwrap(), Some(Outcome::Stored(r)) if r.new == 3));
        assert_eq!(p.poll_now(id).await.unwrap(), Some(Outcome::NotModified));
        let sent = seen.requests_to("/fixtures/news.rss");
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[0], None, "the first request is unconditional");
        assert!(sent[1].as_deref().is_some_and(|t| t.starts_with('"')), "the second sends the ETag: {sent:?}");
        let s = status(&h, id).await;
        assert_eq!((s.items_stored, s.last_outcome.as_deref()), (3, Some("Not modified since the last poll")));

        // Without validators (a server that sends none), a re-poll finds the same items unchanged.
        sqlx::query("UPDATE feed_sources SET etag = NULL WHERE id = $1").bind(id).execute(&h.pool).await.unwrap();
        match p.poll_now(id).await.unwrap() {
            Some(Outcome::Stored(r)) => assert_eq!((r.new, r.changed, r.unchanged), (0, 0, 3)),
            other => panic!("{other:?}"),
        }
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM updates WHERE feed_source_id = $1")
            .bind(id)
            .fetch_one(&h.pool)
            .await
            .unwrap();
        assert_eq!(count, 3);
    })
}

#[test]
fn bad_feeds_fail_alone_with_plain_words_and_back_off() {
    common::run(async {
        let h = common::harness().await;
        let (base, _) = fixture_server::start().await;
        let p = poller(&h);
        let good =
            add(&h, &format!("{base}/fixtures/news.atom"), "", "council_notice", "manchester-city-council").await;
        p.poll_now(good).await.unwrap();
        let before = titles(&h, CITY_CENTRE).await;

        let cases = [
            ("/fixtures/malformed.rss", "could not be read as RSS 2.0"),
            ("/fixtures/mislabelled.rss", "could not be read as RSS 2.0"),
            ("/status/500", "answered 500 Internal Server Error"),
            ("/status/429", "answered 429 Too Many Requests"),
            ("/slow", "did not answer within 1 seconds"),
            ("/huge", "larger than 1 MB"),
            ("/fixtures/far-away.cap", "0 new"),
        ];
        for (path, want) in cases {
            let id = add(&h, &format!("{base}{path}"), "", "neighbourhood", "gmp").await;
            let outcome = p.poll_now(id).await.unwrap().unwrap();
            let s = status(&h, id).await;
            let said = s.last_error.clone().or(s.last_outcome.clone()).unwrap_or_default();
            assert!(said.contains(want), "{path}: {said} ({outcome:?})");
            if matches!(outcome, Outcome::Failed(_)) {
                assert_eq!((s.health(), s.failures, s.items_stored), ("Failing", 1, 0), "{path}");
                assert!(s.last_success.is_none());
                let next: i64 =
                    sqlx::query_scalar("SELECT next_poll_at_ms - last_polled_at_ms FROM feed_sources WHERE id = $1")
                        .bind(id)
                        .fetch_one(&h.pool)
                        .await
                        .unwrap();
                // 15 minutes doubled after one failure; a 429's Retry-After of 2 hours wins.
                let want_ms = if path == "/status/429" { 7_200_000 } else { 1_800_000 };
                assert_eq!(next, want_ms, "{path}");
            }
        }
        let far =
            statuses(&h.pool, None).await.unwrap().into_iter().find(|s| s.location.ends_with("far-away.cap")).unwrap();
        assert!(far.last_outcome.unwrap().contains("outside Beat's areas"));
        // The good feed's items are all still there, and the app still answers.
        assert_eq!(titles(&h, CITY_CENTRE).await, before);
        assert_eq!(status(&h, good).await.failures, 0);
    })
}

#[test]
fn a_changed_item_is_updated_and_a_cap_cancel_withdraws() {
    common::run(async {
        let h = common::harness().await;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("alert.cap");
        let fixture =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/feeds/flood.cap")).unwrap();
        std::fs::write(&path, &fixture).unwrap();
        let p = poller(&h);
        let id = add(&h, path.to_str().unwrap(), "cap", "neighbourhood", "gmp").await;
        assert!(matches!(p.poll_now(id).await.unwrap(), Some(Outcome::Stored(r)) if r.new == 1));
        // An unchanged file is not read again.
        assert_eq!(p.poll_now(id).await.unwrap(), Some(Outcome::NotModified));

        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&path, fixture.replace("River levels are high", "River levels are very high")).unwrap();
        assert!(matches!(p.poll_now(id).await.unwrap(), Some(Outcome::Stored(r)) if r.changed == 1 && r.new == 0));
        let flood = item(&h, CITY_CENTRE, "Flood warning: city centre riverside").await;
        assert!(flood["body"].as_str().unwrap().contains("very high"));

        let cancel = fixture
            .replace("<identifier>FIXTURE-FLOOD-1", "<identifier>FIXTURE-FLOOD-2")
            .replace("<msgType>Alert</msgType>", "<msgType>Cancel</msgType><references>alerts@agency.example,FIXTURE-FLOOD-1,2026-11-21T09:00:00-00:00</references>");
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&path, cancel).unwrap();
        assert!(matches!(p.poll_now(id).await.unwrap(), Some(Outcome::Stored(r)) if r.withdrawn == 1));
        assert!(!titles(&h, CITY_CENTRE).await.contains(&"Flood warning: city centre riverside".to_string()));
    })
}

#[test]
fn admins_add_feeds_on_the_web_with_field_errors() {
    common::run(async {
        let h = common::harness().await;
        let admin = h.sign_in("admin").await;
        let officer = h.sign_in("officer.citycentre").await;
        let args = |location: &'static str, areas: &'static str| {
            vec![
                ("location", location),
                ("source", "gmp"),
                ("format", ""),
                ("kind", "neighbourhood"),
                ("areas", areas),
                ("every_minutes", "15"),
            ]
        };
        let (code, _) =
            h.call_as(Some(&officer), "add_feed_source", &args("https://police.example/rss", CITY_CENTRE)).await;
        assert_eq!(code, StatusCode::FORBIDDEN);
        let cases = [
            (args("/etc/passwd", CITY_CENTRE), "location", "command line"),
            (args("https://police.example/rss", "W05001274"), "areas", "not in Greater Manchester Police's area"),
            (args("https://police.example/rss", "E99999999"), "areas", "no area with code"),
        ];
        for (a, field, want) in cases {
            let (code, body) = h.call_as(Some(&admin), "add_feed_source", &a).await;
            assert_eq!(code, StatusCode::BAD_REQUEST, "{body}");
            assert_eq!(body["Invalid"]["field"], field, "{body}");
            assert!(body["Invalid"]["message"].as_str().unwrap().contains(want), "{body}");
        }
        let (code, id) =
            h.call_as(Some(&admin), "add_feed_source", &args("https://police.example/rss", CITY_CENTRE)).await;
        assert_eq!(code, StatusCode::OK, "{id}");
        let (code, dup) =
            h.call_as(Some(&admin), "add_feed_source", &args("https://police.example/rss", CITY_CENTRE)).await;
        assert_eq!(
            (code, dup["Invalid"]["message"].as_str()),
            (StatusCode::BAD_REQUEST, Some("Beat already polls this feed."))
        );
        let (code, page) = h.get_as(&admin, &format!("/admin/feeds/{id}")).await;
        assert_eq!(code, StatusCode::OK);
        assert!(page.contains("https://police.example/rss") && page.contains("Not polled yet"), "{page}");
        let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'feed_source.add'")
            .fetch_one(&h.pool)
            .await
            .unwrap();
        assert_eq!(audited, 1);
    })
}

/// A feed is read and stored a chunk at a time (the reading of one chunk overlaps the storing
/// of the one before): a long feed is still stored whole, in its order, with the same counts
/// and reasons as a short one, and nothing twice when it comes again.
#[test]
fn a_long_feed_is_stored_whole_and_in_order_across_its_chunks() {
    common::run(async {
        let h = common::harness().await;
        const ITEMS: usize = 700;
        let mut rss = String::from(r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Long</title>"#);
        for i in 0..ITEMS {
            let item = match i {
                // The same id as item 10, two chunks later: skipped as a repeat.
                600 => "<item><guid>long-10</guid><title>A repeat</title></item>".to_string(),
                // Nothing to show: skipped by the parser.
                650 => "<item><guid>long-650</guid><description></description></item>".to_string(),
                // A mobile number for the privacy guard.
                299 => "<item><guid>long-299</guid><title>Long 299</title><description>Call 07700 900123</description></item>"
                    .to_string(),
                _ => format!("<item><guid>long-{i}</guid><title>Long {i}</title><description>Item {i}</description></item>"),
            };
            rss.push_str(&item);
        }
        rss.push_str("</channel></rss>");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.rss");
        std::fs::write(&path, &rss).unwrap();
        let source_id: i64 =
            sqlx::query_scalar("SELECT id FROM sources WHERE slug = 'gmp'").fetch_one(&h.pool).await.unwrap();
        let areas = vec![CITY_CENTRE.to_string()];
        let new = app::feeds::store::NewFeedSource {
            source_id,
            location: path.to_str().unwrap(),
            format: None,
            default_kind: app::updates::kind::UpdateKind::Neighbourhood,
            poll_interval_s: 900,
            area_codes: &areas,
            created_by: None,
        };
        let mut conn = h.pool.acquire().await.unwrap();
        let id = app::feeds::store::add(&mut conn, &new, 0).await.unwrap();
        drop(conn);

        let p = poller(&h);
        let report = match p.poll_now(id).await.unwrap() {
            Some(Outcome::Stored(r)) => r,
            other => panic!("{other:?}"),
        };
        assert_eq!((report.new, report.skipped, report.redacted), (ITEMS - 2, 2, 1), "{report:?}");
        let s = status(&h, id).await;
        assert_eq!(s.items_stored, (ITEMS - 2) as i64);
        let outcome = s.last_outcome.unwrap_or_default();
        assert!(
            outcome.contains("2 skipped: an item with no title or text; an item repeating an earlier item's id"),
            "{outcome}"
        );
        // Stored in the feed's order: ids rise with the items' places in it.
        let keys: Vec<String> =
            sqlx::query_scalar("SELECT external_key FROM updates WHERE feed_source_id = $1 ORDER BY id")
                .bind(id)
                .fetch_all(&h.pool)
                .await
                .unwrap();
        let want: Vec<String> =
            (0..ITEMS).filter(|i| ![600, 650].contains(i)).map(|i| format!("id:long-{i}")).collect();
        assert_eq!(keys, want);
        let body: String = sqlx::query_scalar("SELECT body FROM updates WHERE external_key = 'id:long-299'")
            .fetch_one(&h.pool)
            .await
            .unwrap();
        assert!(!body.contains("07700"), "{body}");

        // Read again (a file's date is its only validator: forget it), nothing is stored twice.
        sqlx::query("UPDATE feed_sources SET last_modified = NULL, etag = NULL WHERE id = $1")
            .bind(id)
            .execute(&h.pool)
            .await
            .unwrap();
        match p.poll_now(id).await.unwrap() {
            Some(Outcome::Stored(r)) => assert_eq!((r.new, r.changed, r.unchanged), (0, 0, ITEMS - 2)),
            other => panic!("{other:?}"),
        }
    })
}
