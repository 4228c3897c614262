//! Connecting to the database and bringing its schema up to date.
//!
//! One code path for both engines through `sqlx::Any`: SQLite (a file, the embedded
//! default) and PostgreSQL (for several app servers). SQL is written in the common subset
//! with `$1` placeholders, which both drivers accept (multi-row inserts write theirs with
//! [`Rows`]); only the migrations differ.

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

/// The database's size on disk in bytes: the SQLite file's pages, or the PostgreSQL
/// database's size (all its schemas). For figures in logs, not for decisions.
pub async fn size_bytes(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    use sqlx::{Acquire, Row};
    let mut conn = pool.acquire().await?;
    let conn = conn.acquire().await?;
    let sql = if conn.backend_name() == "PostgreSQL" {
        "SELECT CAST(pg_database_size(current_database()) AS BIGINT)"
    } else {
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
    };
    sqlx::query(sql).fetch_one(&mut *conn).await?.try_get(0)
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
        Engine::Sqlite => migrate_sqlite(&pool).await?,
        Engine::Postgres => POSTGRES.run(&pool).await?,
    }
    Ok(pool)
}

/// Runs SQLite's migrations on one connection with foreign keys off: a migration that
/// changes a table's constraints rebuilds the table, and dropping the old one must not cascade
/// or refuse because other tables refer to it (SQLite's documented way; `PRAGMA
/// foreign_keys` only takes effect outside a transaction, and each migration runs in one).
/// Every reference is checked before the connection goes back to the pool with them on.
async fn migrate_sqlite(pool: &AnyPool) -> Result<(), sqlx::Error> {
    let mut conn = pool.acquire().await?;
    sqlx::query("PRAGMA foreign_keys = OFF").execute(&mut *conn).await?;
    let migrated = SQLITE.run_direct(&mut *conn).await;
    let broken = sqlx::query("PRAGMA foreign_key_check").fetch_all(&mut *conn).await;
    sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await?;
    migrated?;
    let broken = broken?;
    if !broken.is_empty() {
        return Err(sqlx::Error::Protocol(format!(
            "{} rows refer to rows that do not exist after migrating",
            broken.len()
        )));
    }
    Ok(())
}

/// Whether the database answers and its schema is at least this build's: what a load
/// balancer asks `/readyz` before sending a server requests. The reason, when it is not.
pub async fn ready(pool: &AnyPool) -> Result<(), String> {
    use sqlx::{Connection, Row};
    let mut conn = pool.acquire().await.map_err(|e| format!("the database cannot be reached: {e}"))?;
    let migrator = if conn.backend_name() == "PostgreSQL" { &POSTGRES } else { &SQLITE };
    let want = migrator.iter().map(|m| m.version).max().unwrap_or(0);
    let have: Option<i64> = sqlx::query("SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE")
        .fetch_one(&mut *conn)
        .await
        .and_then(|row| row.try_get(0))
        .map_err(|e| format!("the database cannot be read: {e}"))?;
    conn.ping().await.map_err(|e| format!("the database stopped answering: {e}"))?;
    match have {
        Some(have) if have >= want => Ok(()),
        have => Err(format!("the database schema is at {} of {want}: migrations are not done", have.unwrap_or(0))),
    }
}

/// What a transaction-scoped lock guards: each is a PostgreSQL advisory lock key.
#[derive(Clone, Copy, Debug)]
pub enum Lock {
    /// Publishing: update ids and live event numbers in commit order ("BEAT" in ASCII).
    Publish = 0x4245_4154,
    /// Alert sign-ups: the per-network limit is checked and used in one step ("PUSH").
    PushSignUp = 0x5055_5348,
}

/// Makes the rest of the transaction `tx` publish after every earlier publisher commits and
/// before every later one starts: update ids and live event numbers then become visible in
/// the order they were taken, which live streams rely on (`live::resume`), and a check made
/// after it (a rate limit) still holds when the transaction writes. PostgreSQL takes a
/// transaction-scoped advisory lock (taking it again in the same transaction is free). SQLite
/// has one writer at a time; a write that changes nothing makes this transaction that writer
/// now rather than at its first real write, so nobody writes between its reads and its writes.
/// The one place engine-specific locking lives.
pub async fn publish_lock(tx: &mut sqlx::AnyConnection) -> Result<(), sqlx::Error> {
    lock(tx, Lock::Publish).await
}

/// Holds `which` until `tx` ends: every other transaction taking it waits (see
/// [`publish_lock`]; on SQLite, every writer waits).
pub async fn lock(tx: &mut sqlx::AnyConnection, which: Lock) -> Result<(), sqlx::Error> {
    if tx.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(which as i64).execute(&mut *tx).await?;
    } else {
        sqlx::query("UPDATE update_events SET seq = seq WHERE seq < 0").execute(&mut *tx).await?;
    }
    Ok(())
}

