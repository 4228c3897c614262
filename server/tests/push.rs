//! Push alerts end to end, without a browser: devices follow areas through the server
//! functions, an officer publishes, the sender posts to a push service on loopback, and
//! that service decrypts each message as the phone would (RFC 8291) and checks it.

mod common;

use app::push::sender::PushSender;
use app::push::UserAgentKeys;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use std::sync::{Arc, Mutex};

const CITY_CENTRE: &str = "E05011376"; // Piccadilly (Manchester)
const ANCOATS: &str = "E05011350"; // Ancoats & Beswick (Manchester)
const MANCHESTER: &str = "E08000003";

/// What the loopback push service received: the device name, headers and body.
type Inbox = Arc<Mutex<Vec<(String, HeaderMap, Vec<u8>)>>>;

/// A push service: `/push/gone-*` answers 410 Gone (an expired subscription), `broken-*`
/// 500, `dead-*` never answers (a service that hangs), others 201.
async fn push_service() -> (String, Inbox) {
    let inbox = Inbox::default();
    async fn receive(
        State(inbox): State<Inbox>,
        Path(name): Path<String>,
        headers: HeaderMap,
        body: Bytes,
    ) -> StatusCode {
        if name.starts_with("dead") {
            inbox.lock().unwrap().push((name, headers, body.to_vec()));
            tokio::time::sleep(std::time::Duration::from_secs(120)).await;
            return StatusCode::GATEWAY_TIMEOUT;
        }
        let answer = if name.starts_with("gone") {
            StatusCode::GONE
        } else if name.starts_with("broken") {
            StatusCode::INTERNAL_SERVER_ERROR
        } else {
            StatusCode::CREATED
        };
        inbox.lock().unwrap().push((name, headers, body.to_vec()));
        answer
    }
    let app = Router::new().route("/push/{name}", post(receive)).with_state(inbox.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/push"), inbox)
}

struct Device {
    name: &'static str,
    keys: UserAgentKeys,
    endpoint: String,
}

impl Device {
    fn new(base: &str, name: &'static str) -> Self {
        Device { name, keys: UserAgentKeys::generate(), endpoint: format!("{base}/{name}") }
    }

    async fn follow(
        &self,
        h: &common::Harness,
        area: &str,
        severity: &str,
        quiet: (&str, &str),
        zone: &str,
    ) -> (StatusCode, serde_json::Value) {
        let (p256dh, auth) = (self.keys.p256dh_b64(), self.keys.auth_b64());
        let args = [
            ("endpoint", self.endpoint.as_str()),
            ("p256dh", p256dh.as_str()),
            ("auth", auth.as_str()),
            ("time_zone", zone),
            ("area", area),
            ("min_severity", severity),
            ("quiet_from", quiet.0),
            ("quiet_to", quiet.1),
        ];
        h.call("follow_area", &args).await
    }
}

async fn publish(h: &common::Harness, officer: &str, severity: &str, title: &str) -> i64 {
    let args = [
        ("area", CITY_CENTRE),
        ("kind", "neighbourhood"),
        ("severity", severity),
        ("title", title),
        ("body", "Details in the app."),
    ];
    let (code, id) = h.call_as(Some(officer), "publish_update", &args).await;
    assert_eq!(code, StatusCode::OK, "{id}");
    id.as_i64().unwrap()
}

/// Quiet hours around the current UTC time, so "now" is inside them.
fn quiet_now() -> (String, String) {
    use chrono::Timelike;
    let now = chrono::Utc::now();
    let m = now.hour() * 60 + now.minute();
    let fmt = |m: u32| format!("{:02}:{:02}", (m / 60) % 24, m % 60);
    (fmt(m + 1440 - 60), fmt(m + 60))
}

#[test]
fn a_published_update_reaches_the_areas_followers_encrypted() {
    common::run(async { alert_flow(common::harness().await).await })
}

#[test]
fn the_same_on_postgresql() {
    common::run(common::on_postgres(alert_flow))
}

async fn alert_flow(h: common::Harness) {
    let (base, inbox) = push_service().await;
    let (code, key) = h.call("push_key", &[]).await;
    assert_eq!(code, StatusCode::OK);
    let server_key = key.as_str().unwrap().to_string();

    let phone = Device::new(&base, "phone");
    let gone = Device::new(&base, "gone-old-phone");
    let neighbour = Device::new(&base, "neighbour");
    let warnings_only = Device::new(&base, "warnings-only");
    let asleep = Device::new(&base, "asleep");
    let council = Device::new(&base, "council-follower");
    let (from, to) = quiet_now();
    for (device, area, severity, quiet) in [
        (&phone, CITY_CENTRE, "info", ("", "")),
        (&gone, CITY_CENTRE, "info", ("", "")),
        (&neighbour, ANCOATS, "info", ("", "")),
        (&warnings_only, CITY_CENTRE, "warning", ("", "")),
        (&asleep, CITY_CENTRE, "info", (from.as_str(), to.as_str())),
    ] {
        let (code, body) = device.follow(&h, area, severity, quiet, "UTC").await;
        assert_eq!(code, StatusCode::OK, "{}: {body}", device.name);
    }
    let (code, followed) = phone.follow(&h, ANCOATS, "advisory", ("22:00", "07:00"), "Europe/London").await;
    assert_eq!(code, StatusCode::OK);
    let names: Vec<&str> = followed.as_array().unwrap().iter().map(|a| a["area_code"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 2, "{followed}");
    assert_eq!(
        followed.as_array().unwrap().iter().find(|a| a["area_code"] == ANCOATS).unwrap()["quiet"]["from_min"],
        1320
    );

    let officer = h.sign_in("officer.citycentre").await;
    let id = publish(&h, &officer, "advisory", "Road closed on Deansgate until 6pm").await;

    let sender = PushSender::new(h.pool.clone(), h.state.push.clone()).unwrap();
    let report = sender.run_once().await.unwrap().expect("the only sender holds the lease");
    assert_eq!(report.updates, 1);
    assert_eq!(
        (report.delivered, report.removed, report.below_threshold, report.quiet, report.failed),
        (1, 1, 1, 1, 0),
        "{report:?}"
    );

    let received = inbox.lock().unwrap().clone();
    let names: Vec<&str> = received.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"phone") && names.contains(&"gone-old-phone"), "{names:?}");
    let (_, headers, body) = received.iter().find(|(n, _, _)| n == "phone").unwrap();
    assert_eq!(headers["content-encoding"], "aes128gcm");
    assert_eq!(headers["urgency"], "normal");
    assert_eq!(headers["topic"], format!("u{id}").as_str());
    assert!(headers["ttl"].to_str().unwrap().parse::<u32>().unwrap() > 0);
    let authorization = headers["authorization"].to_str().unwrap();
    assert!(
        authorization.starts_with("vapid t=") && authorization.ends_with(&format!(", k={server_key}")),
        "{authorization}"
    );
    assert!(!String::from_utf8_lossy(body).contains("Deansgate"), "the body is encrypted");

    let plain = phone.keys.decrypt(body).expect("decrypts with the phone's keys");
    let message: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(message["title"], "Advisory · Piccadilly");
    assert_eq!(message["body"], "Road closed on Deansgate until 6pm");
    assert_eq!(message["url"], format!("/updates/{id}?area={CITY_CENTRE}"));
    assert_eq!(message["tag"], format!("update-{id}"));
    assert!(neighbour.keys.decrypt(body).is_err(), "another device's keys cannot read it");

    // 410 Gone: that subscription and its areas are forgotten; the rest stay.
    let (code, left) = h.call("followed_areas", &[("endpoint", &gone.endpoint)]).await;
    assert_eq!((code, left), (StatusCode::OK, serde_json::json!([])));
    assert_eq!(app::push::store::subscription_count(&h.pool).await.unwrap(), 4);
    // Sent once: the outbox is empty, so another pass sends nothing.
    inbox.lock().unwrap().clear();
    let again = sender.run_once().await.unwrap().unwrap();
    assert_eq!(again.updates, 0);
    assert!(inbox.lock().unwrap().is_empty());

    // An update for the whole council reaches followers of its wards.
    let _ = council.follow(&h, ANCOATS, "info", ("", ""), "UTC").await;
    let source: i64 = sqlx::query_scalar("SELECT id FROM sources WHERE area_code = $1 LIMIT 1")
        .bind(MANCHESTER)
        .fetch_one(&h.pool)
        .await
        .unwrap();
    let now = chrono::Utc::now().timestamp_millis();
    let mut publishing = app::publishing::pipeline::Publishing::begin(&h.pool, now).await.unwrap();
    let update = app::updates::store::NewUpdate {
        kind: app::updates::kind::UpdateKind::CouncilNotice,
        severity: app::updates::kind::Severity::Warning,
        title: "All schools closed tomorrow: storm",
        body: "Check the council's site in the morning.",
        source_id: source,
        account_id: None,
        published_at_ms: now,
        expires_at_ms: None,
        is_demo: false,
        area_codes: &[MANCHESTER],
        author_id: None,
        byline: None,
        starts_at_ms: None,
        ends_at_ms: None,
        client_key: None,
    };
    publishing.insert(&update).await.unwrap();
    publishing.commit(None).await.unwrap();
    let report = sender.run_once().await.unwrap().unwrap();
    let mut names: Vec<String> = inbox.lock().unwrap().iter().map(|(n, _, _)| n.clone()).collect();
    names.sort();
    // Ancoats & Beswick's followers (the phone follows it too, at "advisory"), Piccadilly's
    // (warnings-only now qualifies); the phone once, however many areas match.
    assert_eq!(names, ["council-follower", "neighbour", "phone", "warnings-only"], "{report:?}");
    let (_, headers, body) = inbox.lock().unwrap().iter().find(|(n, _, _)| n == "council-follower").cloned().unwrap();
    assert_eq!(headers["urgency"], "high");
    let message: serde_json::Value = serde_json::from_slice(&council.keys.decrypt(&body).unwrap()).unwrap();
    assert_eq!(message["title"], "Warning · Ancoats & Beswick");
}

