//! Reporters, moderation, publishing and accounts through the router: the role matrix,
//! idempotent submit, the audit log, sign-in lock-out and hostile input.

mod common;

use axum::http::StatusCode;
use common::{harness, run, Harness};
use sqlx::Row;

const CITY_CENTRE: &str = "E05011376"; // Piccadilly (Manchester)
const CATHAYS: &str = "W05001274"; // Cathays (Cardiff)
const MANCHESTER: &str = "E08000003";

async fn ride_of(h: &Harness, username: &str) -> String {
    let row = sqlx::query("SELECT r.id FROM ride_alongs r JOIN users u ON u.id = r.reporter_id WHERE u.username = $1")
        .bind(username)
        .fetch_one(&h.pool)
        .await
        .unwrap();
    row.try_get::<i64, _>(0).unwrap().to_string()
}

/// Submits a note as the demo reporter and returns its id.
async fn submit(h: &Harness, reporter: &str, key: &str, saw: &str) -> i64 {
    let ride = ride_of(h, "reporter.sam").await;
    let args = [
        ("ride", ride.as_str()),
        ("client_key", key),
        ("title", "Evening patrol"),
        ("saw", saw),
        ("made_of", "A calm night."),
        ("felt", "Reassured."),
        ("submit", "1"),
    ];
    let (status, body) = h.call_as(Some(reporter), "save_note", &args).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["id"].as_i64().unwrap()
}

/// The proposal hash a moderator's card for note `id` carries (see `QueueItem::proposal`).
async fn proposal(h: &Harness, moderator: &str, id: &str) -> String {
    let (_, queue) = h.call_as(Some(moderator), "moderation_queue", &[]).await;
    let item = queue.as_array().unwrap().iter().find(|n| n["id"].as_i64() == id.parse().ok()).expect("in the queue");
    item["proposal"].as_str().unwrap().to_string()
}

async fn count(h: &Harness, sql: &str) -> i64 {
    sqlx::query(sql).fetch_one(&h.pool).await.unwrap().try_get(0).unwrap()
}

