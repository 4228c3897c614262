//! Q&A sessions through the router: a question asked, moderated, answered and visible; a
//! question after closing refused clearly; the rate limits per device and per network; bad
//! input; and what is stored about the people asking.

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode};
use common::{harness, run, Harness};
use serde_json::Value;
use sqlx::Row;
use std::net::SocketAddr;

const CITY_CENTRE: &str = "E05011376"; // Piccadilly (Manchester)
const CATHAYS: &str = "W05001274"; // Cathays (Cardiff)
const TEAM: &str = "GMP City of Manchester – City Centre neighbourhood team";
/// 2026-01-15 20:00 and 21:00 UTC: 20:00 and 21:00 in Manchester (GMT).
const JAN_15_20H: i64 = 1_768_507_200_000;
const JAN_15_21H: i64 = JAN_15_20H + 3_600_000;

async fn count(h: &Harness, sql: &str) -> i64 {
    sqlx::query(sql).fetch_one(&h.pool).await.unwrap().try_get(0).unwrap()
}

/// Schedules a one-hour session in Piccadilly as the City Centre officer, opening now (the
/// desk's suggested start); returns its id.
async fn schedule(h: &Harness, officer: &str, title: &str) -> String {
    let (status, desk) = h.call_as(Some(officer), "qa_desk", &[]).await;
    assert_eq!(status, StatusCode::OK, "{desk}");
    let starts = desk["default_start"].as_str().unwrap().to_string();
    let args = [("title", title), ("area", CITY_CENTRE), ("starts", &starts), ("duration_minutes", "60")];
    let (status, id) = h.call_as(Some(officer), "schedule_qa_session", &args).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    id.as_i64().unwrap().to_string()
}

