//! The whole UK and the seven other countries as `make run` sets them up: the time to import
//! the shipped hierarchy into an empty database (what a fresh machine's first start does) and
//! the database's size, the time to build the area index a server answers from, area search
//! over all 8,900 areas (p50 and p99 per query and overall, one request at a time), and the
//! size of the `locate` answer in the densest cells of central London.
//!
//! Runs on SQLite (a fresh temporary file) and, when `BEAT_TEST_POSTGRES_URL` is set, on
//! PostgreSQL (a schema of its own, dropped afterwards). `SEARCH_ROUNDS` (default 200) sets how
//! often each query is asked. Run with `make bench`. Goals: import under 30 s, search p99 ≤ 5 ms.

#[path = "../tests/common/mod.rs"]
mod common;

use app::areas::cell::{CellId, LatLon};
use app::areas::hierarchy::import_hierarchy;
use app::areas::store;
use std::time::{Duration, Instant};

const QUERIES: &[&str] = &[
    "manchester",
    "ynys mon",
    "bristol",
    "glasgow",
    "cathays",
    "st",
    "north",
    "central",
    "a",
    "road",
    "auckland",
    "hofudborgarsvaedi",
    "ancoats & beswick",
    "na h-eileanan",
    "no such place anywhere",
];

fn quantile(sorted: &[Duration], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0
}

async fn measure(engine: &str, url: &str) {
    let pool = app::db::connect(url).await.unwrap();
    let started = Instant::now();
    let report = import_hierarchy(&pool, server::setup::DEFAULT_HIERARCHY.as_ref()).await.unwrap();
    let import = started.elapsed();
    let size = app::db::size_bytes(&pool).await.unwrap();
    println!(
        "\n{engine}: imported {} countries, {} forces, {} councils, {} wards, {} regions in {:.2} s; database {:.1} MB",
        report.countries,
        report.forces,
        report.councils,
        report.wards,
        report.regions,
        import.as_secs_f64(),
        size as f64 / 1e6
    );
    let started = Instant::now();
    let index = store::load_index(&pool).await.unwrap();
    println!(
        "{engine}: area index of {} places built from the database in {:.2} s",
        index.len(),
        started.elapsed().as_secs_f64()
    );

    let rounds: usize = std::env::var("SEARCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let mut all = Vec::new();
    println!("{engine}: area search, {rounds} asks each (ms)");
    println!("  {:<24} {:>7} {:>7} {:>8}", "query", "p50", "p99", "results");
    for q in QUERIES {
        let mut times = Vec::with_capacity(rounds);
        let mut found = 0;
        for _ in 0..rounds {
            let t = Instant::now();
            found = index.names().search(q, None, 20).len();
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "  {:<24} {:>7.2} {:>7.2} {:>8}",
            format!("{q:?}"),
            quantile(&times, 0.5),
            quantile(&times, 0.99),
            found
        );
        all.extend(times);
    }
    all.sort();
    println!("  {:<24} {:>7.2} {:>7.2}   (goal: p99 ≤ 5 ms)", "all", quantile(&all, 0.5), quantile(&all, 0.99));

    if engine == "SQLite" {
        // The densest cells: central London's small wards, a 12 × 12 grid of cells.
        let mut largest = (0, String::new());
        for row in 0..12 {
            for col in 0..12 {
                let pos = LatLon::new(51.49 + row as f64 * 0.005, -0.20 + col as f64 * 0.01).unwrap();
                let cell = CellId::containing(pos);
                let answer = index.overlapping(cell.bounds());
                let bytes = serde_json::to_vec(&answer).unwrap().len();
                if bytes > largest.0 {
                    let names: Vec<_> = answer.iter().map(|a| a.area.name.clone()).collect();
                    largest = (bytes, format!("cell {cell}: {} wards ({})", answer.len(), names.join(", ")));
                }
            }
        }
        println!("largest locate answer in central London: {} bytes, {}", largest.0, largest.1);
    }
    pool.close().await;
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    common::run(measure("SQLite", &format!("sqlite://{}", dir.path().join("national.db").display())));
    if let Ok(base) = std::env::var("BEAT_TEST_POSTGRES_URL") {
        common::run(async {
            let (_schema, url) = common::Schema::create(&base).await;
            measure("PostgreSQL", &url).await;
        });
    } else {
        println!("\nBEAT_TEST_POSTGRES_URL is not set: PostgreSQL not measured");
    }
}
