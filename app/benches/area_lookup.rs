//! Point -> ward lookups per second over every shipped place: the UK's 8,396 wards and the
//! 112 regions of the other seven countries. Run with `make bench`; criterion prints the rate
//! as "thrpt … elem/s". Target: at least 1,000,000 lookups/s on one core.

use app::areas::hierarchy::{index_of, read_hierarchy};
use app::areas::index::AreaIndex;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::time::Instant;

fn load_index() -> AreaIndex {
    let started = Instant::now();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../server/data/areas.json");
    let index = index_of(&read_hierarchy(path.as_ref()).expect("the shipped hierarchy reads"));
    println!("read and indexed the shipped boundaries in {:.2} s", started.elapsed().as_secs_f64());
    index
}

/// Deterministic points over boxes round eight UK cities and towns (where residents are)
/// and one over the whole of Great Britain and Ireland (so some fall in no ward, at sea).
fn points(n: usize) -> Vec<(f64, f64)> {
    let mut seed: u64 = 0x5eed_1234_abcd_0001;
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let boxes = [
        ((-0.35, 51.38), (0.15, 51.62)),  // London
        ((-2.73, 53.33), (-1.91, 53.69)), // Greater Manchester
        ((-1.95, 52.40), (-1.75, 52.55)), // Birmingham
        ((-1.65, 53.75), (-1.45, 53.85)), // Leeds
        ((-4.40, 55.80), (-4.10, 55.92)), // Glasgow
        ((-3.35, 51.38), (-3.07, 51.56)), // Cardiff
        ((-6.05, 54.55), (-5.85, 54.65)), // Belfast
        ((-2.70, 51.40), (-2.50, 51.50)), // Bristol
        ((-8.20, 49.90), (1.80, 60.90)),  // everywhere, sea included
    ];
    (0..n)
        .map(|i| {
            let ((x0, y0), (x1, y1)) = boxes[i % boxes.len()];
            (x0 + next() * (x1 - x0), y0 + next() * (y1 - y0))
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let index = load_index();
    let pts = points(10_000);
    let hits = pts.iter().filter(|(x, y)| index.lookup(*x, *y).is_some()).count();
    println!("{} places indexed; {hits} of {} sample points fall inside one", index.len(), pts.len());
    let mut group = c.benchmark_group("area_lookup");
    group.throughput(Throughput::Elements(pts.len() as u64));
    group.bench_function("point_to_ward_10k", |b| {
        b.iter(|| {
            let mut found = 0usize;
            for (x, y) in &pts {
                found += usize::from(index.lookup(black_box(*x), black_box(*y)).is_some());
            }
            found
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