#[test]
fn one_sender_at_a_time_across_servers() {
    common::run(async {
        let h = common::harness().await;
        let first = PushSender::new(h.pool.clone(), h.state.push.clone()).unwrap();
        let second = PushSender::new(h.pool.clone(), h.state.push.clone()).unwrap();
        assert!(first.run_once().await.unwrap().is_some(), "first takes the lease");
        assert!(second.run_once().await.unwrap().is_none(), "second waits while the lease is held");
        assert!(first.run_once().await.unwrap().is_some(), "the holder renews it");
        // Once the holder stops renewing and the lease runs out, another server takes over.
        sqlx::query("UPDATE worker_leases SET until_ms = 0").execute(&h.pool).await.unwrap();
        assert!(second.run_once().await.unwrap().is_some());
        assert!(first.run_once().await.unwrap().is_none());
    })
}

#[test]
fn bad_subscriptions_are_refused_clearly_and_store_nothing() {
    common::run(async {
        let h = common::harness().await;
        let (base, _) = push_service().await;
        let ok = Device::new(&base, "ok");
        let (p256dh, auth) = (ok.keys.p256dh_b64(), ok.keys.auth_b64());
        let good = [
            ("endpoint", ok.endpoint.as_str()),
            ("p256dh", p256dh.as_str()),
            ("auth", auth.as_str()),
            ("time_zone", "Europe/London"),
            ("area", CITY_CENTRE),
            ("min_severity", "advisory"),
            ("quiet_from", "22:00"),
            ("quiet_to", "07:00"),
        ];
        let with = |field: &'static str, value: &'static str| {
            good.iter().map(|(k, v)| (*k, if *k == field { value } else { *v })).collect::<Vec<_>>()
        };
        let cases = [
            (with("p256dh", "bm90IGEga2V5"), StatusCode::BAD_REQUEST, "p256dh"),
            (with("auth", "c2hvcnQ"), StatusCode::BAD_REQUEST, "auth"),
            (with("time_zone", "Mars/Olympus_Mons"), StatusCode::BAD_REQUEST, "time zone"),
            (with("area", "E05999999"), StatusCode::NOT_FOUND, "no area"),
            (with("area", "../etc"), StatusCode::BAD_REQUEST, ""),
            (with("min_severity", "everything!"), StatusCode::BAD_REQUEST, "Choose which alerts"),
            (with("quiet_from", "25:00"), StatusCode::BAD_REQUEST, "quiet hours"),
            (with("quiet_to", ""), StatusCode::BAD_REQUEST, "quiet hours"),
            (with("endpoint", "ftp://example.org/x"), StatusCode::BAD_REQUEST, "push service"),
        ];
        for (args, status, words) in cases {
            let (code, body) = h.call("follow_area", &args).await;
            assert_eq!(code, status, "{args:?}: {body}");
            assert!(body.to_string().to_lowercase().contains(&words.to_lowercase()), "{args:?}: {body}");
        }
        assert_eq!(app::push::store::subscription_count(&h.pool).await.unwrap(), 0);
        let (code, _) = h.call("follow_area", &good).await;
        assert_eq!(code, StatusCode::OK);
        assert_eq!(app::push::store::subscription_count(&h.pool).await.unwrap(), 1);

        // Unfollowing the last area removes the subscription.
        let (code, left) = h.call("unfollow_area", &[("endpoint", &ok.endpoint), ("area", CITY_CENTRE)]).await;
        assert_eq!((code, left), (StatusCode::OK, serde_json::json!([])));
        assert_eq!(app::push::store::subscription_count(&h.pool).await.unwrap(), 0);
    })
}

