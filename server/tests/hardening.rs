//! What an attacker, a proxy or a crash can do to Beat, tried through the router: each test
//! here failed on the code before its fix.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{harness, run};
use std::sync::{Mutex, OnceLock};

const CITY_CENTRE: &str = "E05011376"; // Piccadilly (Manchester)
const CATHAYS: &str = "W05001274"; // Cathays (Cardiff)

/// Signs in with a plain form post (no JavaScript), as a browser would, with `next`.
async fn sign_in_then(h: &common::Harness, next: &str) -> (StatusCode, String) {
    let body = format!(
        "username=admin&password={}&next={}",
        server::setup::DEMO_PASSWORD.replace(' ', "+"),
        next.bytes().map(|b| format!("%{b:02X}")).collect::<String>()
    );
    let req = Request::post("/api/sign_in")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .header("host", "beat.test")
        .header("origin", "http://beat.test")
        .header("referer", "http://beat.test/sign-in")
        .body(Body::from(body))
        .unwrap();
    let (status, headers, _) = h.request(req).await;
    let location = headers.get("location").map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned());
    (status, location.unwrap_or_default())
}

#[test]
fn signing_in_never_sends_the_browser_to_another_site() {
    run(async {
        let h = harness().await;
        let (status, location) = sign_in_then(&h, "/reporter?x=1").await;
        assert!(status.is_redirection(), "{status}");
        assert_eq!(location, "/reporter?x=1");
        // Each of these is another site to a browser, which drops tabs and newlines and reads
        // a backslash as a slash.
        for next in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/\\evil.example",
            "/\t\\evil.example",
            "//evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "\t/\t/evil.example",
        ] {
            let (status, location) = sign_in_then(&h, next).await;
            assert!(status.is_redirection(), "{next:?}: {status}");
            assert_eq!(location, "/account", "after signing in with next={next:?}");
        }
    })
}

/// Every log line of this test binary, as an operator's log file would hold it.
fn captured() -> &'static Mutex<Vec<u8>> {
    static LOG: OnceLock<Mutex<Vec<u8>>> = OnceLock::new();
    LOG.get_or_init(|| {
        struct Capture;
        impl std::io::Write for Capture {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                captured().lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(|| Capture)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("one subscriber");
        Mutex::new(Vec::new())
    })
}

#[test]
fn an_invitation_token_never_reaches_the_log() {
    run(async {
        captured();
        let h = harness().await;
        let admin = h.sign_in("admin").await;
        let (status, link) = h
            .call_as(Some(&admin), "invite", &[("username", "log.test"), ("display_name", "Lo"), ("role", "reporter")])
            .await;
        assert_eq!(status, StatusCode::OK, "{link}");
        let link = link.as_str().unwrap().to_string();
        let token = link.strip_prefix("/invite/").unwrap().to_string();
        let (status, _) = h.get(&link).await;
        assert_eq!(status, StatusCode::OK);
        // A mistake on the form, then a server fault while the page is open.
        let (status, _) = h
            .call(
                "accept_invitation",
                &[("token", &token), ("display_name", "Lo"), ("password", "short"), ("password_again", "short")],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        sqlx::query("ALTER TABLE invitations RENAME TO invitations_gone").execute(&h.pool).await.unwrap();
        let (status, _) = h.get(&link).await;
        assert!(status.is_server_error() || status == StatusCode::OK, "{status}");
        let (status, _) = h.call("invitation", &[("token", &token)]).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        let log = String::from_utf8_lossy(&captured().lock().unwrap()).into_owned();
        assert!(log.contains("/invite/{token}"), "the route is logged by its template:\n{log}");
        assert!(!log.contains(&token), "the invitation token is in the log");
    })
}

#[test]
fn a_ride_along_is_only_arranged_where_the_team_polices() {
    run(async {
        let h = harness().await;
        let args = |area: &'static str| {
            [
                ("reporter", "reporter.sam"),
                ("team", "gmp-city-centre"),
                ("area", area),
                ("starts", "2027-01-05T18:00"),
                ("hours", "4"),
            ]
        };
        for who in ["officer.citycentre", "admin"] {
            let session = h.sign_in(who).await;
            let (status, body) = h.call_as(Some(&session), "arrange_ride_along", &args(CATHAYS)).await;
            assert_eq!(
                (status, body["Invalid"]["field"].as_str()),
                (StatusCode::BAD_REQUEST, Some("area")),
                "{who} sent a Manchester team to Cardiff: {body}"
            );
            let (status, body) = h.call_as(Some(&session), "arrange_ride_along", &args(CITY_CENTRE)).await;
            assert_eq!(status, StatusCode::OK, "{who}: {body}");
        }
        let cardiff = sqlx::query("SELECT COUNT(*) FROM ride_alongs WHERE area_code = $1")
            .bind(CATHAYS)
            .fetch_one(&h.pool)
            .await
            .unwrap();
        assert_eq!(sqlx::Row::get::<i64, _>(&cardiff, 0), 0);
    })
}

