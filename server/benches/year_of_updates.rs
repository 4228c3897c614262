//! A year of a busy force's updates: 1,000,000 rows with the skew a real force has (a few
//! busy city-centre wards and many quiet ones, council- and force-wide posts over all of
//! them, some expiring alerts and a few withdrawn), then the time to read an area's page,
//! its feed query, its source filter and its `feed.json`, for the busiest ward and the
//! quietest, one request at a time: p50 and p99 over `YEAR_ROUNDS` (200) rounds.
//!
//! Runs on SQLite (a file kept under `$BEAT_CACHE`, filled once) and, when
//! `BEAT_TEST_POSTGRES_URL` is set, on PostgreSQL (schema `beat_year`, also kept). `YEAR_ROWS`
//! sets the count; `YEAR_REFILL=1` fills again. Run with `make bench-year`.

#[path = "../tests/common/mod.rs"]
mod common;

use app::updates::feed::FeedQuery;
use app::updates::store;
use sqlx::Row;
use std::time::{Duration, Instant};

/// A small, fast, seeded generator (SplitMix64), so every fill is the same year.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 1000 < percent * 10
    }
}

/// Picks ward `i` with weight 1/(i+1): Zipf, so the first ward of the list is the busiest.
struct Zipf(Vec<f64>);

impl Zipf {
    fn new(n: usize) -> Self {
        let mut acc = 0.0;
        Zipf(
            (0..n)
                .map(|i| {
                    acc += 1.0 / (i as f64 + 1.0);
                    acc
                })
                .collect(),
        )
    }
    fn pick(&self, rng: &mut Rng) -> usize {
        let x = (rng.next() as f64 / u64::MAX as f64) * self.0.last().unwrap();
        self.0.partition_point(|&c| c < x).min(self.0.len() - 1)
    }
}

const KINDS: [&str; 7] = ["neighbourhood", "call_log", "appeal", "prevention_tip", "council_notice", "event", "tally"];
const DAY_MS: i64 = 86_400_000;

struct Areas {
    /// Wards, busiest first (the order the fill's Zipf weights them in).
    wards: Vec<(String, String)>,
    councils: Vec<String>,
    forces: Vec<String>,
    /// Sources by the area they speak for, and every source.
    sources: Vec<(i64, String)>,
}

async fn areas(pool: &sqlx::AnyPool) -> Areas {
    let rows = |sql: &'static str| async move { sqlx::query(sql).fetch_all(pool).await.unwrap() };
    let wards = rows("SELECT code, parent_code FROM areas WHERE level = 'ward' ORDER BY code").await;
    let councils = rows("SELECT code FROM areas WHERE level = 'council' ORDER BY code").await;
    let forces = rows("SELECT code FROM areas WHERE level = 'force' ORDER BY code").await;
    let sources = rows("SELECT id, area_code FROM sources ORDER BY id").await;
    Areas {
        wards: wards.iter().map(|r| (r.get(0), r.get(1))).collect(),
        councils: councils.iter().map(|r| r.get(0)).collect(),
        forces: forces.iter().map(|r| r.get(0)).collect(),
        sources: sources.iter().map(|r| (r.get(0), r.get(1))).collect(),
    }
}