/// Asks a question with an optional device cookie and socket address; returns status,
/// headers and the JSON body.
async fn ask(
    h: &Harness,
    session: &str,
    text: &str,
    device: Option<&str>,
    addr: Option<&str>,
) -> (StatusCode, HeaderMap, Value) {
    let body = format!("session={session}&question={}", encode(text));
    let mut req = Request::post("/api/ask_question")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .header("host", "beat.test");
    if let Some(device) = device {
        req = req.header("cookie", format!("beat_device={device}"));
    }
    let mut req = req.body(Body::from(body)).unwrap();
    if let Some(addr) = addr {
        req.extensions_mut().insert(ConnectInfo(addr.parse::<SocketAddr>().unwrap()));
    }
    let (status, headers, text) = h.request(req).await;
    (status, headers, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn device(n: u32) -> String {
    format!("{n:064x}")
}

/// The whole path, on whichever database `h` uses.
async fn asked_moderated_answered_visible(h: &Harness) {
    let officer = h.sign_in("officer.citycentre").await;
    let id = schedule(h, &officer, "Ask the City Centre team").await;
    let question = "Will the Deansgate crossing be repaired before the winter?";

    // A resident asks, without an account; the question waits, out of sight.
    let (status, headers, asked) = ask(h, &id, question, None, None).await;
    assert_eq!(status, StatusCode::OK, "{asked}");
    let cookie = headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(
        cookie.starts_with("beat_device=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let question_id = asked["id"].as_i64().unwrap().to_string();
    let (status, html) = h.get(&format!("/ask/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Ask the City Centre team") && html.contains("Open until"), "{html}");
    assert!(html.contains("href=\"tel:999\""));
    assert!(html.contains("1 question is waiting for the team."));
    assert!(!html.contains("Deansgate crossing"), "a question is not public before it is answered");

    // Only the session's own team decides, and a question is approved before it is answered.
    let answer = "The council will repair the crossing before the end of the month. Until then please use the lights.";
    let (status, body) =
        h.call_as(Some(&officer), "answer_question", &[("id", &question_id), ("answer", answer)]).await;
    assert_eq!(
        (status, body["Conflict"].as_str()),
        (StatusCode::CONFLICT, Some("Approve this question before answering it."))
    );
    for (who, expected) in
        [(None, 401), (Some("officer.cathays"), 403), (Some("staff.manchester"), 403), (Some("reporter.sam"), 403)]
    {
        let session = match who {
            Some(name) => Some(h.sign_in(name).await),
            None => None,
        };
        let (status, body) = h.call_as(session.as_deref(), "approve_question", &[("id", &question_id)]).await;
        assert_eq!(status.as_u16(), expected, "{who:?}: {body}");
    }
    let (_, desk) = h.call_as(Some(&officer), "qa_desk", &[]).await;
    let listed =
        desk["sessions"].as_array().unwrap().iter().find(|s| s["summary"]["id"].as_i64() == id.parse().ok()).unwrap();
    assert_eq!(listed["pending"][0]["text"], question);
    let (status, body) = h.call_as(Some(&officer), "approve_question", &[("id", &question_id)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = h.call_as(Some(&officer), "approve_question", &[("id", &question_id)]).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // The privacy guard stops a phone number in the answer unless a reason is given.
    let leaky = [("id", question_id.as_str()), ("answer", "Ring the council on 0161 234 5000 about the crossing.")];
    let (status, body) = h.call_as(Some(&officer), "answer_question", &leaky).await;
    assert_eq!((status, body["Invalid"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("answer")), "{body}");
    assert!(body["Invalid"]["message"].as_str().unwrap().contains("phone number"), "{body}");
    let (status, update) =
        h.call_as(Some(&officer), "answer_question", &[("id", &question_id), ("answer", answer)]).await;
    assert_eq!(status, StatusCode::OK, "{update}");
    let update = update.as_i64().unwrap();
    let (status, _) = h.call_as(Some(&officer), "answer_question", &[("id", &question_id), ("answer", answer)]).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Visible on the session page, in its JSON, and in the ward's feed as a Q&A answer.
    let (_, html) = h.get(&format!("/ask/{id}")).await;
    assert!(html.contains(question) && html.contains(answer) && html.contains(TEAM), "{html}");
    assert!(!html.contains("waiting for the team"));
    let (_, session) = h.call("qa_session", &[("id", &id)]).await;
    assert_eq!(session["answered"][0]["question"], question);
    assert_eq!(session["answered"][0]["update_id"], update);
    let (_, feed) = h.call("feed", &[("area", CITY_CENTRE), ("limit", "5")]).await;
    let item = feed["items"].as_array().unwrap().iter().find(|i| i["id"] == update).expect("answer in the feed");
    assert_eq!(item["kind"], "qa_answer");
    assert_eq!(item["title"], format!("Q: {question}"));
    // The headline holds the whole question: the text does not repeat it.
    assert_eq!(item["body"], format!("A: {answer}"));
    let (_, index) = h.call("qa_sessions", &[]).await;
    assert!(index["open"].as_array().unwrap().iter().any(|s| s["id"].as_i64() == id.parse().ok()));

    // Every step is in the audit log, by the officer.
    for action in ["qa_session.schedule", "qa_question.approve", "qa_question.answer"] {
        let sql = format!(
            "SELECT COUNT(*) FROM audit_log a JOIN users u ON u.id = a.actor_id
             WHERE a.action = '{action}' AND u.username = 'officer.citycentre'"
        );
        assert_eq!(count(h, &sql).await, 1, "{action}");
    }

    // A rejected question needs a reason, is kept, and is never public.
    let (_, _, other) = ask(h, &id, "Why is the tram stop closed on Sundays now?", None, None).await;
    let other = other["id"].as_i64().unwrap().to_string();
    let (status, body) = h.call_as(Some(&officer), "reject_question", &[("id", &other), ("reason", "")]).await;
    assert_eq!((status, body["Invalid"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("reason")));
    let (status, _) =
        h.call_as(Some(&officer), "reject_question", &[("id", &other), ("reason", "Not for this team")]).await;
    assert_eq!(status, StatusCode::OK);
    let (_, html) = h.get(&format!("/ask/{id}")).await;
    assert!(!html.contains("tram stop"));
    let sql = format!("SELECT COUNT(*) FROM qa_questions WHERE id = {other} AND status = 'rejected'");
    assert_eq!(count(h, &sql).await, 1);
}

#[test]
fn a_question_is_asked_moderated_answered_and_visible() {
    run(async {
        let h = harness().await;
        asked_moderated_answered_visible(&h).await;
    });
}

#[test]
fn the_same_on_postgres() {
    common::run(common::on_postgres(|h| async move {
        asked_moderated_answered_visible(&h).await;
        // The demo sessions were created there too.
        assert_eq!(count(&h, "SELECT COUNT(*) FROM qa_sessions WHERE is_demo = 1").await, 2);
    }));
}

#[test]
fn a_question_after_closing_is_refused_clearly() {
    run(async {
        let h = harness().await;
        let officer = h.sign_in("officer.citycentre").await;
        let id = schedule(&h, &officer, "Ask before it closes").await;
        let (status, _, asked) = ask(&h, &id, "Is the Arndale car park open late on Thursdays?", None, None).await;
        assert_eq!(status, StatusCode::OK, "{asked}");
        let asked = asked["id"].as_i64().unwrap().to_string();

        // The session closed on 15 January at 21:00 Manchester time.
        sqlx::query("UPDATE qa_sessions SET opens_at_ms = $1, closes_at_ms = $2 WHERE id = $3")
            .bind(JAN_15_20H)
            .bind(JAN_15_21H)
            .bind(id.parse::<i64>().unwrap())
            .execute(&h.pool)
            .await
            .unwrap();
        let before = count(&h, "SELECT COUNT(*) FROM qa_questions").await;
        let (status, _, body) = ask(&h, &id, "One more question about the car park, please?", None, None).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(
            body["Conflict"],
            "This session closed at 21:00 GMT on Thu 15 Jan. Questions are no longer taken; answers stay below."
        );
        assert_eq!(count(&h, "SELECT COUNT(*) FROM qa_questions").await, before, "nothing stored");
        // Even a question that would be refused for its text is told the session has closed.
        let (status, _, _) = ask(&h, &id, "", None, None).await;
        assert_eq!(status, StatusCode::CONFLICT);

        // The page says so and has no form; questions asked in time can still be answered.
        let (status, html) = h.get(&format!("/ask/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("This session closed at 21:00 GMT on Thu 15 Jan.") && !html.contains("name=\"question\""),
            "{html}"
        );
        h.call_as(Some(&officer), "approve_question", &[("id", &asked)]).await;
        let answer =
            [("id", asked.as_str()), ("answer", "Yes, until 10pm on Thursdays while the shops are open late.")];
        let (status, _) = h.call_as(Some(&officer), "answer_question", &answer).await;
        assert_eq!(status, StatusCode::OK);
        let (_, html) = h.get(&format!("/ask/{id}")).await;
        assert!(html.contains("until 10pm on Thursdays"));
        let (_, index) = h.call("qa_sessions", &[]).await;
        assert!(!index["open"].as_array().unwrap().iter().any(|s| s["id"].as_i64() == id.parse().ok()));

        // A session that has not opened refuses too, saying when it opens.
        sqlx::query("UPDATE qa_sessions SET opens_at_ms = $1, closes_at_ms = $2 WHERE id = $3")
            .bind(JAN_15_20H + 100 * 365 * 86_400_000)
            .bind(JAN_15_21H + 100 * 365 * 86_400_000)
            .bind(id.parse::<i64>().unwrap())
            .execute(&h.pool)
            .await
            .unwrap();
        let (status, _, body) = ask(&h, &id, "Is the Arndale car park open late on Fridays?", None, None).await;
        assert_eq!(status, StatusCode::CONFLICT);
        let message = body["Conflict"].as_str().unwrap();
        assert!(message.starts_with("This session is not open yet. Opens ") && message.contains("GMT"), "{message}");

        // The demo's earlier session is closed as well.
        let (_, index) = h.call("qa_sessions", &[]).await;
        let past = index["recent"].as_array().unwrap().iter().find(|s| s["is_demo"] == true).unwrap()["id"].to_string();
        let (status, _, body) = ask(&h, &past, "Are the e-bike patrols still running?", None, None).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(body["Conflict"].as_str().unwrap().starts_with("This session closed at "));
    });
}

#[test]
fn questions_are_limited_per_device_and_per_network() {
    run(async {
        let h = harness().await;
        let officer = h.sign_in("officer.citycentre").await;
        let id = schedule(&h, &officer, "Busy session").await;
        let q = |n: u32| format!("Question number {n} about parking in the city centre?");

        // Three per device in ten minutes; the fourth says how long to wait, with Retry-After.
        let phone = device(1);
        for n in 0..3 {
            let (status, _, body) = ask(&h, &id, &q(n), Some(&phone), Some("198.51.100.7:5000")).await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let (status, headers, body) = ask(&h, &id, &q(3), Some(&phone), Some("203.0.113.99:443")).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        assert!(body["TooMany"].as_str().unwrap().ends_with("Please wait 10 minutes before asking again."), "{body}");
        let retry: i64 = headers.get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
        assert!((590..=600).contains(&retry), "{retry}");
        // Another device on the same network is fine.
        let (status, _, _) = ask(&h, &id, &q(4), Some(&device(2)), Some("198.51.100.7:5001")).await;
        assert_eq!(status, StatusCode::OK);

        // Twenty per network address; an IPv6 /64 is one address.
        for n in 0..20 {
            let addr = format!("[2001:db8:5:6::{:x}]:443", n + 1);
            let (status, _, body) = ask(&h, &id, &q(100 + n), None, Some(&addr)).await;
            assert_eq!(status, StatusCode::OK, "{n}: {body}");
        }
        let (status, _, _) = ask(&h, &id, &q(200), None, Some("[2001:db8:5:6:ffff::1]:443")).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        let (status, _, _) = ask(&h, &id, &q(201), None, Some("[2001:db8:5:7::1]:443")).await;
        assert_eq!(status, StatusCode::OK, "the next /64 is another network");
        let refused = q(200);
        let sql = format!("SELECT COUNT(*) FROM qa_questions WHERE text = '{refused}'");
        assert_eq!(count(&h, &sql).await, 0);

        // Only keyed hashes are stored, and only for the window: older traces go on the next insert.
        let rows = sqlx::query("SELECT device_hash, address_hash FROM qa_asks").fetch_all(&h.pool).await.unwrap();
        assert_eq!(rows.len(), 3 + 1 + 20 + 1);
        for row in &rows {
            let (d, a): (String, String) = (row.try_get(0).unwrap(), row.try_get(1).unwrap());
            // 64 hex digits: no address (with its dots or colons) can be in them. (Looking for
            // "2001" in them failed about one run in forty: hex digits make it by chance.)
            for hash in [&d, &a] {
                assert!(hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()), "{hash}");
            }
            assert_ne!(d, phone);
        }
        let now = chrono::Utc::now().timestamp_millis();
        sqlx::query("UPDATE qa_asks SET at_ms = $1").bind(now - 11 * 60_000).execute(&h.pool).await.unwrap();
        let (status, _, _) = ask(&h, &id, &q(300), Some(&phone), Some("198.51.100.7:5000")).await;
        assert_eq!(status, StatusCode::OK, "the limit has passed");
        assert_eq!(count(&h, "SELECT COUNT(*) FROM qa_asks").await, 1);
    });
}

#[test]
fn bad_input_gets_a_clear_error_and_stores_nothing() {
    run(async {
        let h = harness().await;
        let officer = h.sign_in("officer.citycentre").await;
        let id = schedule(&h, &officer, "Careful session").await;
        let before = count(&h, "SELECT COUNT(*) FROM qa_questions").await;
        let cases = [
            ("", "question", "This cannot be empty"),
            ("Too short", "question", "at least 10 characters"),
            (&"q".repeat(501), "question", "500 characters or fewer"),
            ("Why is there a\u{1b}[31m colour here?", "question", "invisible control character"),
            ("See http://a.example http://b.example http://c.example http://d.example", "question", "at most 3 links"),
            ("Please ring me back on 07700 900123 about this", "question", "phone number"),
        ];
        for (text, field, message) in cases {
            let (status, _, body) = ask(&h, &id, text, None, None).await;
            assert_eq!(
                (status, body["Invalid"]["field"].as_str()),
                (StatusCode::BAD_REQUEST, Some(field)),
                "{text:?}: {body}"
            );
            assert!(body["Invalid"]["message"].as_str().unwrap().contains(message), "{text:?}: {body}");
        }
        let (status, _, body) = ask(&h, "abc", "A perfectly good question?", None, None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["BadRequest"], "'abc' is not a Q&A session number.");
        let (status, _, body) = ask(&h, "999999", "A perfectly good question?", None, None).await;
        assert_eq!(
            (status, body["NotFound"].as_str()),
            (StatusCode::NOT_FOUND, Some("There is no Q&A session number 999999."))
        );
        assert_eq!(count(&h, "SELECT COUNT(*) FROM qa_questions").await, before);
        let (status, html) = h.get("/ask/999999").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(
            html.contains("There is no Q&amp;A session number 999999.") && html.contains("href=\"tel:999\""),
            "{html}"
        );

        // Scheduling: who, where, when and how long.
        let (_, desk) = h.call_as(Some(&officer), "qa_desk", &[]).await;
        let start = desk["default_start"].as_str().unwrap().to_string();
        let reporter = h.sign_in("reporter.sam").await;
        let schedule_as = |session: Option<String>,
                           title: &'static str,
                           area: &'static str,
                           starts: String,
                           minutes: &'static str| {
            let h = &h;
            async move {
                let args =
                    [("title", title), ("area", area), ("starts", starts.as_str()), ("duration_minutes", minutes)];
                h.call_as(session.as_deref(), "schedule_qa_session", &args).await
            }
        };
        let me = Some(officer.clone());
        let cases = [
            (None, "Ask us", CITY_CENTRE, start.clone(), "60", 401, None),
            (Some(reporter.clone()), "Ask us", CITY_CENTRE, start.clone(), "60", 403, None),
            (me.clone(), "Ask us", CATHAYS, start.clone(), "60", 403, None),
            (me.clone(), "", CITY_CENTRE, start.clone(), "60", 400, Some("title")),
            (me.clone(), "Ask us", "nowhere", start.clone(), "60", 400, Some("area")),
            (me.clone(), "Ask us", CITY_CENTRE, "tomorrow evening".into(), "60", 400, Some("starts")),
            (me.clone(), "Ask us", CITY_CENTRE, "2020-01-15T19:00".into(), "60", 400, Some("starts")),
            (me.clone(), "Ask us", CITY_CENTRE, start.clone(), "5", 400, Some("duration_minutes")),
            (me.clone(), "Ask us", CITY_CENTRE, start.clone(), "300", 400, Some("duration_minutes")),
        ];
        let sessions = count(&h, "SELECT COUNT(*) FROM qa_sessions").await;
        for (session, title, area, starts, minutes, status, field) in cases {
            let (got, body) = schedule_as(session, title, area, starts.clone(), minutes).await;
            assert_eq!(got.as_u16(), status, "{title} {area} {starts} {minutes}: {body}");
            if let Some(field) = field {
                assert_eq!(body["Invalid"]["field"], field, "{body}");
            }
        }
        assert_eq!(count(&h, "SELECT COUNT(*) FROM qa_sessions").await, sessions);
        let (status, _) = h.call("qa_desk", &[]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    });
}

#[test]
fn without_javascript_the_form_comes_back_with_thanks_or_the_error() {
    run(async {
        let h = harness().await;
        let officer = h.sign_in("officer.citycentre").await;
        let id = schedule(&h, &officer, "Plain forms").await;
        let page = format!("http://beat.test/ask/{id}");
        let post = |question: &'static str| {
            Request::post("/api/ask_question")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "text/html,application/xhtml+xml")
                .header("referer", page.as_str())
                .header("host", "beat.test")
                .body(Body::from(format!("session={id}&question={}", encode(question))))
                .unwrap()
        };

        let (status, headers, _) = h.request(post("Is the noise team out on Saturday nights?")).await;
        assert_eq!(status, StatusCode::FOUND);
        let location = headers.get("location").unwrap().to_str().unwrap();
        assert!(location.starts_with(&format!("/ask/{id}?asked=")), "{location}");
        let (_, html) = h.get(location).await;
        assert!(html.contains("Thank you. Your question is waiting"), "{html}");

        let (status, headers, _) = h.request(post("Ring me on 07700 900123 about the noise please")).await;
        assert_eq!(status, StatusCode::FOUND);
        let location = headers.get("location").unwrap().to_str().unwrap();
        assert!(location.starts_with(&page) && location.contains("__err="), "{location}");
        let (_, html) = h.get(location.trim_start_matches("http://beat.test")).await;
        assert!(html.contains("id=\"question-error\"") && html.contains("phone number"), "{html}");
        assert!(!html.contains("Thank you."));
    });
}

/// How many answers the open demo session shows.
async fn answered(h: &Harness) -> usize {
    let (_, index) = h.call("qa_sessions", &[]).await;
    let id = index["open"][0]["id"].to_string();
    let (_, session) = h.call("qa_session", &[("id", &id)]).await;
    session["answered"].as_array().unwrap().len()
}

#[test]
fn the_demo_sessions_survive_reloading_the_demo_and_are_replaced_not_piled_up() {
    run(async {
        let h = harness().await;
        let now = chrono::Utc::now().timestamp_millis();
        assert_eq!(answered(&h).await, 1);
        // `beat load-demo` replaces the demo updates the answers were; the next start repairs it.
        server::demo::load_demo(&h.pool, now).await.unwrap();
        assert_eq!(answered(&h).await, 0);
        assert!(server::demo::ensure_demo_qa(&h.pool, now).await.unwrap());
        assert!(!server::demo::ensure_demo_qa(&h.pool, now).await.unwrap(), "kept while open");
        assert_eq!(answered(&h).await, 1);
        // A start after it has closed opens a fresh one in place of the old.
        assert!(server::demo::ensure_demo_qa(&h.pool, now + 3 * 3_600_000).await.unwrap());
        assert_eq!(count(&h, "SELECT COUNT(*) FROM qa_sessions").await, 2);
        assert_eq!(count(&h, "SELECT COUNT(*) FROM updates WHERE kind = 'qa_answer' AND title LIKE 'Q: %'").await, 1);
    });
}
