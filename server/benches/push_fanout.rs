//! One alert's fan-out as dead subscriptions pile up: 100 residents whose push service
//! answers at once, and 0, 100, 1,000 or 5,000 devices whose service never answers (the worst
//! kind of dead: each costs a full wait, where a gone one answers 410 at once). Prints, for an
//! alert sent once the dead ones have failed before, the time until every resident's message
//! was accepted and until the fan-out was done, and how many dead ones were tried. Run with
//! `make bench`. Waits are shortened (1 s per message, 300 ms for a failing device, 2 s budget
//! for them) so the run takes seconds; production's are 10 s, 3 s and 15 s.

#[path = "../tests/common/mod.rs"]
mod common;

use app::push::sender::{PushConfig, PushHub, PushSender};
use app::push::UserAgentKeys;
use axum::body::Body;
use axum::extract::Path;
use axum::http::{Request, StatusCode};
use axum::routing::post;
use axum::Router;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CITY_CENTRE: &str = "E05011376"; // Piccadilly (Manchester)
const RESIDENTS: usize = 100;

/// When each resident's message arrived, after `start` was set.
#[derive(Default)]
struct Clock {
    start: Option<Instant>,
    residents: Vec<Duration>,
    dead_tried: usize,
    /// Until set, dead devices' service answers 500 at once (their earlier failures).
    hang: bool,
}

async fn push_service(clock: Arc<Mutex<Clock>>) -> String {
    let app = Router::new().route(
        "/push/{name}",
        post(move |Path(name): Path<String>| {
            let clock = clock.clone();
            async move {
                if name.starts_with("dead") {
                    if !clock.lock().unwrap().hang {
                        return StatusCode::INTERNAL_SERVER_ERROR;
                    }
                    clock.lock().unwrap().dead_tried += 1;
                    tokio::time::sleep(Duration::from_secs(600)).await;
                    return StatusCode::GATEWAY_TIMEOUT;
                }
                let mut c = clock.lock().unwrap();
                if let Some(start) = c.start {
                    c.residents.push(start.elapsed());
                }
                StatusCode::CREATED
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/push")
}

/// A device follows the city centre from its own network (through the trusted proxy).
async fn follow(h: &common::Harness, endpoint: &str, network: usize) {
    let keys = UserAgentKeys::generate();
    let form = [
        ("endpoint", endpoint),
        ("p256dh", &keys.p256dh_b64()),
        ("auth", &keys.auth_b64()),
        ("time_zone", "UTC"),
        ("area", CITY_CENTRE),
        ("min_severity", "info"),
    ]
    .iter()
    // Endpoints and base64url keys need no escaping in a form.
    .map(|(k, v)| format!("{k}={v}"))
    .collect::<Vec<_>>()
    .join("&");
    let request = Request::post("/api/follow_area")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-forwarded-for", format!("10.{}.{}.1", network / 250, network % 250))
        .body(Body::from(form))
        .unwrap();
    let (status, _, body) = h.request(request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn publish(h: &common::Harness, officer: &str, title: &str) {
    let args = [
        ("area", CITY_CENTRE),
        ("kind", "neighbourhood"),
        ("severity", "advisory"),
        ("title", title),
        ("body", "Details in the app."),
    ];
    let (status, body) = h.call_as(Some(officer), "publish_update", &args).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

fn main() {
    println!("push fan-out: {RESIDENTS} residents, dead subscriptions that never answer (waits: 1 s, failing 300 ms, budget 2 s)");
    println!("{:>6}  {:>18}  {:>18}  {:>14}", "dead", "all residents (ms)", "fan-out done (ms)", "dead tried");
    for dead in [0usize, 100, 1_000, 5_000] {
        common::run(async {
            let h = common::sqlite().await;
            let clock = Arc::new(Mutex::new(Clock::default()));
            let base = push_service(clock.clone()).await;
            for i in 0..RESIDENTS {
                follow(&h, &format!("{base}/resident-{i}"), i).await;
            }
            for i in 0..dead {
                follow(&h, &format!("{base}/dead-{i}"), RESIDENTS + i).await;
            }
            let config = PushConfig {
                timeout: Duration::from_secs(1),
                failing_timeout: Duration::from_millis(300),
                failing_budget: Duration::from_secs(2),
                ..h.state.push.config.clone()
            };
            let sender = PushSender::new(h.pool.clone(), PushHub::new(config)).unwrap();
            let officer = h.sign_in("officer.citycentre").await;
            // The first alert: the dead ones fail (at once, so the run is short); from now on
            // they have failed before, and their service hangs.
            publish(&h, &officer, "First alert").await;
            sender.run_once().await.unwrap();
            publish(&h, &officer, "Second alert").await;
            {
                let mut c = clock.lock().unwrap();
                *c = Clock { start: Some(Instant::now()), hang: true, ..Clock::default() };
            }
            sender.run_once().await.unwrap();
            let c = clock.lock().unwrap();
            let done = c.start.unwrap().elapsed();
            assert_eq!(c.residents.len(), RESIDENTS, "every resident got the alert");
            let all = c.residents.iter().max().copied().unwrap_or_default();
            println!("{dead:>6}  {:>18}  {:>18}  {:>14}", all.as_millis(), done.as_millis(), c.dead_tried);
        });
    }
}