/// Adds `rows` updates over the year before `now_ms`: 70% to one ward (Zipf), 20% to a
/// council, 10% to a force; 15% expire one to fourteen days after they went out; 0.5% withdrawn.
async fn fill(pool: &sqlx::AnyPool, areas: &Areas, rows: usize, now_ms: i64, postgres: bool) {
    let zipf = Zipf::new(areas.wards.len());
    let mut rng = Rng(2026);
    let first_id: i64 =
        sqlx::query("SELECT COALESCE(MAX(id), 0) + 1 FROM updates").fetch_one(pool).await.unwrap().get(0);
    let start = now_ms - 365 * DAY_MS;
    let step = (365 * DAY_MS) / rows as i64;
    let source_for = |rng: &mut Rng, area: &str| {
        let own: Vec<i64> = areas.sources.iter().filter(|(_, a)| a == area).map(|(id, _)| *id).collect();
        if own.is_empty() {
            areas.sources[rng.below(areas.sources.len())].0
        } else {
            own[rng.below(own.len())]
        }
    };
    let began = Instant::now();
    const BATCH: usize = 1000;
    let mut done = 0;
    while done < rows {
        let n = BATCH.min(rows - done);
        let mut updates = Vec::with_capacity(n);
        let mut links = Vec::with_capacity(n);
        for k in 0..n {
            let i = done + k;
            let id = first_id + i as i64;
            let published = start + step * i as i64 + rng.below(step.max(1) as usize) as i64;
            let roll = rng.below(100);
            let area = if roll < 70 {
                areas.wards[zipf.pick(&mut rng)].0.clone()
            } else if roll < 90 {
                areas.councils[rng.below(areas.councils.len())].clone()
            } else {
                areas.forces[rng.below(areas.forces.len())].clone()
            };
            let kind = KINDS[rng.below(KINDS.len())];
            let severity = match rng.below(100) {
                0..=1 => "warning",
                2..=9 => "advisory",
                _ => "info",
            };
            let expires = if rng.chance(15) {
                (published + DAY_MS * (1 + rng.below(14) as i64)).to_string()
            } else {
                "NULL".into()
            };
            let withdrawn = if rng.below(1000) < 5 { (published + 3_600_000).to_string() } else { "NULL".into() };
            let source = source_for(&mut rng, &area);
            updates.push(format!(
                "({id}, '{kind}', '{severity}', 'Update {i} for {area}', \
                 'Officers on patrol in the area this afternoon spoke with residents and businesses about recent reports; \
                 update {i} of the year.', {source}, {published}, {expires}, {withdrawn}, 0)",
            ));
            links.push(format!("({id}, '{area}', {source})"));
        }
        let mut tx = pool.begin().await.unwrap();
        sqlx::query(&format!(
            "INSERT INTO updates (id, kind, severity, title, body, source_id, published_at_ms, expires_at_ms, \
             withdrawn_at_ms, is_demo) VALUES {}",
            updates.join(", ")
        ))
        .execute(&mut *tx)
        .await
        .unwrap();
        sqlx::query(&format!("INSERT INTO update_areas (update_id, area_code, source_id) VALUES {}", links.join(", ")))
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        done += n;
        if done % 100_000 == 0 {
            eprintln!("  {done} rows, {:.0} s", began.elapsed().as_secs_f64());
        }
    }
    if postgres {
        sqlx::query("SELECT setval(pg_get_serial_sequence('updates', 'id'), (SELECT MAX(id) FROM updates))")
            .execute(pool)
            .await
            .unwrap();
        // What autovacuum does soon after a load: statistics, and the visibility map that lets
        // index-only scans skip the table.
        for table in ["updates", "update_areas"] {
            sqlx::query(&format!("VACUUM ANALYZE {table}")).execute(pool).await.unwrap();
        }
    } else {
        sqlx::query("ANALYZE").execute(pool).await.unwrap();
    }
    eprintln!("  filled {rows} rows in {:.0} s", began.elapsed().as_secs_f64());
}

fn percentiles(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0;
    (at(0.5), at(0.99))
}

async fn time<F, Fut>(rounds: usize, mut f: F) -> (f64, f64)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for _ in 0..rounds / 10 {
        f().await;
    }
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let t = Instant::now();
        f().await;
        times.push(t.elapsed());
    }
    percentiles(times)
}

