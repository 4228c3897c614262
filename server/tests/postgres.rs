//! The same store code on PostgreSQL, for running several app servers.
//!
//! Runs when BEAT_TEST_POSTGRES_URL is set (`make test` sets it when a server answers on
//! 127.0.0.1:5432). Each run works in a schema of its own and drops it afterwards.

mod common;

use axum::http::StatusCode;

#[test]
fn feed_areas_and_errors_on_postgres() {
    common::run(common::on_postgres(|h| async move {
        let (status, page) = h.call("feed", &[("area", "E05011376"), ("limit", "50")]).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["items"].as_array().unwrap().len(), 35);
        assert!(page["next_cursor"].is_null());

        let (status, page) = h.call("feed", &[("area", "E05011376"), ("limit", "20"), ("kind", "reporter_note")]).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page["items"].as_array().unwrap().iter().all(|i| i["kind"] == "reporter_note"));

        let (status, body) = h.call("feed", &[("area", "E05999999")]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        let (status, body) = h.call("areas_search", &[("q", "Treganna")]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body[0]["name"], "Canton");
        let (status, html) = h.get("/area/W05001274").await;
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
        let (_, feed) = h.call("feed", &[("area", "E05011376")]).await;
        assert_eq!(feed["items"][0]["id"], update);
        assert!(sqlx::query("DELETE FROM audit_log").execute(&h.pool).await.is_err(), "append-only");

        // Feeds in and out: a claimed poll, batched inserts, a conditional re-poll, Atom out.
        use app::feeds::poller::{Outcome, Poller};
        let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/feeds/news.rss");
        let config =
            app::feeds::config::FeedConfig::check(fixture, "", "neighbourhood", "E05011376", "15", true).unwrap();
        let feed_id = app::feeds::admin::add_feed(&h.pool, None, "gmp", &config).await.unwrap();
        let poller = Poller::new(h.pool.clone(), h.state.areas.clone(), Default::default());
        let outcomes = poller.poll_due().await.unwrap();
        assert!(
            matches!(&outcomes[..], [(id, Outcome::Stored(r))] if *id == feed_id && r.new == 3 && r.redacted == 1),
            "{outcomes:?}"
        );
        assert_eq!(poller.poll_now(feed_id).await.unwrap(), Some(Outcome::NotModified));
        let (status, atom) = h.get("/area/E05011376/feed.atom").await;
        assert_eq!(status, StatusCode::OK);
        assert!(atom.contains("Witness appeal after shop break-in") && !atom.contains("07700"));
    }))
}

/// Tables, columns with their nullability, and indexes with their tables, as one engine
/// has them after its migrations; sorted, so the two engines' lists compare.
type Shape = (Vec<(String, String, bool)>, Vec<(String, String)>);

async fn sqlite_shape(pool: &sqlx::AnyPool) -> Shape {
    use sqlx::Row;
    let tables: Vec<String> = sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get(0).unwrap())
    .collect();
    let mut columns = Vec::new();
    for t in &tables {
        for r in sqlx::query(&format!("SELECT name, \"notnull\", pk FROM pragma_table_info('{t}')"))
            .fetch_all(pool)
            .await
            .unwrap()
        {
            // A primary key column is never null, whatever SQLite's pragma says.
            let not_null = r.try_get::<i64, _>(1).unwrap() != 0 || r.try_get::<i64, _>(2).unwrap() != 0;
            columns.push((t.clone(), r.try_get::<String, _>(0).unwrap(), !not_null));
        }
    }
    let indexes = sqlx::query(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.try_get(0).unwrap(), r.try_get(1).unwrap()))
    .collect();
    sorted((columns, indexes))
}

async fn postgres_shape(pool: &sqlx::AnyPool) -> Shape {
    use sqlx::Row;
    let columns = sqlx::query(
        "SELECT table_name::text, column_name::text, is_nullable::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.try_get(0).unwrap(), r.try_get(1).unwrap(), r.try_get::<String, _>(2).unwrap() == "YES"))
    .collect();
    // Indexes made by hand: not those PostgreSQL makes for primary keys and UNIQUE constraints
    // (SQLite's equivalents are its sqlite_autoindex_ ones, left out above).
    let indexes = sqlx::query(
        "SELECT i.indexname::text, i.tablename::text FROM pg_indexes i
         WHERE i.schemaname = current_schema() AND i.tablename <> '_sqlx_migrations'
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype IN ('p', 'u'))",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.try_get(0).unwrap(), r.try_get(1).unwrap()))
    .collect();
    sorted((columns, indexes))
}

fn sorted((mut columns, mut indexes): Shape) -> Shape {
    columns.sort();
    indexes.sort();
    (columns, indexes)
}

/// The two migration sets must describe one schema: a column, a NOT NULL or an index added to
/// one engine and not the other fails here, not in production.
#[test]
fn both_engines_migrate_to_the_same_tables_columns_and_indexes() {
    common::run(async {
        let Ok(base) = std::env::var("BEAT_TEST_POSTGRES_URL") else {
            eprintln!("BEAT_TEST_POSTGRES_URL is not set: schema comparison not run");
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let sqlite = app::db::connect(&format!("sqlite://{}", dir.path().join("shape.db").display())).await.unwrap();
        let (_schema, url) = common::Schema::create(&base).await;
        let postgres = app::db::connect(&url).await.unwrap();
        let (lite, pg) = (sqlite_shape(&sqlite).await, postgres_shape(&postgres).await);
        postgres.close().await;
        let only = |a: &[(String, String, bool)], b: &[(String, String, bool)]| {
            a.iter().filter(|x| !b.contains(x)).cloned().collect::<Vec<_>>()
        };
        assert!(
            lite.0 == pg.0,
            "columns differ\nonly on SQLite: {:?}\nonly on PostgreSQL: {:?}",
            only(&lite.0, &pg.0),
            only(&pg.0, &lite.0)
        );
        assert_eq!(lite.1, pg.1, "indexes differ (name, table)");
        assert!(lite.0.iter().any(|c| c.0 == "update_events"), "the comparison sees the tables");
    })
}
