//! Importing areas: a refused file changes nothing already stored.

mod common;

use app::areas::area::AreaCode;
use app::areas::hierarchy::import_hierarchy;
use app::areas::import::{parse_areas, PropertyNames};
use app::areas::store::import_wards;
use sqlx::Row;

/// Rows, retired wards (a refused council file retires none) and the largest shape.
async fn snapshot(pool: &sqlx::AnyPool) -> (i64, i64, String) {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, COUNT(retired_at_ms) AS retired, COALESCE(MAX(shape_geojson), '') AS s FROM areas",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    (row.try_get("n").unwrap(), row.try_get("retired").unwrap(), row.try_get("s").unwrap())
}

#[test]
fn a_code_already_used_elsewhere_is_refused_and_nothing_changes() {
    common::run(async {
        let h = common::harness().await;
        let before = snapshot(&h.pool).await;
        // A "ward" reusing Bolton's council code, plus a good ward: all or nothing.
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"code":"E05999998","name":"New ward"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
            {"type":"Feature","properties":{"code":"E08000001","name":"Clash"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#;
        let areas = parse_areas(text, &PropertyNames::default()).unwrap();
        let err = import_wards(&h.pool, &AreaCode::parse("E08000003").unwrap(), &areas).await.unwrap_err().to_string();
        assert!(err.contains("code E08000001 is already a council"), "{err}");
        assert_eq!(snapshot(&h.pool).await, before);

        let err = import_wards(&h.pool, &AreaCode::parse("E0899").unwrap(), &areas).await.unwrap_err().to_string();
        assert!(err.contains("parent area E0899 does not exist"), "{err}");
        assert_eq!(snapshot(&h.pool).await, before);
    })
}

#[test]
fn a_hierarchy_with_one_bad_ward_file_changes_nothing() {
    common::run(async {
        let h = common::harness().await;
        let before = snapshot(&h.pool).await;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.json"), r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"X1","name":"X"},"geometry":{"type":"Point","coordinates":[0,0]}}]}"#).unwrap();
        std::fs::write(
            dir.path().join("areas.json"),
            r#"{"countries":[{"code":"ZZ","name":"Testland","time_zone":"Europe/London","emergency":"112","non_emergency":null,
                "forces":[{"code":"ZZF1","name":"Test Police","councils":[{"code":"ZZC1","name":"Test Council","wards":"bad.json"}]}]}]}"#,
        )
        .unwrap();
        let err = import_hierarchy(&h.pool, &dir.path().join("areas.json")).await.unwrap_err();
        assert!(err.contains("geometry is a Point"), "{err}");
        assert_eq!(snapshot(&h.pool).await, before);

        std::fs::write(dir.path().join("areas.json"), r#"{"countries":[{"code":"ZZ","name":"Testland","time_zone":"Mars/Olympus","emergency":"112","non_emergency":null}]}"#).unwrap();
        let err = import_hierarchy(&h.pool, &dir.path().join("areas.json")).await.unwrap_err();
        assert!(err.contains("unknown time zone"), "{err}");
        assert_eq!(snapshot(&h.pool).await, before);
    })
}

#[test]
fn reimporting_the_shipped_areas_is_harmless() {
    common::run(async {
        let h = common::harness().await;
        let before = snapshot(&h.pool).await;
        let report = import_hierarchy(&h.pool, server::setup::DEFAULT_HIERARCHY.as_ref()).await.unwrap();
        assert_eq!(
            (report.countries, report.forces, report.councils, report.wards, report.regions),
            (8, 45, 361, 8_396, 112)
        );
        assert_eq!(snapshot(&h.pool).await, before);
    })
}

/// The shipped hierarchy with every file path made absolute, so a changed copy can live in a
/// temporary folder.
fn shipped_hierarchy_absolute() -> serde_json::Value {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let text = std::fs::read_to_string(data.join("areas.json")).unwrap();
    let mut hierarchy: serde_json::Value = serde_json::from_str(&text).unwrap();
    let absolute = |v: &mut serde_json::Value| {
        if let Some(path) = v.as_str() {
            *v = data.join(path).display().to_string().into();
        }
    };
    for country in hierarchy["countries"].as_array_mut().unwrap() {
        let country = country.as_object_mut().unwrap();
        for key in ["outline", "regions"] {
            country.get_mut(key).map(absolute);
        }
        for force in country.get_mut("forces").and_then(|f| f.as_array_mut()).into_iter().flatten() {
            for council in force["councils"].as_array_mut().unwrap() {
                absolute(&mut council["wards"]);
            }
        }
    }
    hierarchy
}

#[test]
fn a_refusal_at_the_end_of_a_national_import_changes_nothing() {
    common::run(async {
        let h = common::harness().await;
        let before = snapshot(&h.pool).await;
        let renamed = "SELECT COUNT(*) FROM areas WHERE name LIKE '% (renamed)'";
        let count = |sql: &'static str| {
            let pool = h.pool.clone();
            async move { sqlx::query(sql).fetch_one(&pool).await.unwrap().get::<i64, _>(0) }
        };
        // Every force and council renamed (so a partial write would show), and the very last
        // council's ward file reusing a council's code: the database refuses it after
        // thousands of rows were written in the transaction.
        let mut hierarchy = shipped_hierarchy_absolute();
        let dir = tempfile::tempdir().unwrap();
        let gb = &mut hierarchy["countries"][0];
        for force in gb["forces"].as_array_mut().unwrap() {
            force["name"] = format!("{} (renamed)", force["name"].as_str().unwrap()).into();
            for council in force["councils"].as_array_mut().unwrap() {
                council["name"] = format!("{} (renamed)", council["name"].as_str().unwrap()).into();
            }
        }
        let clash = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"E08000001","name":"Clash"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#;
        std::fs::write(dir.path().join("clash.json"), clash).unwrap();
        let last_force = gb["forces"].as_array_mut().unwrap().last_mut().unwrap();
        let last = last_force["councils"].as_array_mut().unwrap().last_mut().unwrap();
        last["wards"] = dir.path().join("clash.json").display().to_string().into();
        std::fs::write(dir.path().join("areas.json"), hierarchy.to_string()).unwrap();

        let err = import_hierarchy(&h.pool, &dir.path().join("areas.json")).await.unwrap_err();
        assert!(err.contains("code E08000001 is already a council"), "{err}");
        assert_eq!(snapshot(&h.pool).await, before);
        assert_eq!(count(renamed).await, 0, "no renamed force or council was kept");
        assert_eq!(count("SELECT COUNT(*) FROM areas WHERE level = 'ward'").await, 8_396);
    })
}