/// The demo reporter's note, submitted and approved by the GMP moderator to be published after
/// `delay_minutes`; returns the update's id.
/// Whether residents see `update`: in Piccadilly's feed, on its own page, in the Atom feed.
async fn visible(h: &common::Harness, update: i64, title: &str) -> (bool, bool, bool) {
    let (_, feed) = h.call("feed", &[("area", CITY_CENTRE)]).await;
    let in_feed = feed["items"].as_array().unwrap().iter().any(|i| i["id"] == update);
    let (status, _) = h.call("update", &[("id", &update.to_string())]).await;
    let (_, atom) = h.get(&format!("/area/{CITY_CENTRE}/feed.atom")).await;
    (in_feed, status == StatusCode::OK, atom.contains(title))
}

#[test]
fn a_delayed_approval_is_pushed_once_when_its_time_comes_and_not_before() {
    common::run(async {
        let h = common::harness().await;
        let (base, inbox) = push_service().await;
        let phone = Device::new(&base, "phone");
        let (code, body) = phone.follow(&h, CITY_CENTRE, "info", ("", ""), "UTC").await;
        assert_eq!(code, StatusCode::OK, "{body}");
        let title = "Late patrol: officers still at the ring road";
        // A resident's area page, open since before the approval.
        let (_, page) = h.call("feed", &[("area", CITY_CENTRE)]).await;
        let after = page["live_after"].as_i64().unwrap();
        let mut open = common::sse::Stream::open(&h, &format!("area={CITY_CENTRE}&after={after}"), None, None).await;
        let update = common::approve_delayed(&h, title, "480").await;

        // Before its time: no alert, and nowhere a resident could see it.
        let sender = PushSender::new(h.pool.clone(), h.state.push.clone()).unwrap();
        sender.run_once().await.unwrap().expect("the only sender");
        assert!(inbox.lock().unwrap().is_empty(), "pushed before its time");
        assert_eq!(visible(&h, update, title).await, (false, false, false), "feed, page, Atom feed before its time");
        h.state.live.advance(&h.pool).await.unwrap();
        assert_eq!(open.next_update().await, None, "streamed before its time");

        // Its time comes (the clock is moved by moving the update's time back, and the time
        // its alert is due with it).
        let past = chrono::Utc::now().timestamp_millis() - 1_000;
        for sql in [
            "UPDATE updates SET published_at_ms = $1 WHERE id = $2",
            "UPDATE push_outbox SET due_at_ms = $1 WHERE update_id = $2",
        ] {
            sqlx::query(sql).bind(past).bind(update).execute(&h.pool).await.unwrap();
        }
        let report = sender.run_once().await.unwrap().unwrap();
        assert_eq!((report.updates, report.delivered), (1, 1), "{report:?}");
        let received = inbox.lock().unwrap().clone();
        assert_eq!(received.len(), 1, "exactly one message for the one follower");
        let message: serde_json::Value = serde_json::from_slice(&phone.keys.decrypt(&received[0].2).unwrap()).unwrap();
        assert_eq!(message["body"], title);
        assert_eq!(visible(&h, update, title).await, (true, true, true), "feed, page, Atom feed after its time");
        // The open page gets it when it becomes visible, once; a page that reconnects from
        // before the approval gets it too.
        h.state.live.advance(&h.pool).await.unwrap();
        assert_eq!(open.next_update().await.map(|u| u.0), Some(update), "streamed when its time came");
        h.state.live.advance(&h.pool).await.unwrap();
        assert_eq!(open.next_update().await, None, "streamed once");
        let mut back = common::sse::Stream::open(&h, &format!("area={CITY_CENTRE}&after={after}"), None, None).await;
        assert_eq!(back.next_update().await.map(|u| u.0), Some(update), "replayed to a page that was away");
        assert_eq!(back.next_update().await, None);
        // Once: another pass sends nothing.
        let again = sender.run_once().await.unwrap().unwrap();
        assert_eq!(again.updates, 0);
        assert_eq!(inbox.lock().unwrap().len(), 1);
    })
}

