//! Point -> ward lookups per second over every shipped ward (244 wards, Greater Manchester
//! and Cardiff). Run with `make bench`; criterion prints the rate as "thrpt … elem/s".
//! Target: at least 1,000,000 lookups/s on one core.

use app::areas::area::{AreaLevel, AreaSummary};
use app::areas::import::{parse_areas, PropertyNames};
use app::areas::index::{AreaIndex, IndexedArea};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

fn load_index() -> AreaIndex {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../server/data/boundaries");
    let mut areas = Vec::new();
    for sub in ["greater-manchester", "cardiff"] {
        for entry in std::fs::read_dir(format!("{dir}/{sub}")).expect("boundaries folder") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("ward file");
            for a in parse_areas(&text, &PropertyNames::default()).expect("valid ward file") {
                let summary = AreaSummary {
                    code: a.code,
                    name: a.name,
                    name_alt: a.name_alt,
                    level: AreaLevel::Ward,
                    parent_name: None,
                };
                areas.push(IndexedArea { summary, shape: a.shape });
            }
        }
    }
    AreaIndex::new(areas)
}

/// Deterministic points: half spread over the Greater Manchester box, half over Cardiff's,
/// so most land in a ward and some fall outside every ward.
fn points(n: usize) -> Vec<(f64, f64)> {
    let mut seed: u64 = 0x5eed_1234_abcd_0001;
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let boxes = [((-2.73, 53.33), (-1.91, 53.69)), ((-3.35, 51.38), (-3.07, 51.56))];
    (0..n)
        .map(|i| {
            let ((x0, y0), (x1, y1)) = boxes[i % 2];
            (x0 + next() * (x1 - x0), y0 + next() * (y1 - y0))
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let index = load_index();
    let pts = points(10_000);
    let hits = pts.iter().filter(|(x, y)| index.lookup(*x, *y).is_some()).count();
    println!("{} wards indexed; {hits} of {} sample points fall inside a ward", index.len(), pts.len());
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