#[test]
fn feeds_whose_links_come_from_the_host_header_are_never_cached_for_others() {
    run(async {
        let h = harness().await;
        for path in [format!("/area/{CITY_CENTRE}/feed.atom"), format!("/area/{CITY_CENTRE}/feed.json")] {
            let req = Request::get(&path).header("host", "evil.example").body(Body::empty()).unwrap();
            let (status, headers, body) = h.request(req).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert!(body.contains("http://evil.example/"), "links follow the Host header without a public URL");
            let cache = headers.get("cache-control").unwrap().to_str().unwrap();
            assert!(cache.starts_with("private"), "{path}: {cache}");
        }
    })
}

/// A sign-in with `password` as a resident's browser script would send it, carrying `cookie`.
async fn try_sign_in(
    h: &common::Harness,
    username: &str,
    password: &str,
    cookie: Option<&str>,
) -> (StatusCode, String) {
    let (status, headers, _) = h.post(cookie, "sign_in", &[("username", username), ("password", password)]).await;
    let device = headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("beat_known_device="))
        .map(|c| c.split(';').next().unwrap().to_string());
    (status, device.unwrap_or_default())
}

#[test]
fn parallel_guesses_get_no_more_tries_than_one_at_a_time() {
    run(async {
        let h = harness().await;
        let guesses = (0..30).map(|i| {
            let h = &h;
            async move { try_sign_in(h, "admin", &format!("guess number {i}"), None).await.0 }
        });
        let statuses = futures::future::join_all(guesses).await;
        let checked = statuses.iter().filter(|s| **s == StatusCode::BAD_REQUEST).count();
        assert!(checked <= 5, "{checked} of 30 parallel guesses had their password checked: {statuses:?}");
        assert!(
            statuses.iter().all(|s| [
                StatusCode::BAD_REQUEST,
                StatusCode::TOO_MANY_REQUESTS,
                StatusCode::SERVICE_UNAVAILABLE
            ]
            .contains(s)),
            "{statuses:?}"
        );
        let (status, _) = try_sign_in(&h, "admin", server::setup::DEMO_PASSWORD, None).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "locked for devices it has not signed in on");
    })
}

#[test]
fn a_stranger_cannot_lock_staff_out_of_a_device_they_use() {
    run(async {
        let h = harness().await;
        let (status, device) = try_sign_in(&h, "admin", server::setup::DEMO_PASSWORD, None).await;
        assert!(status.is_success() || status.is_redirection(), "{status}");
        assert!(!device.is_empty(), "the device is remembered");
        for i in 0..8 {
            try_sign_in(&h, "admin", &format!("stranger's guess {i}"), None).await;
        }
        let (status, _) = try_sign_in(&h, "admin", server::setup::DEMO_PASSWORD, None).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "guessing from elsewhere is stopped");
        let (status, next) = try_sign_in(&h, "admin", server::setup::DEMO_PASSWORD, Some(&device)).await;
        assert!(status.is_success() || status.is_redirection(), "the owner's own device still signs in: {status}");
        // The device's token is new at each sign-in; the old one no longer counts as known.
        assert!(!next.is_empty() && next != device);
        for i in 0..5 {
            try_sign_in(&h, "admin", &format!("typo {i}"), Some(&next)).await;
        }
        let (status, _) = try_sign_in(&h, "admin", server::setup::DEMO_PASSWORD, Some(&next)).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "guessing on a known device is stopped too");
    })
}

