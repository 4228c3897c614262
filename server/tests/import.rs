//! Importing areas: a refused file changes nothing already stored.

mod common;

use app::areas::area::AreaCode;
use app::areas::hierarchy::import_hierarchy;
use app::areas::import::{parse_areas, PropertyNames};
use app::areas::store::import_wards;
use sqlx::Row;

async fn snapshot(pool: &sqlx::AnyPool) -> (i64, String) {
    let row = sqlx::query("SELECT COUNT(*) AS n, COALESCE(MAX(shape_geojson), '') AS s FROM areas")
        .fetch_one(pool)
        .await
        .unwrap();
    (row.try_get("n").unwrap(), row.try_get("s").unwrap())
}

#[test]
fn a_code_already_used_elsewhere_is_refused_and_nothing_changes() {
    common::run(async {
        let h = common::harness().await;
        let before = snapshot(&h.pool).await;
        // A "ward" reusing Bolton's council code, plus a good ward: all or nothing.
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"WD13CD":"E05999998","WD13NM":"New ward"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
            {"type":"Feature","properties":{"WD13CD":"E08000001","WD13NM":"Clash"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#;
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
        std::fs::write(dir.path().join("bad.json"), r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"WD13CD":"X1","WD13NM":"X"},"geometry":{"type":"Point","coordinates":[0,0]}}]}"#).unwrap();
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
        assert_eq!((report.countries, report.forces, report.councils, report.wards), (8, 2, 11, 244));
        assert_eq!(snapshot(&h.pool).await, before);
    })
}