#[test]
fn one_network_cannot_sign_up_devices_without_limit_and_dead_ones_are_dropped() {
    common::run(async {
        let h = common::harness().await;
        let (base, _inbox) = push_service().await;
        let limit = app::push::store::NEW_DEVICES_PER_HOUR as usize;
        let mut statuses = Vec::new();
        for i in 0..limit + 5 {
            let name: &'static str = Box::leak(format!("junk-{i}").into_boxed_str());
            statuses.push(Device::new(&base, name).follow(&h, CITY_CENTRE, "info", ("", ""), "UTC").await.0);
        }
        assert!(statuses[..limit].iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
        assert!(statuses[limit..].iter().all(|s| *s == StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
        let count = |pool: sqlx::AnyPool| async move {
            let row = sqlx::query("SELECT COUNT(*) FROM push_subscriptions").fetch_one(&pool).await.unwrap();
            sqlx::Row::get::<i64, _>(&row, 0)
        };
        assert_eq!(count(h.pool.clone()).await, limit as i64, "the refused ones are not stored");

        // A device whose push service keeps failing is dropped after a few alerts.
        sqlx::query("DELETE FROM push_subscriptions").execute(&h.pool).await.unwrap();
        let broken = Device::new(&base, "broken-service");
        assert_eq!(broken.follow(&h, CITY_CENTRE, "info", ("", ""), "UTC").await.0, StatusCode::OK);
        let officer = h.sign_in("officer.citycentre").await;
        let sender = PushSender::new(h.pool.clone(), h.state.push.clone()).unwrap();
        for i in 0..app::push::store::MAX_FAILURES {
            assert_eq!(count(h.pool.clone()).await, 1, "still there after {i} failures");
            publish(&h, &officer, "advisory", &format!("Road closed, update {i}")).await;
            let report = sender.run_once().await.unwrap().unwrap();
            assert_eq!(report.failed, 1, "{report:?}");
        }
        assert_eq!(count(h.pool.clone()).await, 0, "dropped after repeated failures");
    })
}

/// However many dead subscriptions pile up, an alert reaches the devices that work first, and
/// the dead ones get a short wait each within a budget: each counts a failure, so they are
/// dropped after a few alerts (figures: `make push-fanout`).
#[test]
fn dead_subscriptions_never_hold_an_alert_back() {
    common::run(async {
        let h = common::harness().await;
        let (base, inbox) = push_service().await;
        // The dead ones signed up first: sent in sign-up order, they would go before the resident.
        let dead = 24;
        for i in 0..dead {
            let name: &'static str = Box::leak(format!("dead-{i}").into_boxed_str());
            assert_eq!(
                Device::new(&base, name).follow(&h, CITY_CENTRE, "info", ("", ""), "UTC").await.0,
                StatusCode::OK
            );
        }
        let resident = Device::new(&base, "resident");
        assert_eq!(resident.follow(&h, CITY_CENTRE, "info", ("", ""), "UTC").await.0, StatusCode::OK);
        let config = app::push::sender::PushConfig {
            timeout: std::time::Duration::from_millis(300),
            failing_timeout: std::time::Duration::from_millis(100),
            failing_budget: std::time::Duration::from_millis(150),
            ..h.state.push.config.clone()
        };
        let sender = PushSender::new(h.pool.clone(), app::push::sender::PushHub::new(config)).unwrap();
        let officer = h.sign_in("officer.citycentre").await;

        // The first alert finds them all untried: each gets the full wait.
        publish(&h, &officer, "advisory", "Road closed on the ring road").await;
        let report = sender.run_once().await.unwrap().unwrap();
        assert_eq!((report.delivered, report.failed), (1, dead), "{report:?}");

        // From the second on, the resident's message goes out before any dead one is tried,
        // and the budget stops the dead ones before all are tried.
        inbox.lock().unwrap().clear();
        publish(&h, &officer, "advisory", "Road open again").await;
        let report = sender.run_once().await.unwrap().unwrap();
        assert_eq!((report.delivered, report.failed), (1, dead), "{report:?}");
        let order: Vec<String> = inbox.lock().unwrap().iter().map(|(name, ..)| name.clone()).collect();
        assert_eq!(order.first().map(String::as_str), Some("resident"), "{order:?}");
        assert!(order.len() - 1 < dead, "the budget ended the dead ones' turn: {} of {dead} tried", order.len() - 1);
        let rows = sqlx::query("SELECT failures FROM push_subscriptions WHERE endpoint LIKE '%/dead-%'")
            .fetch_all(&h.pool)
            .await
            .unwrap();
        let failures: Vec<i64> = rows.iter().map(|r| sqlx::Row::get::<i64, _>(r, 0)).collect();
        assert_eq!(failures, vec![2; dead], "tried or not, each dead one counted a failure");
    })
}