#[test]
fn a_flood_of_sign_ins_is_turned_away_quickly_and_leaves_no_trail() {
    run(async {
        let h = harness().await;
        let old = chrono::Utc::now().timestamp_millis() - 3 * 86_400_000;
        for i in 0..50 {
            sqlx::query(
                "INSERT INTO sign_in_failures (username, failures, locked_until_ms, last_at_ms) VALUES ($1, 1, 0, $2)",
            )
            .bind(format!("u:old.name.{i}"))
            .bind(old)
            .execute(&h.pool)
            .await
            .unwrap();
        }
        let attempts = (0..60).map(|i| {
            let h = &h;
            async move {
                let (status, headers, _) = h
                    .post(None, "sign_in", &[("username", &format!("random.{i}")), ("password", "whatever it is")])
                    .await;
                (status, headers.get("retry-after").is_some())
            }
        });
        let answers = futures::future::join_all(attempts).await;
        // Each is a refusal (a wrong password, a lock, or a full queue at the hashing gate,
        // whose bound `accounts::password` tests), never a fault.
        for (status, retry) in &answers {
            assert!(
                [StatusCode::BAD_REQUEST, StatusCode::TOO_MANY_REQUESTS, StatusCode::SERVICE_UNAVAILABLE]
                    .contains(status),
                "{answers:?}"
            );
            assert!(*status != StatusCode::SERVICE_UNAVAILABLE || *retry, "a 503 says when to retry");
        }
        let left: i64 = sqlx::Row::get(
            &sqlx::query("SELECT COUNT(*) FROM sign_in_failures WHERE username LIKE 'u:old.name.%'")
                .fetch_one(&h.pool)
                .await
                .unwrap(),
            0,
        );
        assert_eq!(left, 0, "rows untouched for a day are pruned");
    })
}

#[test]
fn signing_in_and_out_is_in_the_audit_log() {
    run(async {
        let h = harness().await;
        try_sign_in(&h, "moderator.gmp", "not the password", None).await;
        let session = h.sign_in("moderator.gmp").await;
        let (status, _, _) = h.post(Some(&session), "sign_out", &[]).await;
        assert!(status.is_success() || status.is_redirection(), "{status}");
        let actions: Vec<String> = sqlx::query(
            "SELECT a.action FROM audit_log a JOIN users u ON u.id = a.subject_id
             WHERE a.subject = 'user' AND u.username = 'moderator.gmp' AND a.action LIKE 'account.sign%' ORDER BY a.id",
        )
        .fetch_all(&h.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| sqlx::Row::get(r, 0))
        .collect();
        assert_eq!(actions, ["account.sign_in_failed", "account.sign_in", "account.sign_out"]);
    })
}

/// POSTs raw bytes to a server function; returns the status and the decoded error, if any.
async fn post_raw(h: &common::Harness, name: &str, content_type: &str, body: Body) -> (StatusCode, serde_json::Value) {
    let req = Request::post(format!("/api/{name}"))
        .header("content-type", content_type)
        .header("accept", "application/json")
        .header("host", "beat.test")
        .body(body)
        .unwrap();
    let (status, _, text) = h.request(req).await;
    (status, serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)))
}

