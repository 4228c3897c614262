//! Live days: the call log, the `/events` stream with exact resume, campaign pages and
//! their counters, and refusals of bad input.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{run, sqlite, Harness};
use http_body_util::BodyExt;
use sqlx::Row;
use std::time::Duration;
use tower::ServiceExt;

const CITY_CENTRE: &str = "E05000697";
const CATHAYS: &str = "W05000857";
const GMP: &str = "E23000005";

/// One server-sent event.
#[derive(Debug, PartialEq)]
struct Sse {
    id: Option<String>,
    event: String,
    data: String,
}

/// An open `/events` response, read event by event.
struct Stream {
    body: Body,
    buf: String,
}

impl Stream {
    async fn open(h: &Harness, query: &str, last_event_id: Option<&str>, cookie: Option<&str>) -> Stream {
        let mut req = Request::get(format!("/events?{query}"));
        if let Some(id) = last_event_id {
            req = req.header("last-event-id", id);
        }
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        let res = h.router.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{query}");
        assert_eq!(res.headers()["content-type"], "text/event-stream");
        Stream { body: res.into_body(), buf: String::new() }
    }

    /// The next event with data, or `None` if none comes within a second.
    async fn next(&mut self) -> Option<Sse> {
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let (mut id, mut event, mut data) = (None, "message".to_string(), Vec::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        id = Some(v.trim().to_string());
                    } else if let Some(v) = line.strip_prefix("event:") {
                        event = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
                    }
                }
                if !data.is_empty() {
                    return Some(Sse { id, event, data: data.join("\n") });
                }
                continue;
            }
            let frame = tokio::time::timeout(Duration::from_secs(1), self.body.frame()).await.ok()??.ok()?;
            if let Ok(bytes) = frame.into_data() {
                self.buf.push_str(&String::from_utf8_lossy(&bytes));
            }
        }
    }

    /// The next `update` event's (id, title), skipping counters.
    async fn next_update(&mut self) -> Option<(i64, String)> {
        loop {
            let e = self.next().await?;
            if e.event == "update" {
                let json: serde_json::Value = serde_json::from_str(&e.data).unwrap();
                let id: i64 = e.id.as_deref().unwrap().parse().unwrap();
                assert_eq!(json["item"]["id"].as_i64(), Some(id), "the event id is the update id");
                return Some((id, json["item"]["body"].as_str().unwrap().to_string()));
            }
        }
    }
}

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
    run(async { resume_flow(sqlite().await).await })
}

#[test]
fn a_dropped_stream_resumes_on_postgresql() {
    run(common::on_postgres(resume_flow))
}

async fn resume_flow(h: Harness) {
    {
        let officer = h.sign_in("officer.citycentre").await;
        let cardiff = h.sign_in("officer.cathays").await;
        let newest = app::live::store::newest_id(&h.pool).await.unwrap().to_string();
        let mut page = Stream::open(&h, &format!("area={CITY_CENTRE}&after={newest}"), None, None).await;

        let first = log_call(&h, &officer, CITY_CENTRE, "Concern for a man sleeping rough; outreach team told.").await;
        h.state.live.advance(&h.pool).await.unwrap();
        assert_eq!(
            page.next_update().await,
            Some((first, "Concern for a man sleeping rough; outreach team told.".into()))
        );
        drop(page);

        // Posted while the page was away.
        let second = log_call(&h, &officer, CITY_CENTRE, "Shoplifting reported; officers attended.").await;
        log_call(&h, &cardiff, CATHAYS, "Cardiff: a missing dog found safe.").await;
        h.state.live.advance(&h.pool).await.unwrap();
        // Committed but not yet announced when the page comes back: it is in the backlog
        // and then arrives live too, and must be sent once.
        let third = log_call(&h, &officer, CITY_CENTRE, "Noise complaint; words of advice given.").await;

        let mut page = Stream::open(&h, &format!("area={CITY_CENTRE}&after=0"), Some(&first.to_string()), None).await;
        assert_eq!(page.next_update().await.map(|u| u.0), Some(second));
        assert_eq!(page.next_update().await.map(|u| u.0), Some(third));
        h.state.live.advance(&h.pool).await.unwrap();
        let fourth = log_call(&h, &officer, CITY_CENTRE, "Road traffic collision, no injuries.").await;
        h.state.live.advance(&h.pool).await.unwrap();
        assert_eq!(page.next_update().await.map(|u| u.0), Some(fourth), "the third is not sent twice");
        assert_eq!(page.next_update().await, None);

        // Another area's page gets its own entry only.
        let mut cathays = Stream::open(&h, &format!("area={CATHAYS}"), Some(&first.to_string()), None).await;
        assert_eq!(cathays.next_update().await.map(|u| u.1), Some("Cardiff: a missing dog found safe.".into()));
        assert_eq!(cathays.next_update().await, None);
    }
}

#[test]
fn a_live_day_streams_its_areas_updates_with_both_times_and_counters() {
    run(async { live_day_flow(sqlite().await).await })
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

#[test]
fn bad_requests_are_refused_clearly_and_store_nothing() {
    run(async {
        let h = sqlite().await;
        for (query, status, says) in [
            ("", StatusCode::BAD_REQUEST, "one area"),
            ("area=E05000697&campaign=x", StatusCode::BAD_REQUEST, "one area"),
            ("area=%3Cscript%3E", StatusCode::BAD_REQUEST, "area"),
            ("area=E99999999", StatusCode::NOT_FOUND, "no area"),
            ("campaign=nope", StatusCode::NOT_FOUND, "no live day"),
            ("area=E05000697&after=-4", StatusCode::BAD_REQUEST, "negative"),
            ("area=E05000697&after=abc", StatusCode::BAD_REQUEST, "whole number"),
            ("area=E05000697&kind=crime", StatusCode::BAD_REQUEST, "not a kind"),
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