/// (who, session cookie, server function, arguments, expected status).
type Case<'a> = (&'a str, Option<&'a str>, &'a str, Vec<(&'a str, String)>, u16);

#[test]
fn each_role_can_do_exactly_its_own_work() {
    run(async {
        let h = harness().await;
        let reporter = h.sign_in("reporter.sam").await;
        let gmp_officer = h.sign_in("officer.citycentre").await;
        let swp_officer = h.sign_in("officer.cathays").await;
        let staff = h.sign_in("staff.manchester").await;
        let moderator = h.sign_in("moderator.gmp").await;
        let admin = h.sign_in("admin").await;
        let ride = ride_of(&h, "reporter.sam").await;
        let note = |key: &'static str| {
            vec![
                ("ride", ride.clone()),
                ("client_key", key.to_string()),
                ("title", "Patrol".into()),
                ("saw", "Quiet streets.".into()),
                ("submit", "1".into()),
            ]
        };
        let publish = |area: &str| {
            vec![
                ("area", area.to_string()),
                ("kind", "neighbourhood".into()),
                ("severity", "info".into()),
                ("title", "Patrols tonight".into()),
                ("body", "Officers will be on foot in the area tonight.".into()),
            ]
        };
        let invite =
            [("username", "newbie".to_string()), ("display_name", "New reporter".into()), ("role", "reporter".into())];
        // (who, session, call, args, expected status)
        let mut cases: Vec<Case> = Vec::new();
        for (who, session) in [
            ("resident", None),
            ("reporter", Some(reporter.as_str())),
            ("GMP officer", Some(gmp_officer.as_str())),
            ("SWP officer", Some(swp_officer.as_str())),
            ("council staff", Some(staff.as_str())),
            ("moderator", Some(moderator.as_str())),
            ("admin", Some(admin.as_str())),
        ] {
            let expect = |resident, reporter, gmp, swp, staff, moderator, admin| match who {
                "resident" => resident,
                "reporter" => reporter,
                "GMP officer" => gmp,
                "SWP officer" => swp,
                "council staff" => staff,
                "moderator" => moderator,
                _ => admin,
            };
            let key: &'static str = Box::leak(format!("matrix-key-{}", who.replace(' ', "-")).into_boxed_str());
            cases.push((who, session, "save_note", note(key), expect(401, 200, 403, 403, 403, 403, 403)));
            cases.push((who, session, "moderation_queue", vec![], expect(401, 403, 200, 200, 403, 200, 200)));
            cases.push((
                who,
                session,
                "publish_update",
                publish(CITY_CENTRE),
                expect(401, 403, 200, 403, 200, 403, 403),
            ));
            cases.push((who, session, "publish_update", publish(CATHAYS), expect(401, 403, 403, 200, 403, 403, 403)));
            cases.push((
                who,
                session,
                "invite",
                invite
                    .iter()
                    .map(|(k, v)| (*k, if *k == "username" { format!("{v}{}", who.len()) } else { v.clone() }))
                    .collect(),
                expect(401, 403, 403, 403, 403, 403, 200),
            ));
            cases.push((who, session, "audit_log", vec![], expect(401, 403, 403, 403, 403, 403, 200)));
            cases.push((who, session, "reporter_home", vec![], expect(401, 200, 403, 403, 403, 403, 403)));
        }
        for (who, session, call, args, expected) in cases {
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, body) = h.call_as(session, call, &args).await;
            assert_eq!(status.as_u16(), expected, "{who} calling {call}: {body}");
        }

        // Moderation is per force: the reporter's note is in GMP's queue, not South Wales's.
        let id = submit(&h, &reporter, "matrix-moderation", "Quiet streets.").await.to_string();
        let (_, queue) = h.call_as(Some(&swp_officer), "moderation_queue", &[]).await;
        assert!(queue.as_array().unwrap().iter().all(|n| n["id"].as_i64() != id.parse().ok()));
        let shown = proposal(&h, &moderator, &id).await;
        let approve = [
            ("id", id.as_str()),
            ("proposal", shown.as_str()),
            ("title", "Patrol"),
            ("body", "Quiet streets, a calm night."),
        ];
        for (who, session, expected) in
            [("reporter", &reporter, 403), ("SWP officer", &swp_officer, 403), ("council staff", &staff, 403)]
        {
            let (status, body) = h.call_as(Some(session), "approve_note", &approve).await;
            assert_eq!(status.as_u16(), expected, "{who} approving: {body}");
        }
        let (status, _) = h.call_as(Some(&moderator), "approve_note", &approve).await;
        assert_eq!(status, StatusCode::OK);
        // Decided once: a second approval is a conflict, not a second update.
        let (status, _) = h.call_as(Some(&gmp_officer), "approve_note", &approve).await;
        assert_eq!(status, StatusCode::CONFLICT);

        // Withdrawal: only the publishing source.
        let (_, published) = h
            .call_as(
                Some(&gmp_officer),
                "publish_update",
                &[
                    ("area", CITY_CENTRE),
                    ("kind", "appeal"),
                    ("severity", "info"),
                    ("title", "Seen anything?"),
                    ("body", "We are asking for information about damage in the area."),
                ],
            )
            .await;
        let update = published.as_i64().unwrap().to_string();
        for (who, session, expected) in [
            ("SWP officer", &swp_officer, 403),
            ("council staff", &staff, 403),
            ("reporter", &reporter, 403),
            ("GMP officer", &gmp_officer, 200),
        ] {
            let args = [("id", update.as_str()), ("reason", "Posted in error")];
            let (status, body) = h.call_as(Some(session), "withdraw_update", &args).await;
            assert_eq!(status.as_u16(), expected, "{who} withdrawing: {body}");
        }
        // Undo, for a while, by the same source only.
        for (who, session, expected) in [("SWP officer", &swp_officer, 403), ("GMP officer", &gmp_officer, 200)] {
            let (status, body) = h.call_as(Some(session), "restore_update", &[("id", update.as_str())]).await;
            assert_eq!(status.as_u16(), expected, "{who} restoring: {body}");
        }
        let (status, _) = h.call_as(Some(&gmp_officer), "restore_update", &[("id", update.as_str())]).await;
        assert_eq!(status, StatusCode::CONFLICT, "not withdrawn any more");
        // Council staff publish to their council's wards, and council notices only come from councils.
        let (status, body) = h
            .call_as(
                Some(&staff),
                "publish_update",
                &[
                    ("area", MANCHESTER),
                    ("kind", "council_notice"),
                    ("severity", "advisory"),
                    ("title", "Bin collections"),
                    ("body", "Collections are a day late this week."),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, body) = h
            .call_as(
                Some(&gmp_officer),
                "publish_update",
                &[
                    ("area", CITY_CENTRE),
                    ("kind", "council_notice"),
                    ("severity", "info"),
                    ("title", "Bins"),
                    ("body", "Collections are a day late this week."),
                ],
            )
            .await;
        assert_eq!((status, body["Invalid"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("kind")));
    })
}

#[test]
fn a_double_submit_creates_one_note_and_one_audit_entry() {
    run(async {
        let h = harness().await;
        let reporter = h.sign_in("reporter.sam").await;
        let ride = ride_of(&h, "reporter.sam").await;
        let draft =
            [("ride", ride.as_str()), ("client_key", "double-tap-0001"), ("title", "Draft"), ("saw", "First words")];
        let (status, saved) = h.call_as(Some(&reporter), "save_note", &draft).await;
        assert_eq!((status, saved["status"].as_str()), (StatusCode::OK, Some("draft")));
        let first = submit(&h, &reporter, "double-tap-0001", "The full note.").await;
        let second = submit(&h, &reporter, "double-tap-0001", "The full note.").await;
        assert_eq!(first, second);
        assert_eq!(first, saved["id"].as_i64().unwrap(), "the draft row became the submission");
        assert_eq!(count(&h, "SELECT COUNT(*) FROM notes").await, 1);
        assert_eq!(count(&h, "SELECT COUNT(*) FROM audit_log WHERE action = 'note.submit'").await, 1);
        // Ten at once, as a flaky connection's retries might: still one note.
        let h = std::sync::Arc::new(h);
        let tasks: Vec<_> = (0..10)
            .map(|_| {
                let (h, reporter) = (h.clone(), reporter.clone());
                tokio::spawn(async move { submit(&h, &reporter, "double-tap-0002", "Retried.").await })
            })
            .collect();
        let mut ids = Vec::new();
        for t in tasks {
            ids.push(t.await.unwrap());
        }
        assert!(ids.windows(2).all(|w| w[0] == w[1]), "{ids:?}");
        assert_eq!(count(&h, "SELECT COUNT(*) FROM notes").await, 2);
        // A submitted note can no longer be edited as a draft.
        let (status, body) = h
            .call_as(
                Some(&reporter),
                "save_note",
                &[("ride", ride.as_str()), ("client_key", "double-tap-0001"), ("title", "Changed"), ("saw", "Changed")],
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["repeated"], true);
        let title: String = sqlx::query("SELECT title FROM notes WHERE id = $1")
            .bind(first)
            .fetch_one(&h.pool)
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
        assert_eq!(title, "Evening patrol");
    })
}

#[test]
fn moderation_is_audited_and_the_redacted_note_reaches_the_ward_feed() {
    run(async {
        let h = harness().await;
        let reporter = h.sign_in("reporter.sam").await;
        let moderator = h.sign_in("moderator.gmp").await;
        let saw = "We spoke to a man at 14 Oldham Street who gave his number, 07700 900123. <script>alert(1)</script>";
        let id = submit(&h, &reporter, "audit-note-0001", saw).await;
        let (_, queue) = h.call_as(Some(&moderator), "moderation_queue", &[]).await;
        let item = queue.as_array().unwrap().iter().find(|n| n["id"] == id).unwrap().clone();
        let found: Vec<&str> = item["found"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        assert_eq!(found, ["Address", "Phone number"]);
        let proposed = item["proposed_body"].as_str().unwrap();
        assert!(proposed.contains("[address removed]") && proposed.contains("[phone number removed]"), "{proposed}");
        assert!(!proposed.contains("07700") && !proposed.contains("Oldham Street"));

        // The text as written is refused, with the field named; nothing is published.
        let id_s = id.to_string();
        let shown = item["proposal"].as_str().unwrap();
        let (status, body) = h
            .call_as(
                Some(&moderator),
                "approve_note",
                &[
                    ("id", &id_s),
                    ("proposal", shown),
                    ("title", "Evening patrol"),
                    (
                        "body",
                        &item["answers"][0][1]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|s| s["text"].as_str().unwrap())
                            .collect::<String>(),
                    ),
                ],
            )
            .await;
        assert_eq!((status, body["Invalid"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("body")), "{body}");
        assert_eq!(count(&h, "SELECT COUNT(*) FROM updates WHERE kind = 'reporter_note' AND is_demo = 0").await, 0);

        let (status, update) = h
            .call_as(
                Some(&moderator),
                "approve_note",
                &[("id", &id_s), ("proposal", shown), ("title", "Evening patrol"), ("body", proposed)],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{update}");
        let update = update["update_id"].clone();
        let (_, feed) = h.call("feed", &[("area", CITY_CENTRE)]).await;
        let item =
            feed["items"].as_array().unwrap().iter().find(|i| i["id"] == update).expect("in the ward feed").clone();
        assert_eq!(item["kind"], "reporter_note");
        assert_eq!(item["byline"], "Sam R");
        assert!(item["body"].as_str().unwrap().contains("[phone number removed]"));
        // The page escapes the script; it is shown, never run.
        let (_, html) = h.get(&format!("/updates/{update}")).await;
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>alert(1)"),
            "escaped"
        );

        let row = sqlx::query("SELECT u.username, a.before_json, a.after_json FROM audit_log a JOIN users u ON u.id = a.actor_id WHERE a.action = 'note.approve' AND a.subject_id = $1")
            .bind(id)
            .fetch_one(&h.pool)
            .await
            .unwrap();
        assert_eq!(row.try_get::<String, _>(0).unwrap(), "moderator.gmp");
        assert!(row.try_get::<String, _>(1).unwrap().contains("07700 900123"), "before keeps what was written");
        assert!(row.try_get::<String, _>(2).unwrap().contains("[phone number removed]"), "after is what was published");

        // Reject: the reporter sees the reason.
        let other = submit(&h, &reporter, "audit-note-0002", "Nothing to report.").await.to_string();
        let (status, _) = h
            .call_as(
                Some(&moderator),
                "reject_note",
                &[("id", &other), ("reason", "Too short to publish; add what you saw.")],
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, home) = h.call_as(Some(&reporter), "reporter_home", &[]).await;
        let note =
            home["notes"].as_array().unwrap().iter().find(|n| n["id"].as_i64() == other.parse().ok()).unwrap().clone();
        assert_eq!(
            (note["status"].as_str(), note["reject_reason"].as_str()),
            (Some("rejected"), Some("Too short to publish; add what you saw."))
        );
        assert_eq!(count(&h, "SELECT COUNT(*) FROM audit_log WHERE action = 'note.reject'").await, 1);

        // The log cannot be rewritten.
        assert!(sqlx::query("UPDATE audit_log SET reason = 'x'").execute(&h.pool).await.is_err());
        assert!(sqlx::query("DELETE FROM audit_log").execute(&h.pool).await.is_err());
    })
}

#[test]
fn an_approval_publishes_only_text_from_the_card_of_that_note() {
    run(async {
        let h = harness().await;
        let reporter = h.sign_in("reporter.sam").await;
        let moderator = h.sign_in("moderator.gmp").await;
        let a =
            submit(&h, &reporter, "two-cards-a", "Bikes were stolen near the canal; we spoke to cyclists about locks.")
                .await
                .to_string();
        let b = submit(&h, &reporter, "two-cards-b", "The market was busy and stallholders asked about parking fines.")
            .await
            .to_string();
        let (_, queue) = h.call_as(Some(&moderator), "moderation_queue", &[]).await;
        let card =
            |id: &str| queue.as_array().unwrap().iter().find(|n| n["id"].as_i64() == id.parse().ok()).unwrap().clone();
        let (card_a, card_b) = (card(&a), card(&b));
        assert_ne!(card_a["proposal"], card_b["proposal"]);
        let approve = |id: String, shown: String, body: String| {
            let moderator = moderator.clone();
            let h = &h;
            async move {
                h.call_as(
                    Some(&moderator),
                    "approve_note",
                    &[("id", &id), ("proposal", &shown), ("title", "Evening patrol"), ("body", &body)],
                )
                .await
            }
        };
        let text = |card: &serde_json::Value| card["proposed_body"].as_str().unwrap().to_string();
        let shown = |card: &serde_json::Value| card["proposal"].as_str().unwrap().to_string();

        // B's approval from a card that was showing A: refused, nothing published.
        let (status, body) = approve(b.clone(), shown(&card_a), text(&card_a)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        // No proposal at all (a hand-made request): refused too.
        let (status, _) = approve(b.clone(), String::new(), text(&card_b)).await;
        assert_eq!(status, StatusCode::CONFLICT);
        // B's own card, but A's text in the box: refused, the field named.
        let (status, body) = approve(b.clone(), shown(&card_b), text(&card_a)).await;
        assert_eq!((status, body["Invalid"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("body")), "{body}");
        assert_eq!(count(&h, "SELECT COUNT(*) FROM updates WHERE kind = 'reporter_note' AND is_demo = 0").await, 0);

        // Each note's own card and text: each update holds its own note's words.
        for (id, card, words) in [(&a, &card_a, "canal"), (&b, &card_b, "market")] {
            let (status, approved) = approve(id.clone(), shown(card), text(card)).await;
            assert_eq!(status, StatusCode::OK, "{approved}");
            let update = approved["update_id"].as_i64().unwrap();
            assert_eq!(approved["scheduled_local"], serde_json::Value::Null, "public at once");
            let stored: String = sqlx::query("SELECT body FROM updates WHERE id = $1")
                .bind(update)
                .fetch_one(&h.pool)
                .await
                .unwrap()
                .try_get(0)
                .unwrap();
            assert!(stored.contains(words), "{stored}");
        }
    })
}

#[test]
fn a_delayed_approval_waits_and_a_withdrawal_leaves_the_feed() {
    run(async {
        let h = harness().await;
        let reporter = h.sign_in("reporter.sam").await;
        let moderator = h.sign_in("moderator.gmp").await;
        let officer = h.sign_in("officer.citycentre").await;
        let id = submit(&h, &reporter, "delayed-note-01", "Officers were still at the scene.").await.to_string();
        let shown = proposal(&h, &moderator, &id).await;
        let (status, update) = h
            .call_as(
                Some(&moderator),
                "approve_note",
                &[
                    ("id", &id),
                    ("proposal", &shown),
                    ("title", "Late patrol"),
                    ("body", "Officers were still at the scene tonight."),
                    ("delay_minutes", "60"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        // The moderator is told when it goes out, not "published".
        assert!(update["scheduled_local"].as_str().is_some_and(|s| s.contains(':')), "{update}");
        let update = update["update_id"].clone();
        let (_, feed) = h.call("feed", &[("area", CITY_CENTRE)]).await;
        assert!(feed["items"].as_array().unwrap().iter().all(|i| i["id"] != update), "not before its time");
        let (status, _) = h.call("update", &[("id", &update.to_string())]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        let (_, published) = h
            .call_as(
                Some(&officer),
                "publish_update",
                &[
                    ("area", CITY_CENTRE),
                    ("kind", "neighbourhood"),
                    ("severity", "info"),
                    ("title", "Patrols"),
                    ("body", "Extra patrols in the area tonight."),
                ],
            )
            .await;
        let (_, feed) = h.call("feed", &[("area", CITY_CENTRE)]).await;
        assert_eq!(feed["items"][0]["id"], published);
        // A withdrawal says why.
        let (status, body) = h.call_as(Some(&officer), "withdraw_update", &[("id", &published.to_string())]).await;
        assert_eq!((status, body["Invalid"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("reason")), "{body}");
        let (status, _) = h
            .call_as(
                Some(&officer),
                "withdraw_update",
                &[("id", &published.to_string()), ("reason", "Posted to the wrong ward")],
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, feed) = h.call("feed", &[("area", CITY_CENTRE)]).await;
        assert!(feed["items"].as_array().unwrap().iter().all(|i| i["id"] != published));
        let again = [("id", published.to_string()), ("reason", "Posted twice".to_string())];
        let again: Vec<(&str, &str)> = again.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, _) = h.call_as(Some(&officer), "withdraw_update", &again).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(count(&h, "SELECT COUNT(*) FROM audit_log WHERE action = 'update.withdraw' AND reason = 'Posted to the wrong ward'").await, 1);
    })
}

#[test]
fn flagged_officer_text_needs_a_reason_which_is_audited() {
    run(async {
        let h = harness().await;
        let officer = h.sign_in("officer.citycentre").await;
        let args = |reason: &'static str| {
            [
                ("area", CITY_CENTRE),
                ("kind", "appeal"),
                ("severity", "warning"),
                ("title", "Witness appeal"),
                ("body", "Call the incident room on 0161 496 0000 with information."),
                ("override_reason", reason),
            ]
        };
        let (status, body) = h.call_as(Some(&officer), "publish_update", &args("")).await;
        assert_eq!((status, body["Invalid"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("body")));
        assert!(body["Invalid"]["message"].as_str().unwrap().contains("phone number"), "{body}");
        let (status, _) = h.call_as(Some(&officer), "publish_update", &args("Public incident room number")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(count(&h, "SELECT COUNT(*) FROM audit_log WHERE action = 'update.publish_override' AND reason = 'Public incident room number'").await, 1);
    })
}

/// Updates one account may publish in an hour (`publishing::api::UPDATES_PER_HOUR`).
const PER_HOUR: usize = 30;

#[test]
fn many_publishes_at_once_cannot_pass_the_hourly_limit_together() {
    run(async {
        let h = std::sync::Arc::new(harness().await);
        let officer = h.sign_in("officer.citycentre").await;
        // Ten more than the limit, all at once: each checks the count and inserts.
        let tries: Vec<_> = (0..PER_HOUR + 10)
            .map(|i| {
                let (h, officer) = (h.clone(), officer.clone());
                tokio::spawn(async move {
                    let title = format!("Patrol note {i}");
                    let args = [
                        ("area", CITY_CENTRE),
                        ("kind", "neighbourhood"),
                        ("severity", "info"),
                        ("title", title.as_str()),
                        ("body", "Officers walked the area this afternoon."),
                    ];
                    h.call_as(Some(&officer), "publish_update", &args).await.0
                })
            })
            .collect();
        let mut statuses = Vec::new();
        for t in tries {
            statuses.push(t.await.unwrap());
        }
        let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
        let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
        assert_eq!((ok, refused), (PER_HOUR, 10), "{statuses:?}");
        assert_eq!(count(&h, "SELECT COUNT(*) FROM updates WHERE title LIKE 'Patrol note %'").await, PER_HOUR as i64);
    })
}

#[test]
fn bad_input_is_refused_clearly_and_changes_nothing() {
    run(async {
        let h = harness().await;
        let reporter = h.sign_in("reporter.sam").await;
        let ride = ride_of(&h, "reporter.sam").await;
        submit(&h, &reporter, "kept-note-0001", "Stored before the bad requests.").await;
        let long = "x".repeat(2001);
        let cases: [(&[(&str, &str)], &str); 5] = [
            (&[("title", "Fine"), ("saw", "bell\u{7}")], "saw"),
            (&[("title", "Fine"), ("saw", &long)], "saw"),
            (&[("title", "A\nB"), ("saw", "ok")], "title"),
            (&[("title", ""), ("saw", "ok"), ("submit", "1")], "title"),
            (&[("title", "Fine"), ("saw", "a\u{202E}b")], "saw"),
        ];
        for (fields, field) in cases {
            let mut args = vec![("ride", ride.as_str()), ("client_key", "bad-input-0001")];
            args.extend_from_slice(fields);
            let (status, body) = h.call_as(Some(&reporter), "save_note", &args).await;
            assert_eq!(
                (status, body["Invalid"]["field"].as_str()),
                (StatusCode::BAD_REQUEST, Some(field)),
                "{fields:?}: {body}"
            );
        }
        for (key, ride) in [
            ("no", ride.as_str()),
            ("x';DROP TABLE notes;--", ride.as_str()),
            ("fine-key-0001", "abc"),
            ("fine-key-0001", "99999"),
        ] {
            let (status, _) = h
                .call_as(
                    Some(&reporter),
                    "save_note",
                    &[("ride", ride), ("client_key", key), ("title", "T"), ("saw", "s")],
                )
                .await;
            assert!(status == StatusCode::BAD_REQUEST || status == StatusCode::NOT_FOUND, "{key} {ride}: {status}");
        }
        assert_eq!(count(&h, "SELECT COUNT(*) FROM notes").await, 1);
        let kept: String = sqlx::query("SELECT saw FROM notes").fetch_one(&h.pool).await.unwrap().try_get(0).unwrap();
        assert_eq!(kept, "Stored before the bad requests.");
        // A forged cookie is nobody.
        let (status, _) = h.call_as(Some(&format!("beat_session={}", "0".repeat(64))), "reporter_home", &[]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    })
}

#[test]
fn sign_in_slows_down_then_locks_and_sign_out_ends_the_session() {
    run(async {
        let h = harness().await;
        for attempt in 1..=5 {
            let (status, body) =
                h.call("sign_in", &[("username", "reporter.sam"), ("password", "wrong password!")]).await;
            assert_eq!(
                (status, body["Invalid"]["field"].as_str()),
                (StatusCode::BAD_REQUEST, Some("password")),
                "attempt {attempt}"
            );
        }
        // Locked now, even with the right password; an unknown name is treated the same way.
        let (status, body) =
            h.call("sign_in", &[("username", "reporter.sam"), ("password", server::setup::DEMO_PASSWORD)]).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        assert!(body["TooMany"].as_str().unwrap().contains("Try again in 1 minute"));
        for _ in 0..5 {
            h.call("sign_in", &[("username", "nobody.here"), ("password", "wrong password!")]).await;
        }
        let (status, _) = h.call("sign_in", &[("username", "nobody.here"), ("password", "wrong password!")]).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);

        let admin = h.sign_in("admin").await;
        let (status, _) = h.call_as(Some(&admin), "audit_log", &[]).await;
        assert_eq!(status, StatusCode::OK);
        let (_, headers, _) = h.post(Some(&admin), "sign_out", &[]).await;
        let cleared = headers.get("set-cookie").unwrap().to_str().unwrap();
        assert!(
            cleared.contains("Max-Age=0") && cleared.contains("HttpOnly") && cleared.contains("SameSite=Strict"),
            "{cleared}"
        );
        // The header's display-name cookie goes with it.
        assert!(
            headers
                .get_all("set-cookie")
                .iter()
                .any(|c| c.to_str().unwrap().starts_with("beat_who=;") && c.to_str().unwrap().contains("Max-Age=0")),
            "{headers:?}"
        );
        let (status, _) = h.call_as(Some(&admin), "audit_log", &[]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "the session is gone on the server too");
    })
}

#[test]
fn an_invitation_sets_a_password_once() {
    run(async {
        let h = harness().await;
        let admin = h.sign_in("admin").await;
        let (status, link) = h
            .call_as(
                Some(&admin),
                "invite",
                &[("username", "Jo.Reporter"), ("display_name", "Jo"), ("role", "reporter")],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{link}");
        let token = link.as_str().unwrap().strip_prefix("/invite/").unwrap().to_string();
        let (status, inv) = h.call("invitation", &[("token", &token)]).await;
        assert_eq!((status, inv["username"].as_str()), (StatusCode::OK, Some("jo.reporter")));
        let (status, body) = h
            .call(
                "accept_invitation",
                &[("token", &token), ("display_name", "Jo B"), ("password", "short"), ("password_again", "short")],
            )
            .await;
        assert_eq!((status, body["Invalid"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("password")));
        let pw = "a long enough passphrase";
        let (status, headers, _) = h
            .post(
                None,
                "accept_invitation",
                &[("token", &token), ("display_name", "Jo B"), ("password", pw), ("password_again", pw)],
            )
            .await;
        assert!(status.is_success() || status.is_redirection(), "{status}");
        assert!(headers.get("set-cookie").unwrap().to_str().unwrap().starts_with("beat_session="));
        let (status, _) = h
            .call(
                "accept_invitation",
                &[("token", &token), ("display_name", "Jo"), ("password", pw), ("password_again", pw)],
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "used once");
        let (status, _) = h.call("sign_in", &[("username", "jo.reporter"), ("password", pw)]).await;
        assert!(status.is_success() || status.is_redirection());
        // A taken username is a field error and creates nothing.
        let (status, body) = h
            .call_as(
                Some(&admin),
                "invite",
                &[("username", "jo.reporter"), ("display_name", "Other"), ("role", "reporter")],
            )
            .await;
        assert_eq!((status, body["Invalid"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("username")));
        // Staff need a source, reporters must not have one.
        let (status, body) = h
            .call_as(Some(&admin), "invite", &[("username", "pc.new"), ("display_name", "PC New"), ("role", "officer")])
            .await;
        assert_eq!((status, body["Invalid"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("source")));
        assert_eq!(count(&h, "SELECT COUNT(*) FROM users WHERE username IN ('pc.new')").await, 0);
    })
}