#[test]
fn malformed_requests_are_the_callers_mistake_and_say_why() {
    run(async {
        let h = harness().await;
        let form = "application/x-www-form-urlencoded";
        let bad: [(&str, &str, Vec<u8>); 6] = [
            ("sign_in", form, b"username=%FF%FE&password=x".to_vec()),
            ("sign_in", form, vec![b'u', b'=', 0xFF, 0xFE]),
            ("sign_in", form, b"username=a&username=b&password=x".to_vec()),
            ("sign_in", form, b"username[0]=a&password=x".to_vec()),
            ("sign_in", form, br#"{"username":"admin","password":"x"}"#.to_vec()),
            ("follow_area", form, b"endpoint=https://push.example/1&p256dh=x".to_vec()),
        ];
        for (name, content_type, body) in bad {
            let shown = String::from_utf8_lossy(&body).into_owned();
            let (status, error) = post_raw(&h, name, content_type, Body::from(body)).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{name} {shown:?}: {error}");
            // Either the decoder's reason or the field's own message: a sentence, either way.
            let reason = error["BadRequest"].as_str().or(error["Invalid"]["message"].as_str());
            assert!(reason.is_some_and(|r| r.len() > 10), "{name} {shown:?}: {error}");
        }
    })
}

#[test]
fn a_body_too_big_is_413_and_a_trickled_one_408() {
    run(async {
        let h = harness().await;
        let form = "application/x-www-form-urlencoded";
        let big = format!("username=admin&password={}", "x".repeat(200 * 1024));
        let (status, _) = post_raw(&h, "sign_in", form, Body::from(big.clone())).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "declared length");
        let chunks = futures::stream::iter(
            big.into_bytes().chunks(8192).map(|c| Ok::<_, std::io::Error>(c.to_vec())).collect::<Vec<_>>(),
        );
        let (status, _) = post_raw(&h, "sign_in", form, Body::from_stream(chunks)).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "streamed without a length");
        // 64 bytes every half second, for ever.
        let trickle = futures::stream::unfold((), |()| async {
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            Some((Ok::<_, std::io::Error>(vec![b'x'; 64]), ()))
        });
        let started = std::time::Instant::now();
        let (status, _) = post_raw(&h, "sign_in", form, Body::from_stream(trickle)).await;
        assert_eq!(status, StatusCode::REQUEST_TIMEOUT);
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "{:?}", started.elapsed());
    })
}

/// Only `/api` reads request bodies, so it alone needs the limits above: every other route
/// answers GET (and HEAD), and a body sent to one, however big or slow, is refused unread.
#[test]
fn a_body_sent_anywhere_but_the_api_is_refused_unread() {
    run(async {
        let h = harness().await;
        for path in [&format!("/area/{CITY_CENTRE}") as &str, "/", "/events", "/sw.js", "/healthz", "/no-such-page"] {
            let trickle = futures::stream::unfold((), |()| async {
                tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                Some((Ok::<_, std::io::Error>(vec![b'x'; 64]), ()))
            });
            let started = std::time::Instant::now();
            let req = Request::post(path).header("content-length", "1000000000").body(Body::from_stream(trickle));
            let (status, _, _) = h.request(req.unwrap()).await;
            assert!(status == StatusCode::METHOD_NOT_ALLOWED || status == StatusCode::NOT_FOUND, "{path}: {status}");
            assert!(started.elapsed() < std::time::Duration::from_secs(2), "{path}: {:?}", started.elapsed());
        }
    })
}

