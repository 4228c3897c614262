//! Live days: the call log, the `/events` stream with exact resume, campaign pages and
//! their counters, and refusals of bad input.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::sse::Stream;
use common::{harness, run, Harness};
use sqlx::Row;
use std::time::Duration;

const CITY_CENTRE: &str = "E05011376"; // Piccadilly (Manchester)
const CATHAYS: &str = "W05001274"; // Cathays (Cardiff)
const GMP: &str = "E23000005";

async fn log_call(h: &Harness, session: &str, area: &str, text: &str) -> i64 {
    let (status, body) = h
        .call_as(
            Some(session),
            "log_call",
            &[
                ("area", area),
                ("category", "concern_for_welfare"),
                ("outcome", "advice_given"),
                ("received", ""),
                ("text", text),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.as_i64().unwrap()
}

async fn count(h: &Harness, sql: &str) -> i64 {
    sqlx::query(sql).fetch_one(&h.pool).await.unwrap().try_get(0).unwrap()
}

#[test]
fn a_dropped_stream_resumes_with_nothing_missed_or_repeated() {
    run(async { resume_flow(harness().await).await })
}

#[test]
fn a_dropped_stream_resumes_on_postgresql() {
    run(common::on_postgres(resume_flow))
}

async fn resume_flow(h: Harness) {
    {
        let officer = h.sign_in("officer.citycentre").await;
        let cardiff = h.sign_in("officer.cathays").await;
        let newest = app::updates::store::newest_event(&h.pool).await.unwrap().to_string();
        let mut page = Stream::open(&h, &format!("area={CITY_CENTRE}&after={newest}"), None, None).await;

        let first = log_call(&h, &officer, CITY_CENTRE, "Concern for a man sleeping rough; outreach team told.").await;
        h.state.live.advance(&h.pool).await.unwrap();
        assert_eq!(
            page.next_update().await,
            Some((first, "Concern for a man sleeping rough; outreach team told.".into()))
        );
        let seen = page.last_id.clone().expect("an update event has an id");
        drop(page);

        // Posted while the page was away.
        let second = log_call(&h, &officer, CITY_CENTRE, "Shoplifting reported; officers attended.").await;
        log_call(&h, &cardiff, CATHAYS, "Cardiff: a missing dog found safe.").await;
        h.state.live.advance(&h.pool).await.unwrap();
        // Committed but not yet announced when the page comes back: it is in the backlog
        // and then arrives live too, and must be sent once.
        let third = log_call(&h, &officer, CITY_CENTRE, "Noise complaint; words of advice given.").await;

        let mut page = Stream::open(&h, &format!("area={CITY_CENTRE}&after=0"), Some(&seen), None).await;
        assert_eq!(page.next_update().await.map(|u| u.0), Some(second));
        assert_eq!(page.next_update().await.map(|u| u.0), Some(third));
        h.state.live.advance(&h.pool).await.unwrap();
        let fourth = log_call(&h, &officer, CITY_CENTRE, "Road traffic collision, no injuries.").await;
        h.state.live.advance(&h.pool).await.unwrap();
        assert_eq!(page.next_update().await.map(|u| u.0), Some(fourth), "the third is not sent twice");
        assert_eq!(page.next_update().await, None);

        // Another area's page gets its own entry only.
        let mut cathays = Stream::open(&h, &format!("area={CATHAYS}"), Some(&seen), None).await;
        assert_eq!(cathays.next_update().await.map(|u| u.1), Some("Cardiff: a missing dog found safe.".into()));
        assert_eq!(cathays.next_update().await, None);
    }
}

/// Several servers on one PostgreSQL: an officer publishes through server A, and a page
/// streaming from server B has it at once, woken by `NOTIFY` (each tail's own read comes only
/// every ten seconds, and the page gives up after one). Twice in a row, and once each.
#[test]
fn an_update_published_on_one_server_streams_from_another_at_once() {
    run(common::on_postgres(cluster_flow))
}

async fn cluster_flow(h: Harness) {
    use app::live::hub::{LiveHub, StreamLimits};
    use app::live::notify::PgNotify;
    let server = |h: &Harness| {
        let (url, pool) = (h.url.clone(), h.pool.clone());
        async move {
            let live =
                LiveHub::new(Box::new(PgNotify::start(&url, pool.clone()).await.unwrap()), StreamLimits::default());
            live.start(pool).await.unwrap();
            live
        }
    };
    let a = h.another_server(server(&h).await);
    let b = h.another_server(server(&h).await);
    let officer = a.sign_in("officer.citycentre").await;
    let newest = app::updates::store::newest_event(&h.pool).await.unwrap().to_string();
    let mut page = Stream::open(&b, &format!("area={CITY_CENTRE}&after={newest}"), None, None).await;
    for text in ["Concern for a woman on the bridge; she is safe and with family.", "A lost dog, returned home."] {
        let id = log_call(&a, &officer, CITY_CENTRE, text).await;
        assert_eq!(page.next_update().await, Some((id, text.to_string())), "server B did not hear of it at once");
    }
    assert_eq!(page.next_update().await, None, "each update once");
}

#[test]
fn a_live_day_streams_its_areas_updates_with_both_times_and_counters() {
    run(async { live_day_flow(harness().await).await })
}

#[test]
fn a_live_day_on_postgresql() {
    run(common::on_postgres(live_day_flow))
}

async fn live_day_flow(h: Harness) {
    {
        let admin = h.sign_in("admin").await;
        let officer = h.sign_in("officer.citycentre").await;
        let cardiff = h.sign_in("officer.cathays").await;
        // A day in Auckland's time that is running now.
        let tz: chrono_tz::Tz = "Pacific/Auckland".parse().unwrap();
        let local = |hours: i64| {
            (chrono::Utc::now() + chrono::Duration::hours(hours))
                .with_timezone(&tz)
                .format("%Y-%m-%dT%H:%M")
                .to_string()
        };
        let (starts, ends) = (local(-1), local(20));
        let (status, body) = h
            .call_as(
                Some(&admin),
                "create_live_day",
                &[
                    ("name", "GMP 24 hours"),
                    ("slug", "gmp24"),
                    ("hashtag", "#GMP24"),
                    ("zone", "Pacific/Auckland"),
                    ("starts", &starts),
                    ("ends", &ends),
                    ("areas", GMP),
                    ("sources", ""),
                ],
            )
            .await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, Some("gmp24")), "{body}");

        let h = &h;
        let view = |cookie: Option<&'static str>| async move {
            let mut req = Request::post("/api/live_day")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json");
            if let Some(c) = cookie {
                req = req.header("cookie", c);
            }
            let (status, _, text) = h.request(req.body(Body::from("slug=gmp24")).unwrap()).await;
            assert_eq!(status, StatusCode::OK, "{text}");
            serde_json::from_str::<serde_json::Value>(&text).unwrap()
        };
        let london = view(Some("beat_tz=Europe/London")).await;
        assert!(london["starts"]["there"].as_str().unwrap().ends_with("NZDT"), "{london}");
        assert!(london["starts"]["yours"].as_str().is_some(), "London's clock differs from Auckland's: {london}");
        let unknown = view(None).await;
        assert_eq!(unknown["starts"]["yours"], serde_json::Value::Null);
        let after = london["after"].as_i64().unwrap().to_string();

        let mut page =
            Stream::open(h, &format!("campaign=gmp24&after={after}"), None, Some("beat_tz=Europe/London")).await;
        let (status, body) = h
            .call_as(
                Some(&officer),
                "log_call",
                &[
                    ("area", CITY_CENTRE),
                    ("category", "theft"),
                    ("outcome", "arrest_made"),
                    ("received", ""),
                    ("text", "Shoplifter detained by staff; one arrest."),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        log_call(h, &cardiff, CATHAYS, "Cardiff: not part of the Manchester day.").await;
        h.state.live.advance(&h.pool).await.unwrap();

        let update = page.next().await.unwrap();
        assert_eq!(update.event, "update");
        let json: serde_json::Value = serde_json::from_str(&update.data).unwrap();
        assert_eq!(json["item"]["body"], "Shoplifter detained by staff; one arrest.");
        assert_eq!(json["call"]["category"], "theft");
        let times = &json["times"];
        assert!(times["there"].as_str().unwrap().ends_with("GMT"), "posted in Manchester: {times}");
        assert_eq!(times["yours"], serde_json::Value::Null, "the viewer is on London time too");
        let counters = page.next().await.unwrap();
        assert_eq!(counters.event, "counters");
        assert_eq!(counters.id, None, "counters do not move the resume cursor");
        let c: serde_json::Value = serde_json::from_str(&counters.data).unwrap();
        // The demo data's recent posts in Greater Manchester count too: compare with the page.
        let before = &london["counters"]["overall"];
        let n = |v: &serde_json::Value| v.as_i64().unwrap_or(0);
        assert_eq!(n(&c["overall"]["calls"]["theft"]), n(&before["calls"]["theft"]) + 1, "{c}");
        assert_eq!(n(&c["overall"]["arrests"]), n(&before["arrests"]) + 1);
        assert_eq!(n(&c["overall"]["updates_published"]), n(&before["updates_published"]) + 1);
        assert!(n(&before["updates_published"]) > 0, "demo posts from the last hour: {before}");
        assert_eq!(c["areas"][0]["code"], GMP);
        assert_eq!(c["areas"][0]["counters"], c["overall"], "one area: its counters are the day's");
        assert_eq!(page.next().await, None, "the Cardiff entry is not on this page");
    }
}

/// Items in the feed the big poll stores in one transaction: with the entries logged
/// meanwhile, fewer than a reconnect may replay (`live::stream::MAX_REPLAY`, 500) before
/// the page is told to reload instead.
const BIG_POLL: usize = 450;
/// Call log entries an officer posts from when the poll starts: at least the first number,
/// and on until the poll is stored, up to the second.
const DURING_POLL: (usize, usize) = (20, 40);

#[test]
fn a_big_feed_poll_while_officers_publish_reaches_every_stream_once_in_order() {
    run(async { big_poll_flow(harness().await).await })
}

#[test]
fn a_big_feed_poll_while_officers_publish_on_postgresql() {
    run(common::on_postgres(big_poll_flow))
}

/// A feed poll stores hundreds of items in one transaction while an officer logs calls and
/// the tail keeps reading, as on a busy server. A page that stays open, and one that drops
/// and reconnects with `Last-Event-ID` part-way, must each get every new update exactly
/// once, with event ids rising.
async fn big_poll_flow(h: Harness) {
    use app::feeds::{admin::add_feed, config::FeedConfig, fetch::Limits, poller::Poller};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    let items: Vec<serde_json::Value> = (0..BIG_POLL)
        .map(|i| {
            serde_json::json!({ "id": format!("big-{i}"), "title": format!("Feed item {i}"),
                "content_text": format!("Item number {i} of the big poll."), "date_published": "2026-11-21T12:00:00+00:00" })
        })
        .collect();
    let feed = serde_json::json!({ "version": "https://jsonfeed.org/version/1.1", "title": "Big", "items": items });
    std::fs::write(&path, feed.to_string()).unwrap();
    let config = FeedConfig::check(path.to_str().unwrap(), "", "neighbourhood", CITY_CENTRE, "15", true).unwrap();
    let feed_id = add_feed(&h.pool, None, "gmp", &config).await.unwrap();
    let poller = Poller::new(
        h.pool.clone(),
        h.state.areas.clone(),
        Limits { timeout: Duration::from_secs(10), ..Limits::default() },
    );
    let officer = h.sign_in("officer.citycentre").await;
    let before = count(&h, "SELECT COALESCE(MAX(id), 0) FROM updates").await;
    let (_, page) = h.call("feed", &[("area", CITY_CENTRE)]).await;
    let after = page["live_after"].as_i64().unwrap();
    let query = format!("area={CITY_CENTRE}&after={after}");

    let h = Arc::new(h);
    let done = Arc::new(AtomicBool::new(false));
    // Reads a page's stream until the work is done and nothing more comes; with
    // `reconnect_after`, drops it after that many updates and comes back with Last-Event-ID.
    let reader = |reconnect_after: Option<usize>| {
        let (h, done, query) = (h.clone(), done.clone(), query.clone());
        tokio::spawn(async move {
            let mut stream = Stream::open(&h, &query, None, None).await;
            let (mut ids, mut events) = (Vec::new(), Vec::new());
            loop {
                match stream.next().await {
                    Some(e) if e.event == "update" => {
                        let json: serde_json::Value = serde_json::from_str(&e.data).unwrap();
                        ids.push(json["item"]["id"].as_i64().unwrap());
                        events.push(e.id.unwrap().parse::<i64>().unwrap());
                        if Some(ids.len()) == reconnect_after {
                            let last = stream.last_id.clone().unwrap();
                            stream = Stream::open(&h, &query, Some(&last), None).await;
                        }
                    }
                    Some(e) => assert_ne!(e.event, "reset", "the stream fell behind"),
                    None if done.load(Ordering::SeqCst) => break,
                    None => {}
                }
            }
            (ids, events)
        })
    };
    let open = reader(None);
    let reconnecting = reader(Some(10));
    let tail = {
        let (h, done) = (h.clone(), done.clone());
        tokio::spawn(async move {
            while !done.load(Ordering::SeqCst) {
                h.state.live.advance(&h.pool).await.unwrap();
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        })
    };
    let polled = Arc::new(AtomicBool::new(false));
    let publishing = {
        let (h, officer, polled) = (h.clone(), officer.clone(), polled.clone());
        tokio::spawn(async move {
            let mut posted = 0;
            while posted < DURING_POLL.0 || (posted < DURING_POLL.1 && !polled.load(Ordering::SeqCst)) {
                log_call(&h, &officer, CITY_CENTRE, &format!("Call {posted} logged during the big poll.")).await;
                posted += 1;
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            posted
        })
    };
    let report = poller.poll_now(feed_id).await.unwrap();
    polled.store(true, Ordering::SeqCst);
    assert!(matches!(&report, Some(app::feeds::poller::Outcome::Stored(r)) if r.new == BIG_POLL), "{report:?}");
    let posted = publishing.await.unwrap();
    assert!(posted > 1, "the officer posted while the poll ran");
    h.state.live.advance(&h.pool).await.unwrap();
    done.store(true, Ordering::SeqCst);
    tail.await.unwrap();

    let mut expected: Vec<i64> = sqlx::query("SELECT id FROM updates WHERE id > $1 ORDER BY id")
        .bind(before)
        .fetch_all(&h.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get(0).unwrap())
        .collect();
    expected.sort_unstable();
    assert_eq!(expected.len(), BIG_POLL + posted);
    for (name, task) in [("open", open), ("reconnecting", reconnecting)] {
        let (ids, events) = task.await.unwrap();
        assert!(events.windows(2).all(|w| w[0] < w[1]), "{name}: event ids rise");
        let mut got = ids.clone();
        got.sort_unstable();
        got.dedup();
        assert_eq!(got.len(), ids.len(), "{name}: an update was sent twice");
        let missing: Vec<_> = expected.iter().filter(|id| got.binary_search(id).is_err()).collect();
        assert!(
            missing.is_empty(),
            "{name}: {} of {} updates never arrived: {missing:?}",
            missing.len(),
            expected.len()
        );
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn a_withdrawn_update_comes_off_open_pages_and_out_of_the_days_counters() {
    run(async { withdraw_flow(harness().await).await })
}

#[test]
fn a_withdrawn_update_comes_off_open_pages_on_postgresql() {
    run(common::on_postgres(withdraw_flow))
}

async fn withdraw_flow(h: Harness) {
    let officer = h.sign_in("officer.citycentre").await;
    running_day(&h, "gmp24").await;
    let (_, page) = h.call("feed", &[("area", CITY_CENTRE)]).await;
    let after = page["live_after"].as_i64().unwrap();
    let day = live_day(&h, "gmp24").await;
    let calls = |c: &serde_json::Value| c["overall"]["calls"]["concern_for_welfare"].as_i64().unwrap_or(0);
    let before = calls(&day["counters"]);
    let mut area = Stream::open(&h, &format!("area={CITY_CENTRE}&after={after}"), None, None).await;
    let mut campaign = Stream::open(&h, &format!("campaign=gmp24&after={after}"), None, None).await;

    let id = log_call(&h, &officer, CITY_CENTRE, "Concern for a woman seen wandering; found safe.").await;
    h.state.live.advance(&h.pool).await.unwrap();
    assert_eq!(area.next_update().await.map(|u| u.0), Some(id));
    let shown = area.last_id.clone().unwrap();
    assert_eq!(campaign.next().await.map(|e| e.event), Some("update".into()));
    let counted = campaign.next().await.unwrap();
    assert_eq!(calls(&serde_json::from_str(&counted.data).unwrap()), before + 1);

    let (status, body) = h
        .call_as(
            Some(&officer),
            "withdraw_update",
            &[("id", &id.to_string()), ("reason", "Logged against the wrong area")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    h.state.live.advance(&h.pool).await.unwrap();
    let gone = area.next().await.expect("the area page is told");
    assert_eq!((gone.event.as_str(), gone.data.as_str()), ("withdrawn", id.to_string().as_str()));
    let gone = campaign.next().await.expect("the live day page is told");
    assert_eq!((gone.event.as_str(), gone.data.as_str()), ("withdrawn", id.to_string().as_str()));
    let counters = campaign.next().await.expect("and its counters are corrected");
    assert_eq!(counters.event, "counters");
    assert_eq!(calls(&serde_json::from_str(&counters.data).unwrap()), before, "the withdrawn call is not counted");

    // A page that was away since before the post learns only that it is gone (it never
    // showed it); one that showed it learns the same.
    let mut away = Stream::open(&h, &format!("area={CITY_CENTRE}&after={after}"), None, None).await;
    assert_eq!(away.next().await.map(|e| (e.event, e.data)), Some(("withdrawn".into(), id.to_string())));
    assert_eq!(away.next().await, None);
    let mut back = Stream::open(&h, &format!("area={CITY_CENTRE}"), Some(&shown), None).await;
    assert_eq!(back.next().await.map(|e| e.event), Some("withdrawn".into()));

    // Undone within ten minutes: back on the open page.
    let (status, body) = h.call_as(Some(&officer), "restore_update", &[("id", &id.to_string())]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    h.state.live.advance(&h.pool).await.unwrap();
    assert_eq!(area.next_update().await.map(|u| u.0), Some(id), "restored");
}

#[test]
fn a_delayed_approval_is_not_on_a_live_day_before_its_time() {
    run(async {
        let h = harness().await;
        running_day(&h, "gmp24").await;
        let before = live_day(&h, "gmp24").await;
        let posts = |d: &serde_json::Value| d["counters"]["overall"]["updates_published"].as_i64().unwrap_or(0);
        let title = "Late patrol: officers still in Ancoats";
        common::approve_delayed(&h, title, "480").await;
        let during = live_day(&h, "gmp24").await;
        assert_eq!(posts(&during), posts(&before), "counted before its time: {}", during["counters"]);
        let on_timeline =
            |d: &serde_json::Value| d["timeline"].as_array().unwrap().iter().any(|e| e["item"]["title"] == title);
        assert!(!on_timeline(&during), "on the timeline before its time");
    })
}

#[test]
fn a_run_of_updates_withdrawn_before_the_tail_read_them_does_not_stall_the_streams() {
    run(async {
        use app::publishing::pipeline::Publishing;
        use app::updates::kind::{Severity, UpdateKind};
        let h = harness().await;
        let officer = h.sign_in("officer.citycentre").await;
        let (_, page) = h.call("feed", &[("area", CITY_CENTRE)]).await;
        let after = page["live_after"].as_i64().unwrap();
        let mut open = Stream::open(&h, &format!("area={CITY_CENTRE}&after={after}"), None, None).await;
        let source = count(&h, "SELECT id FROM sources WHERE slug = 'gmp-city-centre'").await;
        // More than the tail reads at once, published and then all withdrawn (a feed's alerts
        // cancelled, say) before the tail gets to them.
        let now = chrono::Utc::now().timestamp_millis();
        let mut publishing = Publishing::begin(&h.pool, now).await.unwrap();
        let mut ids = Vec::new();
        for i in 0..250 {
            let title = format!("Alert {i}");
            let update = app::updates::store::NewUpdate {
                kind: UpdateKind::Neighbourhood,
                severity: Severity::Info,
                title: &title,
                body: "Posted and withdrawn at once.",
                source_id: source,
                account_id: None,
                published_at_ms: now,
                expires_at_ms: None,
                is_demo: false,
                area_codes: &[CITY_CENTRE],
                author_id: None,
                byline: None,
                starts_at_ms: None,
                ends_at_ms: None,
                client_key: None,
            };
            ids.push(publishing.insert(&update).await.unwrap());
        }
        publishing.commit(None).await.unwrap();
        let mut withdrawing = Publishing::begin(&h.pool, now).await.unwrap();
        for id in &ids {
            assert!(withdrawing.withdraw(*id).await.unwrap());
        }
        withdrawing.commit(None).await.unwrap();
        h.state.live.advance(&h.pool).await.unwrap();

        log_call(&h, &officer, CITY_CENTRE, "Concern for a cyclist; advice given.").await;
        h.state.live.advance(&h.pool).await.unwrap();
        let mut withdrawn = 0;
        let arrived = loop {
            match open.next().await {
                Some(e) if e.event == "withdrawn" => withdrawn += 1,
                Some(e) if e.event == "update" => break Some(e.data),
                Some(_) => {}
                None => break None,
            }
        };
        assert!(arrived.is_some_and(|d| d.contains("Concern for a cyclist")), "the stream stalled");
        assert_eq!(withdrawn, ids.len(), "told of each withdrawal, never shown the updates");
    })
}

/// A live day's page as its server function gives it.
async fn live_day(h: &Harness, slug: &str) -> serde_json::Value {
    let (status, day) = h.call("live_day", &[("slug", slug)]).await;
    assert_eq!(status, StatusCode::OK, "{day}");
    day
}

/// Creates a live day over Greater Manchester running now.
async fn running_day(h: &Harness, slug: &str) {
    let admin = h.sign_in("admin").await;
    let tz: chrono_tz::Tz = "Europe/London".parse().unwrap();
    let local = |hours: i64| {
        (chrono::Utc::now() + chrono::Duration::hours(hours)).with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string()
    };
    let (starts, ends) = (local(-1), local(20));
    let args = [
        ("name", "A day of calls"),
        ("slug", slug),
        ("hashtag", "#calls"),
        ("zone", "Europe/London"),
        ("starts", starts.as_str()),
        ("ends", ends.as_str()),
        ("areas", GMP),
        ("sources", ""),
    ];
    let (status, body) = h.call_as(Some(&admin), "create_live_day", &args).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[test]
fn bad_requests_are_refused_clearly_and_store_nothing() {
    run(async {
        let h = harness().await;
        for (query, status, says) in [
            ("", StatusCode::BAD_REQUEST, "one area"),
            ("area=E05011376&campaign=x", StatusCode::BAD_REQUEST, "one area"),
            ("area=%3Cscript%3E", StatusCode::BAD_REQUEST, "area"),
            ("area=E99999999", StatusCode::NOT_FOUND, "no area"),
            ("campaign=nope", StatusCode::NOT_FOUND, "no live day"),
            ("area=E05011376&after=-4", StatusCode::BAD_REQUEST, "negative"),
            ("area=E05011376&after=abc", StatusCode::BAD_REQUEST, "whole number"),
            ("area=E05011376&kind=crime", StatusCode::BAD_REQUEST, "not a kind"),
        ] {
            let (got, _, text) = h.request(Request::get(format!("/events?{query}")).body(Body::empty()).unwrap()).await;
            assert_eq!(got, status, "{query}: {text}");
            assert!(text.contains(says), "{query}: {text}");
        }

        let before = count(&h, "SELECT COUNT(*) FROM updates").await;
        let officer = h.sign_in("officer.citycentre").await;
        let future = (chrono::Utc::now() + chrono::Duration::hours(3))
            .with_timezone(&chrono_tz::Europe::London)
            .format("%Y-%m-%dT%H:%M")
            .to_string();
        let good = [
            ("area", CITY_CENTRE),
            ("category", "noise"),
            ("outcome", "unknown"),
            ("received", ""),
            ("text", "Loud music reported."),
        ];
        let with = |key: &'static str, value: &'static str| {
            good.iter().map(|(k, v)| if *k == key { (*k, value) } else { (*k, *v) }).collect::<Vec<_>>()
        };
        let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
            (with("category", "murder"), "category"),
            (with("outcome", ""), "outcome"),
            (with("area", "nowhere"), "area"),
            (with("text", "ok"), "text"),
            (with("text", "Caller at 14 Oldham Street gave her number, 07700 900123."), "text"),
            (with("received", "yesterday"), "received"),
        ];
        for (args, field) in &cases {
            let (status, body) = h.call_as(Some(&officer), "log_call", args).await;
            assert_eq!((status, body["Invalid"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some(*field)), "{body}");
        }
        let mut args = good.to_vec();
        args[3] = ("received", &future);
        let (status, body) = h.call_as(Some(&officer), "log_call", &args).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(body["Invalid"]["message"].as_str().unwrap().contains("future"), "{body}");
        // Not a ward of this team's force, and not signed in at all.
        let (status, _) = h.call_as(Some(&officer), "log_call", &with("area", CATHAYS)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = h.call("log_call", &good).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let reporter = h.sign_in("reporter.sam").await;
        let (status, _) = h.call_as(Some(&reporter), "log_call", &good).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(count(&h, "SELECT COUNT(*) FROM updates").await, before, "nothing was stored");

        // Live days: only admins, and checked.
        let admin = h.sign_in("admin").await;
        let day = |slug: &'static str, zone: &'static str, starts: &'static str, areas: &'static str| {
            vec![
                ("name", "A day"),
                ("slug", slug),
                ("hashtag", "day"),
                ("zone", zone),
                ("starts", starts),
                ("ends", "2099-01-01T20:00"),
                ("areas", areas),
            ]
        };
        for (args, field) in [
            (day("x y", "Europe/London", "2099-01-01T08:00", GMP), "slug"),
            (day("ok", "Mars/Olympus", "2099-01-01T08:00", GMP), "zone"),
            (day("ok", "Europe/London", "2099-01-02T08:00", GMP), "ends_at"),
            (day("ok", "Europe/London", "2099-01-01T08:00", "E99999999"), "areas"),
            (day("ok", "Europe/London", "2099-01-01T08:00", ""), "areas"),
        ] {
            let (status, body) = h.call_as(Some(&admin), "create_live_day", &args).await;
            assert_eq!((status, body["Invalid"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some(field)), "{body}");
        }
        let (status, _) =
            h.call_as(Some(&officer), "create_live_day", &day("ok", "Europe/London", "2099-01-01T08:00", GMP)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) =
            h.call_as(Some(&admin), "create_live_day", &day("ok", "Europe/London", "2099-01-01T08:00", GMP)).await;
        assert_eq!(status, StatusCode::OK);
        let (status, body) =
            h.call_as(Some(&admin), "create_live_day", &day("ok", "Europe/London", "2099-01-01T08:00", GMP)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(count(&h, "SELECT COUNT(*) FROM campaigns WHERE slug = 'ok'").await, 1);
    })
}

/// A balancer that speaks HTTP/2 to the server (h2c, no TLS between them) carries many live
/// pages on one connection: three streams on one connection each get the update once.
#[test]
fn live_streams_are_served_many_to_a_connection_over_http2() {
    run(async {
        use std::future::IntoFuture;
        let h = harness().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(axum::serve(listener, h.router.clone().into_make_service()).into_future());
        let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
        let (client, connection) = h2::client::handshake(tcp).await.unwrap();
        tokio::spawn(connection);
        let mut client = client.ready().await.unwrap();
        let newest = app::updates::store::newest_event(&h.pool).await.unwrap();
        let mut bodies = Vec::new();
        for _ in 0..3 {
            let req = Request::get(format!("http://{addr}/events?area={CITY_CENTRE}&after={newest}")).body(()).unwrap();
            let (response, _) = client.send_request(req, true).unwrap();
            client = client.ready().await.unwrap();
            let response = response.await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(response.version(), axum::http::Version::HTTP_2);
            bodies.push(response.into_body());
        }
        let officer = h.sign_in("officer.citycentre").await;
        let text = "A lost dog on the canal path, now home.";
        let id = log_call(&h, &officer, CITY_CENTRE, text).await;
        h.state.live.advance(&h.pool).await.unwrap();
        for body in &mut bodies {
            let mut got = String::new();
            while !got.split_once(text).is_some_and(|(_, after)| after.contains("\n\n")) {
                let chunk = tokio::time::timeout(Duration::from_secs(5), body.data()).await.unwrap().unwrap().unwrap();
                let _ = body.flow_control().release_capacity(chunk.len());
                got.push_str(&String::from_utf8_lossy(&chunk));
            }
            assert!(got.contains(&format!("\"id\":{id}")), "{got}");
            assert_eq!(got.matches(text).count(), 1, "{got}");
        }
    })
}

/// The demo's two days on real areas: #whatwedo over all 32 Scottish councils with their own
/// accounts, shown with the UK's 999; the Tweet-a-thon across eight countries, which has no one
/// country's number to show (the banner then lists them by country), with the other
/// countries' posts on its timeline.
#[test]
fn the_demo_days_span_scotland_and_eight_countries_with_the_right_numbers() {
    run(async {
        let h = harness().await;
        let whatwedo = live_day(&h, "whatwedo").await;
        assert_eq!(whatwedo["areas"].as_array().unwrap().len(), 32, "{whatwedo}");
        assert_eq!(whatwedo["numbers"]["emergency"], "999");
        assert_eq!(whatwedo["numbers"]["country_name"], "United Kingdom");
        let sources = sqlx::query("SELECT COUNT(*) FROM campaign_sources cs JOIN campaigns c ON c.id = cs.campaign_id WHERE c.slug = 'whatwedo'")
            .fetch_one(&h.pool)
            .await
            .unwrap();
        assert_eq!(sources.get::<i64, _>(0), 32, "every Scottish council takes part");

        let tweetathon = live_day(&h, "tweetathon").await;
        assert_eq!(
            tweetathon["numbers"],
            serde_json::Value::Null,
            "not Australia's 000 for a day across eight countries"
        );
        assert_eq!(
            tweetathon["areas"].as_array().unwrap().len(),
            45 + 7,
            "every UK force and the seven other countries"
        );
    })
}
