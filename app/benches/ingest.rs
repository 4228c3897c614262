//! Ingest throughput: a 10,000-item RSS feed read from a file, parsed, cleaned (HTML to
//! text, privacy guard), placed and stored in a fresh SQLite database, through the same
//! `Poller::poll_now` the scheduler uses. Prints items/s for parse alone and for the whole
//! parse-and-store, best and median of 5 runs. Run with `make bench`.
//! Target: at least 20,000 items/s parse-and-store on SQLite.

use app::feeds::fetch::Limits;
use app::feeds::format::FeedFormat;
use app::feeds::parse::parse;
use app::feeds::poller::{Outcome, Poller};
use app::feeds::store::{add, NewFeedSource};
use app::updates::kind::UpdateKind;
use std::time::Instant;

const ITEMS: usize = 10_000;
const RUNS: usize = 5;

/// A feed like a force's news feed: an id, a link, a date, a category and a few sentences
/// of HTML with a phone number now and then for the privacy guard to find.
fn feed() -> String {
    let mut xml =
        String::from(r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench</title>"#);
    for i in 0..ITEMS {
        let phone = if i % 10 == 0 { " or call the officer on 07700 900123" } else { "" };
        xml.push_str(&format!(
            "<item><guid>bench-{i}</guid><title>Update {i}: patrols and advice in the city centre</title>\
             <link>https://police.example/news/{i}</link><category>News</category>\
             <pubDate>Sat, 21 Nov 2026 09:{:02}:00 GMT</pubDate><description>&lt;p&gt;Officers from the neighbourhood \
             team were out on foot patrol this afternoon after reports of antisocial behaviour near the shops.&lt;/p&gt;\
             &lt;p&gt;If you have information, report it online or call 101{phone}. In an emergency always call 999.&lt;/p&gt;\
             </description></item>",
            i % 60
        ));
    }
    xml.push_str("</channel></rss>");
    xml
}

async fn store_run(path: &std::path::Path) -> f64 {
    let dir = tempfile::tempdir().expect("temp dir");
    let pool =
        app::db::connect(&format!("sqlite://{}", dir.path().join("bench.db").display())).await.expect("database");
    for sql in [
        "INSERT INTO areas (code, name, level, parent_code, time_zone, emergency_number) VALUES ('GB', 'United Kingdom', 'country', NULL, 'Europe/London', '999')",
        "INSERT INTO areas (code, name, level, parent_code, time_zone, emergency_number) VALUES ('E23000005', 'Greater Manchester Police', 'force', 'GB', 'Europe/London', '999')",
        "INSERT INTO sources (slug, name, kind, area_code) VALUES ('gmp', 'Greater Manchester Police', 'police_force', 'E23000005')",
    ] {
        sqlx::query(sql).execute(&pool).await.expect("set-up row");
    }
    let areas = vec!["E23000005".to_string()];
    let new = NewFeedSource {
        source_id: 1,
        location: path.to_str().expect("path"),
        format: Some(FeedFormat::Rss),
        default_kind: UpdateKind::Neighbourhood,
        poll_interval_s: 900,
        area_codes: &areas,
        created_by: None,
    };
    let mut conn = pool.acquire().await.expect("connection");
    let id = add(&mut conn, &new, 0).await.expect("feed source");
    drop(conn);
    let limits = Limits { max_bytes: 64 * 1024 * 1024, ..Limits::default() };
    let poller = Poller::new(pool, Default::default(), limits);
    let start = Instant::now();
    let outcome = poller.poll_now(id).await.expect("poll");
    let seconds = start.elapsed().as_secs_f64();
    match outcome {
        Some(Outcome::Stored(r)) if r.new == ITEMS => {}
        other => panic!("expected {ITEMS} new items, got {other:?}"),
    }
    ITEMS as f64 / seconds
}

fn summary(label: &str, mut rates: Vec<f64>) {
    rates.sort_by(f64::total_cmp);
    println!(
        "{label:<28} median {:>9.0} items/s   best {:>9.0} items/s   ({RUNS} runs of {ITEMS} items)",
        rates[RUNS / 2],
        rates[RUNS - 1]
    );
}

fn main() {
    let xml = feed();
    println!("feed: {ITEMS} items, {:.1} MB of RSS", xml.len() as f64 / 1e6);
    let parse_rates = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let (_, parsed) = parse(xml.as_bytes(), Some(FeedFormat::Rss), None).expect("parse");
            assert_eq!(parsed.items.len(), ITEMS);
            ITEMS as f64 / start.elapsed().as_secs_f64()
        })
        .collect();
    summary("parse (feed-rs + html2text)", parse_rates);
    let (_, parsed) = parse(xml.as_bytes(), Some(FeedFormat::Rss), None).expect("parse");
    let guard_rates = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            for item in &parsed.items {
                std::hint::black_box(app::privacy::review(&item.title));
                std::hint::black_box(app::privacy::review(&item.body));
            }
            ITEMS as f64 / start.elapsed().as_secs_f64()
        })
        .collect();
    summary("privacy guard (title + body)", guard_rates);

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("feed.rss");
    std::fs::write(&path, &xml).expect("feed file");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let rates = (0..RUNS).map(|_| runtime.block_on(store_run(&path))).collect();
    summary("parse-and-store (SQLite)", rates);
}