#[test]
fn every_answer_carries_the_security_headers_and_personal_ones_are_never_stored() {
    run(async {
        let h = harness().await;
        let get = |path: &str, cookie: Option<&str>, https: bool| {
            let mut req = Request::get(path).header("host", "beat.test");
            if let Some(c) = cookie {
                req = req.header("cookie", c);
            }
            if https {
                req = req.header("x-forwarded-proto", "https");
            }
            req.body(Body::empty()).unwrap()
        };
        let (status, headers, _) = h.request(get(&format!("/area/{CITY_CENTRE}"), None, false)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert!(headers["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
        assert_eq!(headers["permissions-policy"].to_str().unwrap().split(',').next(), Some("geolocation=(self)"));
        assert!(headers.get("referrer-policy").is_some());
        assert!(headers.get("strict-transport-security").is_none(), "no HSTS over plain http");
        assert!(
            !headers.get("cache-control").is_some_and(|c| c.to_str().unwrap().contains("no-store")),
            "a resident's area page may be cached"
        );
        let (_, headers, _) = h.request(get("/", None, true)).await;
        assert!(headers.get("strict-transport-security").is_some(), "HSTS over https");
        let session = h.sign_in("officer.citycentre").await;
        for path in ["/account", "/publish", &format!("/area/{CITY_CENTRE}")] {
            let (_, headers, _) = h.request(get(path, Some(&session), false)).await;
            assert_eq!(headers["cache-control"], "private, no-store", "{path} signed in");
        }
        let (_, headers, _) = h.post(None, "push_key", &[]).await;
        assert_eq!(headers["cache-control"], "private, no-store", "/api answers");
    })
}

/// Scripts run only if the page's own render put them there: every page's policy names a
/// fresh nonce, the hydration script carries it, no other attribute shows it, and answers
/// that are not pages allow no inline script at all.
#[test]
fn only_scripts_the_page_rendered_itself_may_run() {
    run(async {
        let h = harness().await;
        let page = || Request::get(format!("/area/{CITY_CENTRE}")).body(Body::empty()).unwrap();
        let mut nonces = Vec::new();
        for _ in 0..2 {
            let (status, headers, html) = h.request(page()).await;
            assert_eq!(status, StatusCode::OK);
            let policy = headers["content-security-policy"].to_str().unwrap().to_string();
            let nonce = app::content_policy::nonce_of(&policy).expect("a page's policy names its nonce").to_string();
            assert!(policy.contains("script-src 'self' 'nonce-") && !policy.contains("unsafe-inline"), "{policy}");
            assert!(html.contains(&format!(r#"<script type="module" nonce="{nonce}">"#)), "hydration script");
            assert_eq!(
                html.matches(nonce.as_str()).count(),
                html.matches(" nonce=").count(),
                "the nonce only in nonce attributes"
            );
            assert!(html.contains(r#"rel="preload""#) && html.contains(r#"crossorigin="""#), "{html:.600}");
            nonces.push(nonce);
        }
        assert_ne!(nonces[0], nonces[1], "a nonce is never reused");
        let (status, headers, html) = h.request(Request::get("/no-such-page").body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let nonce =
            app::content_policy::nonce_of(headers["content-security-policy"].to_str().unwrap()).expect("404 page");
        assert!(html.contains(&format!(r#"<script type="module" nonce="{nonce}">"#)), "the 404 page's app starts too");
        let (_, headers, _) = h.post(None, "push_key", &[]).await;
        let policy = headers["content-security-policy"].to_str().unwrap();
        assert!(
            app::content_policy::nonce_of(policy).is_none() && policy.contains("script-src 'self' 'wasm"),
            "{policy}"
        );
    })
}

#[test]
fn another_site_cannot_sign_a_browser_in_nor_plant_a_session_over_https() {
    run(async {
        let h = harness().await;
        let form = format!("username=admin&password={}", server::setup::DEMO_PASSWORD.replace(' ', "+"));
        let req = Request::post("/api/sign_in")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .header("host", "beat.test")
            .header("origin", "https://evil.example")
            .body(Body::from(form))
            .unwrap();
        let (status, headers, _) = h.request(req).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "login CSRF");
        assert!(headers.get("set-cookie").is_none());
        // Over https a session is only ever the __Host- cookie.
        let session = h.sign_in("admin").await;
        let token = session.strip_prefix("beat_session=").unwrap();
        let me = |cookie: String| {
            Request::post("/api/me")
                .header("accept", "application/json")
                .header("host", "beat.test")
                .header("x-forwarded-proto", "https")
                .header("cookie", cookie)
                .body(Body::empty())
                .unwrap()
        };
        let (_, _, body) = h.request(me(format!("beat_session={token}"))).await;
        assert_eq!(body, "null", "a plain-named cookie is nobody over https");
        let (_, _, body) = h.request(me(format!("__Host-beat_session={token}"))).await;
        assert!(body.contains("\"admin\""), "{body}");
    })
}

#[test]
fn forwarding_headers_from_anyone_but_a_trusted_proxy_are_ignored() {
    run(async {
        let h = harness().await;
        let stranger = common::router_from(&h.state, "203.0.113.9:5000".parse().unwrap());
        let send = |router: axum::Router, req: Request<Body>| async move {
            use tower::ServiceExt;
            let res = router.oneshot(req).await.unwrap();
            (res.status(), res.headers().clone())
        };
        let forged = || {
            Request::get("/")
                .header("host", "beat.test")
                .header("x-forwarded-proto", "https")
                .body(Body::empty())
                .unwrap()
        };
        let (_, headers) = send(stranger.clone(), forged()).await;
        assert!(headers.get("strict-transport-security").is_none(), "a stranger's X-Forwarded-Proto is not believed");
        let (_, headers) = send(h.router.clone(), forged()).await;
        assert!(headers.get("strict-transport-security").is_some(), "the trusted proxy's is");
        // A new X-Forwarded-For on every attempt does not make a new client: the network's
        // limit still stops the run.
        let mut statuses = Vec::new();
        for i in 0..45 {
            let req = Request::post("/api/sign_in")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .header("host", "beat.test")
                .header("x-forwarded-for", format!("198.51.100.{i}"))
                .body(Body::from(format!("username=someone.{i}&password=guess")))
                .unwrap();
            statuses.push(send(stranger.clone(), req).await.0);
        }
        let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
        assert!(refused >= 5, "{statuses:?}");
        assert_eq!(statuses[..40].iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count(), 0, "{statuses:?}");
    })
}

#[test]
fn pages_cut_together_by_a_dying_server_queue_to_reconnect_and_none_is_refused() {
    run(async {
        use app::live::hub::{LiveHub, StreamLimits};
        use tower::ServiceExt;
        let h = harness().await;
        // A server that sets up two streams at a time takes a crowd of pages coming back from
        // a dead server at once (each asking for what it missed), one after another.
        let limits = StreamLimits { starting_at_once: 2, per_network: 1000, ..StreamLimits::default() };
        let survivor = h.another_server(LiveHub::in_process_with(limits));
        let reconnects = (0..60).map(|_| {
            let req = Request::get(format!("/events?area={CITY_CENTRE}"))
                .header("host", "beat.test")
                .header("last-event-id", "1")
                .body(Body::empty())
                .unwrap();
            survivor.router.clone().oneshot(req)
        });
        let answers = futures::future::join_all(reconnects).await;
        let statuses: Vec<StatusCode> = answers.iter().map(|r| r.as_ref().unwrap().status()).collect();
        assert!(statuses.iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
        assert_eq!(survivor.state.live.open_streams(), 60);
    })
}

#[test]
fn live_streams_are_capped_per_address_and_the_excess_told_when_to_retry() {
    run(async {
        use tower::ServiceExt;
        let h = harness().await;
        let per_address = app::live::hub::StreamLimits::default().per_network;
        let open = |forwarded_for: Option<&str>| {
            let mut req = Request::get(format!("/events?area={CITY_CENTRE}")).header("host", "beat.test");
            if let Some(addr) = forwarded_for {
                req = req.header("x-forwarded-for", addr);
            }
            h.router.clone().oneshot(req.body(Body::empty()).unwrap())
        };
        let mut held = Vec::new();
        for i in 0..per_address {
            let res = open(Some("198.51.100.20")).await.unwrap();
            assert_eq!(res.status(), StatusCode::OK, "stream {i}");
            held.push(res);
        }
        let refused = open(Some("198.51.100.20")).await.unwrap();
        assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(refused.headers().get("retry-after").is_some());
        assert_eq!(h.state.live.open_streams(), per_address);
        // Someone else is not held up by them, and a closed stream frees its place.
        assert_eq!(open(Some("198.51.100.21")).await.unwrap().status(), StatusCode::OK);
        held.pop();
        assert_eq!(open(Some("198.51.100.20")).await.unwrap().status(), StatusCode::OK);
    })
}

#[test]
fn feeds_are_never_fetched_from_the_servers_own_network() {
    use app::feeds::fetch::{self, FetchError, Limits, Validators};
    run(async {
        let (base, seen) = common::fixture_server::start().await;
        let port = base.rsplit(':').next().unwrap().to_string();
        let strict = Limits { timeout: std::time::Duration::from_secs(3), ..Limits::default() };
        let client = fetch::client(&strict);
        let none = Validators::default();
        for url in [
            format!("{base}/fixtures/news.rss"),
            format!("http://localhost:{port}/fixtures/news.rss"),
            format!("http://[::ffff:127.0.0.1]:{port}/fixtures/news.rss"),
            format!("http://0x7f000001:{port}/fixtures/news.rss"),
            "http://169.254.169.254/latest/meta-data/".to_string(),
            "http://[fd00::1]/feed".to_string(),
        ] {
            let err = fetch::fetch(&client, &url, &none, &strict).await.unwrap_err();
            assert!(matches!(err, FetchError::Refused(_)), "{url}: {err}");
        }
        // An on-premises feed server the operator named is fetched; it cannot send the
        // fetcher on to any other internal address.
        let onprem = Limits { internal_hosts: vec!["localhost".into()], ..strict.clone() };
        let client = fetch::client(&onprem);
        let named = format!("http://localhost:{port}/fixtures/news.rss");
        assert!(fetch::fetch(&client, &named, &none, &onprem).await.is_ok());
        let onward = format!("http://localhost:{port}/redirect?to=http://127.0.0.1:{port}/fixtures/news.rss");
        let err = fetch::fetch(&client, &onward, &none, &onprem).await.unwrap_err();
        assert!(matches!(err, FetchError::Refused(_)), "{err}");
        assert_eq!(seen.requests_to("/fixtures/news.rss").len(), 1, "only the named host was fetched from");
    })
}

#[test]
fn publishing_the_same_form_again_after_a_lost_answer_stores_it_once() {
    run(async {
        let h = harness().await;
        let officer = h.sign_in("officer.citycentre").await;
        let form = |key: &'static str, title: &'static str| {
            [
                ("area", CITY_CENTRE),
                ("kind", "neighbourhood"),
                ("severity", "info"),
                ("title", title),
                ("body", "Officers will be at the library from 10am."),
                ("form_key", key),
            ]
        };
        let key = "0f8fad5b-d9cb-469f-a165-70867728950e";
        // The officer taps Publish, the answer is lost, the officer taps again (three times,
        // two of them at once).
        let (status, first) = h.call_as(Some(&officer), "publish_update", &form(key, "Drop-in surgery today")).await;
        assert_eq!(status, StatusCode::OK, "{first}");
        let same = form(key, "Drop-in surgery today");
        let again = (0..3).map(|_| h.call_as(Some(&officer), "publish_update", &same));
        for (status, id) in futures::future::join_all(again).await {
            assert_eq!((status, &id), (StatusCode::OK, &first), "the same update, not a new one");
        }
        let stored: i64 = sqlx::Row::get(
            &sqlx::query("SELECT COUNT(*) FROM updates WHERE title = 'Drop-in surgery today'")
                .fetch_one(&h.pool)
                .await
                .unwrap(),
            0,
        );
        assert_eq!(stored, 1);
        // The next form has its own key: a second update.
        let (status, second) = h
            .call_as(Some(&officer), "publish_update", &form("a3bb189e-8bf9-3888-9912-ace4e6543002", "Second surgery"))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_ne!(second, first);
        // The same goes for the call log.
        let call = [
            ("area", CITY_CENTRE),
            ("category", "concern_for_welfare"),
            ("outcome", "advice_given"),
            ("text", "A resident was checked on and is fine."),
            ("form_key", "b7e23ec2-9c8b-4e5a-8f5d-1a2b3c4d5e6f"),
        ];
        let (status, logged) = h.call_as(Some(&officer), "log_call", &call).await;
        assert_eq!(status, StatusCode::OK, "{logged}");
        assert_eq!(h.call_as(Some(&officer), "log_call", &call).await.1, logged);
    })
}

#[test]
fn the_push_key_is_sealed_in_the_database() {
    use app::push::sealing::SealingKey;
    use app::push::store::vapid_keys;
    use app::push::vapid::VapidKeys;
    run(async {
        let h = harness().await;
        let stored = || async {
            let row = sqlx::query("SELECT private_key FROM push_keys WHERE id = 1").fetch_one(&h.pool).await.unwrap();
            sqlx::Row::get::<String, _>(&row, 0)
        };
        let (status, public) = h.call("push_key", &[]).await;
        assert_eq!(status, StatusCode::OK);
        let sealed = stored().await;
        assert!(sealed.starts_with("sealed:v1:"), "{sealed}");
        assert!(VapidKeys::from_private_key_b64(&sealed).is_err());
        // A copy of the database is no use without the server's key.
        assert!(vapid_keys(&h.pool, &SealingKey::generate()).await.is_err());
        // A key stored before sealing existed is sealed in place, and still the same key.
        let plain = VapidKeys::generate();
        sqlx::query("UPDATE push_keys SET private_key = $1")
            .bind(plain.private_key_b64())
            .execute(&h.pool)
            .await
            .unwrap();
        let opened = vapid_keys(&h.pool, &h.state.push.config.sealing_key).await.unwrap();
        assert_eq!(opened.public_key_b64(), plain.public_key_b64());
        assert!(stored().await.starts_with("sealed:v1:"));
        assert_ne!(public.as_str(), Some(plain.public_key_b64().as_str()));
    })
}

#[test]
fn a_reporters_name_is_checked_before_it_is_published_beside_their_note() {
    run(async {
        let h = harness().await;
        sqlx::query("UPDATE users SET display_name = 'Sam 07700 900123' WHERE username = 'reporter.sam'")
            .execute(&h.pool)
            .await
            .unwrap();
        let saw = "Officers talked to door staff about a quieter close to the night.";
        let (moderator, card) =
            common::submit_note(&h, "byline-check-note", "Late patrol in the Northern Quarter", saw).await;
        let id = card["id"].to_string();
        assert_eq!(card["first_note"], true, "{card}");
        assert!(
            card["byline"].as_array().unwrap().iter().any(|s| !s["flag"].is_null()),
            "the phone number is flagged: {card}"
        );
        assert!(!card["proposed_byline"].as_str().unwrap().contains("07700"), "{card}");
        let approve = |byline: Option<&'static str>| {
            let mut args = vec![
                ("id", id.clone()),
                ("proposal", card["proposal"].as_str().unwrap().to_string()),
                ("title", "Late patrol in the Northern Quarter".to_string()),
                ("body", card["proposed_body"].as_str().unwrap().to_string()),
            ];
            if let Some(b) = byline {
                args.push(("byline", b.to_string()));
            }
            args
        };
        let call = |args: Vec<(&'static str, String)>| {
            let moderator = moderator.clone();
            let h = &h;
            async move {
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                h.call_as(Some(&moderator), "approve_note", &args).await
            }
        };
        let (status, refused) = call(approve(None)).await;
        assert_eq!(
            (status, refused["Invalid"]["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some("byline")),
            "{refused}"
        );
        let (status, refused) = call(approve(Some("Sam, call 07700 900123"))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "an edit that still has the number: {refused}");
        let (status, approved) = call(approve(Some("Sam R."))).await;
        assert_eq!(status, StatusCode::OK, "{approved}");
        let update = approved["update_id"].as_i64().unwrap();
        let byline: Option<String> = sqlx::Row::get(
            &sqlx::query("SELECT byline FROM updates WHERE id = $1").bind(update).fetch_one(&h.pool).await.unwrap(),
            0,
        );
        assert_eq!(byline.as_deref(), Some("Sam R."));
        let (name, edits): (String, i64) = {
            let row = sqlx::query(
                "SELECT u.display_name, (SELECT COUNT(*) FROM audit_log a WHERE a.action = 'account.byline_edit' AND a.subject_id = u.id)
                 FROM users u WHERE u.username = 'reporter.sam'",
            )
            .fetch_one(&h.pool)
            .await
            .unwrap();
            (sqlx::Row::get(&row, 0), sqlx::Row::get(&row, 1))
        };
        assert_eq!((name.as_str(), edits), ("Sam R.", 1), "the moderator's edit is the reporter's name now, audited");
    })
}