/// Begins a transaction that will write. On SQLite it becomes the writer at once (as
/// `BEGIN IMMEDIATE` would), waiting its turn under `busy_timeout`: a deferred transaction
/// that reads first and then writes, after another writer committed in between, fails at
/// once with "database is locked" (SQLite cannot move its snapshot forward), which no
/// timeout helps. PostgreSQL needs nothing more. Every write transaction begins here.
pub async fn begin_write(pool: &AnyPool) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    if tx.backend_name() != "PostgreSQL" {
        sqlx::query("UPDATE update_events SET seq = seq WHERE seq < 0").execute(&mut *tx).await?;
    }
    Ok(tx)
}

/// `$from, $from+1, …` for `count` bound values (an `IN (…)` list), for SQL whose values are
/// bound one by one after it; new code numbers and binds in one pass with [`Args`].
pub fn placeholders(from: usize, count: usize) -> String {
    (from..from + count).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// The placeholders of a multi-row `INSERT … VALUES`, for a statement whose every placeholder
/// is written with [`Rows`] and bound in the order written (a value used twice is bound twice;
/// nothing else in the statement is numbered).
///
/// On SQLite the placeholders are anonymous (`?`). sqlx-sqlite asks SQLite for the name of
/// every parameter it binds, and SQLite finds a name by walking the statement's list of them,
/// so binding a statement of n numbered values (`$1`…`$n`) takes n²/2 steps: for a feed
/// poll's 350-value inserts that was a fifth of the database thread's time. Anonymous ones
/// have no names to walk. PostgreSQL needs `$n`.
pub struct Rows {
    anonymous: bool,
    bound: usize,
}

impl Rows {
    /// Placeholders for a statement run on `conn`.
    pub fn for_connection(conn: &sqlx::AnyConnection) -> Rows {
        Rows { anonymous: conn.backend_name() == "SQLite", bound: 0 }
    }

    /// The placeholder for the next value: `$4` or `?`.
    pub fn value(&mut self) -> String {
        self.bound += 1;
        if self.anonymous {
            "?".to_string()
        } else {
            format!("${}", self.bound)
        }
    }

    /// The next `count` placeholders, in parentheses: `($4, $5, $6)` or `(?, ?, ?)`.
    pub fn row(&mut self, count: usize) -> String {
        format!("({})", (0..count).map(|_| self.value()).collect::<Vec<_>>().join(", "))
    }

    /// `rows` rows of `count` placeholders each, separated by commas.
    pub fn rows(&mut self, rows: usize, count: usize) -> String {
        (0..rows).map(|_| self.row(count)).collect::<Vec<_>>().join(", ")
    }
}

/// Bound values and their `$n` numbers, made in one pass: [`Args::arg`] binds a value and
/// returns its placeholder to write into the SQL (use it twice to compare with it twice),
/// [`Args::list`] does the same for an `IN (…)` list. Nothing to count by hand, so a clause
/// added in the middle cannot shift the others' numbers. (sqlx's `QueryBuilder` writes `?`
/// for the `Any` driver, which PostgreSQL refuses.)
#[derive(Default)]
pub struct Args {
    values: sqlx::any::AnyArguments<'static>,
    count: usize,
    error: Option<sqlx::error::BoxDynError>,
}

impl Args {
    pub fn new() -> Self {
        Self::default()
    }

    /// Binds `value`; returns its placeholder (`$3`).
    pub fn arg<T>(&mut self, value: T) -> String
    where
        T: 'static + Send + sqlx::Encode<'static, sqlx::Any> + sqlx::Type<sqlx::Any>,
    {
        use sqlx::Arguments;
        if let Err(e) = self.values.add(value) {
            self.error.get_or_insert(e);
        }
        self.count += 1;
        format!("${}", self.count)
    }

    /// Binds every value; returns their placeholders separated by commas (`$4, $5, $6`).
    pub fn list<T, I>(&mut self, values: I) -> String
    where
        T: 'static + Send + sqlx::Encode<'static, sqlx::Any> + sqlx::Type<sqlx::Any>,
        I: IntoIterator<Item = T>,
    {
        values.into_iter().map(|v| self.arg(v)).collect::<Vec<_>>().join(", ")
    }

    /// The query `sql` (written with this binder's placeholders) with these values.
    pub fn query(
        self,
        sql: &str,
    ) -> Result<sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments<'_>>, sqlx::Error> {
        match self.error {
            Some(e) => Err(sqlx::Error::Encode(e)),
            None => Ok(sqlx::query_with(sql, self.values)),
        }
    }

    /// As [`Args::query`], mapping each row to `T`.
    pub fn query_as<T>(
        self,
        sql: &str,
    ) -> Result<sqlx::query::QueryAs<'_, sqlx::Any, T, sqlx::any::AnyArguments<'_>>, sqlx::Error>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        match self.error {
            Some(e) => Err(sqlx::Error::Encode(e)),
            None => Ok(sqlx::query_as_with(sql, self.values)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_number_on_across_rows_for_postgresql() {
        let mut at = Rows { anonymous: false, bound: 0 };
        assert_eq!(at.rows(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(at.value(), "$7");
    }

    /// On SQLite the rows are anonymous, and each value still lands in its own column.
    #[tokio::test]
    async fn rows_on_sqlite_are_anonymous_and_bind_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let pool = connect(&format!("sqlite://{}", dir.path().join("t.db").display())).await.unwrap();
        let mut conn = pool.acquire().await.unwrap();
        sqlx::query("CREATE TABLE t (a INTEGER, b TEXT, c INTEGER)").execute(&mut *conn).await.unwrap();
        let rows = Rows::for_connection(&conn).rows(200, 3);
        assert!(rows.starts_with("(?, ?, ?), (?, ?, ?)") && !rows.contains('$'), "{rows}");
        let sql = format!("INSERT INTO t (a, b, c) VALUES {rows}");
        let mut q = sqlx::query(&sql);
        for i in 0..200i64 {
            q = q.bind(i).bind(format!("row {i}")).bind(i * 10);
        }
        q.execute(&mut *conn).await.unwrap();
        let got: Vec<(i64, String, i64)> =
            sqlx::query_as("SELECT a, b, c FROM t ORDER BY a").fetch_all(&mut *conn).await.unwrap();
        assert_eq!(got.len(), 200);
        assert!(got.iter().all(|(a, b, c)| *b == format!("row {a}") && *c == a * 10));
    }

    /// Twenty transactions that each read, then write, at once on one SQLite file.
    async fn read_then_write(
        begin: fn(&AnyPool) -> futures::future::BoxFuture<'_, sqlx::Result<sqlx::Transaction<'static, sqlx::Any>>>,
    ) -> usize {
        let dir = tempfile::tempdir().unwrap();
        let pool = connect(&format!("sqlite://{}", dir.path().join("t.db").display())).await.unwrap();
        let runs = (0..20).map(|i| {
            let pool = pool.clone();
            tokio::spawn(async move {
                let mut tx = begin(&pool).await?;
                let n: i64 =
                    sqlx::Row::try_get(&sqlx::query("SELECT COUNT(*) FROM audit_log").fetch_one(&mut *tx).await?, 0)?;
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                sqlx::query("INSERT INTO audit_log (at_ms, action, subject) VALUES ($1, 'test', 'test')")
                    .bind(n + i)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await
            })
        });
        futures::future::join_all(runs).await.into_iter().filter(|r| matches!(r, Ok(Err(_)))).count()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_transaction_that_reads_then_writes_waits_its_turn_on_sqlite() {
        let deferred = read_then_write(|pool| Box::pin(pool.begin())).await;
        let writers = read_then_write(|pool| Box::pin(begin_write(pool))).await;
        eprintln!("read then write, 20 at once: {deferred} failed as plain transactions, {writers} with begin_write");
        assert_eq!(writers, 0);
    }

    /// `pool.begin()` only here: every other write transaction goes through [`begin_write`].
    #[test]
    fn every_transaction_begins_as_a_writer() {
        let found =
            crate::source_rules::lines_where(|path| path.ends_with("src/db.rs"), |line| line.contains(".begin()"));
        assert!(found.is_empty(), "use db::begin_write: {found:?}");
    }

    #[test]
    fn numbers_follow_the_order_values_are_bound() {
        let mut args = Args::new();
        let codes = args.list(["E05011376".to_string(), "E08000003".to_string()]);
        let now = args.arg(42_i64);
        let limit = args.arg(21_i64);
        assert_eq!(
            format!("IN ({codes}) AND t <= {now} AND e > {now} LIMIT {limit}"),
            "IN ($1, $2) AND t <= $3 AND e > $3 LIMIT $4"
        );
        assert_eq!(args.count, 4);
    }

    #[tokio::test]
    async fn bound_values_reach_sqlite() {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect("sqlite::memory:").await.unwrap();
        let mut args = Args::new();
        let sql = format!("SELECT {} + {} * 2", args.arg(1_i64), args.arg(20_i64));
        let (n,): (i64,) = sqlx::query_as_with(&sql, args.values).fetch_one(&pool).await.unwrap();
        assert_eq!(n, 41);
    }
}
