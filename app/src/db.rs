//! Connecting to the database and bringing its schema up to date.
//!
//! One code path for both engines through `sqlx::Any`: SQLite (a file, the embedded
//! default) and PostgreSQL (for several app servers). SQL is written in the common subset
//! with `$1` placeholders, which both drivers accept; only the migrations differ.

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::AnyPool;

static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");

/// The database engine behind a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn of(url: &str) -> Result<Self, String> {
        if url.starts_with("sqlite:") {
            Ok(Engine::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Engine::Postgres)
        } else {
            Err("database URL must start with sqlite: or postgres:".into())
        }
    }
}

/// Opens a pool (creating the SQLite file if needed) and runs pending migrations.
pub async fn connect(url: &str) -> Result<AnyPool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let engine = Engine::of(url).map_err(|e| sqlx::Error::Configuration(e.into()))?;
    let (url, max) = match engine {
        Engine::Sqlite if !url.contains("mode=") && !url.contains(":memory:") => {
            (format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' }), 4)
        }
        Engine::Sqlite => (url.to_string(), 4),
        Engine::Postgres => (url.to_string(), 16),
    };
    let pool = AnyPoolOptions::new()
        .max_connections(max)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if engine == Engine::Sqlite {
                    // WAL lets readers carry on while an import writes.
                    sqlx::query("PRAGMA journal_mode = WAL").execute(&mut *conn).await?;
                    // FULL syncs the log on every commit: a note acknowledged to a reporter
                    // survives a power cut, not only a crash of the app.
                    sqlx::query("PRAGMA synchronous = FULL").execute(&mut *conn).await?;
                    sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await?;
                    sqlx::query("PRAGMA busy_timeout = 5000").execute(&mut *conn).await?;
                }
                Ok(())
            })
        })
        .connect(&url)
        .await?;
    match engine {
        Engine::Sqlite => SQLITE.run(&pool).await?,
        Engine::Postgres => POSTGRES.run(&pool).await?,
    }
    Ok(pool)
}

/// The PostgreSQL advisory lock key that orders publishing ("BEAT" in ASCII).
const PUBLISH_LOCK: i64 = 0x4245_4154;

/// Makes the rest of the transaction `tx` publish after every earlier publisher commits and
/// before every later one starts: update ids and live event numbers then become visible in
/// the order they were taken, which live streams rely on (`live::resume`), and a check made
/// after it (a rate limit) still holds when the transaction writes. PostgreSQL takes a
/// transaction-scoped advisory lock (taking it again in the same transaction is free). SQLite
/// has one writer at a time; a write that changes nothing makes this transaction that writer
/// now rather than at its first real write, so nobody writes between its reads and its writes.
/// The one place engine-specific locking lives.
pub async fn publish_lock(tx: &mut sqlx::AnyConnection) -> Result<(), sqlx::Error> {
    if tx.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(PUBLISH_LOCK).execute(&mut *tx).await?;
    } else {
        sqlx::query("UPDATE update_events SET seq = seq WHERE seq < 0").execute(&mut *tx).await?;
    }
    Ok(())
}

/// `$from, $from+1, …` for `count` bound values (an `IN (…)` list).
pub fn placeholders(from: usize, count: usize) -> String {
    (from..from + count).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}