async fn measure(engine: &str, url: &str) {
    let rows: usize = std::env::var("YEAR_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let rounds: usize = std::env::var("YEAR_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    // Every request rendered: the page store would answer all but the first from memory.
    let h = common::at(url).await.with_page_store(std::time::Duration::ZERO);
    let postgres = url.starts_with("postgres");
    let areas = areas(&h.pool).await;
    let stored: i64 = sqlx::query("SELECT COUNT(*) FROM updates").fetch_one(&h.pool).await.unwrap().get(0);
    let now_ms = chrono::Utc::now().timestamp_millis();
    if (stored as usize) < rows {
        eprintln!("{engine}: filling {} rows (once; kept for the next run)", rows - stored as usize);
        fill(&h.pool, &areas, rows - stored as usize, now_ms, postgres).await;
    }
    let count = |code: String| {
        let pool = h.pool.clone();
        async move {
            sqlx::query("SELECT COUNT(*) FROM update_areas WHERE area_code = $1")
                .bind(code)
                .fetch_one(&pool)
                .await
                .unwrap()
                .get::<i64, _>(0)
        }
    };
    let busy = areas.wards.first().unwrap().0.clone();
    let quiet = areas.wards.last().unwrap().0.clone();
    println!(
        "\n{engine}: {} updates stored",
        sqlx::query("SELECT COUNT(*) FROM updates").fetch_one(&h.pool).await.unwrap().get::<i64, _>(0)
    );
    println!("{:<44} {:>9} {:>9}", "one request at a time", "p50 ms", "p99 ms");
    for (label, code) in [("busiest ward", busy), ("quietest ward", quiet)] {
        let context = app::areas::store::context(&h.pool, &app::areas::area::AreaCode::parse(&code).unwrap())
            .await
            .unwrap()
            .unwrap();
        let codes: Vec<String> = context.chain().map(|a| a.code.as_str().to_string()).collect();
        let mut chain_rows = 0;
        for c in &codes {
            chain_rows += count(c.clone()).await;
        }
        println!("{label} {code}: {chain_rows} updates on its chain ({})", codes.join(" > "));
        let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
        let query = FeedQuery { kind: None, source: None, cursor: None, limit: 20 };
        let (p50, p99) = time(rounds, || async {
            store::feed(&h.pool, &refs, &query, now_ms).await.unwrap();
        })
        .await;
        println!("{:<44} {p50:>9.2} {p99:>9.2}", "  feed query (first 20)");
        let (p50, p99) = time(rounds, || async {
            store::sources_for(&h.pool, &refs, now_ms).await.unwrap();
        })
        .await;
        println!("{:<44} {p50:>9.2} {p99:>9.2}", "  source filter");
        let appeals = FeedQuery { kind: Some(app::updates::kind::UpdateKind::Appeal), ..query.clone() };
        let (p50, p99) = time(rounds, || async {
            store::feed(&h.pool, &refs, &appeals, now_ms).await.unwrap();
        })
        .await;
        println!("{:<44} {p50:>9.2} {p99:>9.2}", "  feed query, appeals only");
        for path in [format!("/area/{code}"), format!("/area/{code}/feed.json")] {
            let (p50, p99) = time(rounds, || async {
                let (status, _) = h.get(&path).await;
                assert!(status.is_success(), "{path}: {status}");
            })
            .await;
            println!("{:<44} {p50:>9.2} {p99:>9.2}", format!("  GET {}", path.replace(&code, "{code}")));
        }
    }
}

fn main() {
    let cache =
        std::env::var("BEAT_CACHE").unwrap_or_else(|_| format!("{}/.cache/beat", std::env::var("HOME").unwrap()));
    std::fs::create_dir_all(&cache).unwrap();
    if std::env::var("YEAR_REFILL").as_deref() == Ok("1") {
        let _ = std::fs::remove_file(format!("{cache}/year.db"));
    }
    common::run(measure("SQLite", &format!("sqlite://{cache}/year.db")));
    if let Ok(base) = std::env::var("BEAT_TEST_POSTGRES_URL") {
        common::run(async {
            sqlx::any::install_default_drivers();
            let admin = sqlx::AnyPool::connect(&base).await.unwrap();
            if std::env::var("YEAR_REFILL").as_deref() == Ok("1") {
                sqlx::query("DROP SCHEMA IF EXISTS beat_year CASCADE").execute(&admin).await.unwrap();
            }
            sqlx::query("CREATE SCHEMA IF NOT EXISTS beat_year").execute(&admin).await.unwrap();
            admin.close().await;
            let sep = if base.contains('?') { '&' } else { '?' };
            measure("PostgreSQL", &format!("{base}{sep}options=-c%20search_path%3Dbeat_year")).await;
        });
    } else {
        println!("\nBEAT_TEST_POSTGRES_URL is not set: PostgreSQL not measured");
    }
}
