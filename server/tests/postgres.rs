//! The same store code on PostgreSQL, for running several app servers.
//!
//! Runs when BEAT_TEST_POSTGRES_URL is set (`make test` sets it when a server answers on
//! 127.0.0.1:5432). Each run works in a schema of its own and drops it afterwards.

mod common;

use axum::http::StatusCode;

#[test]
fn feed_areas_and_errors_on_postgres() {
    common::run(common::on_postgres(|h| async move {
        let (status, page) = h.call("feed", &[("area", "E05000697"), ("limit", "50")]).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["items"].as_array().unwrap().len(), 35);
        assert!(page["next_cursor"].is_null());

        let (status, page) = h.call("feed", &[("area", "E05000697"), ("limit", "20"), ("kind", "reporter_note")]).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page["items"].as_array().unwrap().iter().all(|i| i["kind"] == "reporter_note"));

        let (status, body) = h.call("feed", &[("area", "E05999999")]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        let (status, body) = h.call("areas_search", &[("q", "Treganna")]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body[0]["name"], "Canton");
        let (status, html) = h.get("/area/W05000857").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<h1>Cathays</h1>"));

        // Sessions, idempotent submit, moderation and the append-only log on PostgreSQL.
        let reporter = h.sign_in("reporter.sam").await;
        let moderator = h.sign_in("moderator.gmp").await;
        let (_, home) = h.call_as(Some(&reporter), "reporter_home", &[]).await;
        let ride = home["ride_alongs"][0]["id"].to_string();
        let note = [
            ("ride", ride.as_str()),
            ("client_key", "pg-note-0001"),
            ("title", "Patrol"),
            ("saw", "Ring 07700 900123."),
            ("submit", "1"),
        ];
        let (_, first) = h.call_as(Some(&reporter), "save_note", &note).await;
        let (_, again) = h.call_as(Some(&reporter), "save_note", &note).await;
        assert_eq!((first["id"].clone(), again["repeated"].clone()), (again["id"].clone(), serde_json::json!(true)));
        let id = first["id"].to_string();
        let (_, queue) = h.call_as(Some(&moderator), "moderation_queue", &[]).await;
        let body = queue[0]["proposed_body"].as_str().unwrap().to_string();
        let shown = queue[0]["proposal"].as_str().unwrap().to_string();
        assert!(body.contains("[phone number removed]"), "{body}");
        let (status, update) = h
            .call_as(
                Some(&moderator),
                "approve_note",
                &[("id", &id), ("proposal", &shown), ("title", "Patrol"), ("body", &body)],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{update}");
        let update = update["update_id"].clone();
        let (_, feed) = h.call("feed", &[("area", "E05000697")]).await;
        assert_eq!(feed["items"][0]["id"], update);
        assert!(sqlx::query("DELETE FROM audit_log").execute(&h.pool).await.is_err(), "append-only");

        // Feeds in and out: a claimed poll, batched inserts, a conditional re-poll, Atom out.
        use app::feeds::poller::{Outcome, Poller};
        let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/feeds/news.rss");
        let config =
            app::feeds::config::FeedConfig::check(fixture, "", "neighbourhood", "E05000697", "15", true).unwrap();
        let feed_id = app::feeds::admin::add_feed(&h.pool, None, "gmp", &config).await.unwrap();
        let poller = Poller::new(h.pool.clone(), h.state.areas.clone(), Default::default());
        let outcomes = poller.poll_due().await.unwrap();
        assert!(
            matches!(&outcomes[..], [(id, Outcome::Stored(r))] if *id == feed_id && r.new == 3 && r.redacted == 1),
            "{outcomes:?}"
        );
        assert_eq!(poller.poll_now(feed_id).await.unwrap(), Some(Outcome::NotModified));
        let (status, atom) = h.get("/area/E05000697/feed.atom").await;
        assert_eq!(status, StatusCode::OK);
        assert!(atom.contains("Witness appeal after shop break-in") && !atom.contains("07700"));
    }))
}
