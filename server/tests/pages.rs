//! Server-rendered pages: complete without JavaScript, with the emergency numbers.

mod common;

use axum::http::StatusCode;

/// The class attribute of every update card in the page.
fn cards(html: &str) -> Vec<String> {
    html.split("<article ")
        .skip(1)
        .filter_map(|tag| tag.split('>').next())
        .filter_map(|attrs| attrs.split("class=\"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .filter(|class| class.starts_with("card "))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_feed_page_is_complete_html() {
    common::run(async {
        let h = common::harness().await;
        let (status, html) = h.get("/area/E05000697").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<h1>City Centre</h1>"), "{html}");
        assert!(html.contains("Not for emergencies"));
        assert!(html.contains("href=\"tel:999\""));
        assert_eq!(cards(&html).len(), 20);
        assert!(html.contains("Older updates"));
        assert!(html.contains("Contains OS data © Crown copyright"));

        let (status, html) = h.get("/area/E05000697?kind=event").await;
        assert_eq!(status, StatusCode::OK);
        let kinds = cards(&html);
        assert!(!kinds.is_empty());
        assert!(kinds.iter().all(|k| k == "card kind-event"), "{kinds:?}");
    })
}

#[test]
fn unknown_things_are_404_and_bad_ones_400_with_the_banner() {
    common::run(async {
        let h = common::harness().await;
        let cases = [
            ("/area/E05999999", StatusCode::NOT_FOUND, "no area with code E05999999"),
            ("/area/E05000697?limit=9999", StatusCode::BAD_REQUEST, "Page size must be"),
            ("/updates/123456", StatusCode::NOT_FOUND, "no update number 123456"),
            ("/no/such/page", StatusCode::NOT_FOUND, "Page not found"),
        ];
        for (path, want, text) in cases {
            let (status, html) = h.get(path).await;
            assert_eq!(status, want, "{path}");
            assert!(html.contains(text), "{path}: {html}");
            assert!(html.contains("Not for emergencies"), "{path}");
        }
    })
}

#[test]
fn an_update_page_shows_the_update_in_the_areas_time_zone() {
    common::run(async {
        let h = common::harness().await;
        let (_, feed) = h.call("feed", &[("area", "W05000857"), ("limit", "1")]).await;
        let item = &feed["items"][0];
        let (status, html) = h.get(&format!("/updates/{}?area=W05000857", item["id"])).await;
        assert_eq!(status, StatusCode::OK);
        let title = item["title"].as_str().unwrap();
        let escaped = title.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
        assert!(html.contains(&escaped) || html.contains(title), "{title}");
        assert!(html.contains(item["published_local"].as_str().unwrap()));
        // Leptos puts a `<!>` hydration marker between static and dynamic text.
        assert!(html.replace("<!>", "").contains("Updates for Cathays"));
    })
}

#[test]
fn areas_can_be_searched_and_browsed_without_javascript() {
    common::run(async {
        let h = common::harness().await;
        let (status, html) = h.get("/areas?q=cathays").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("href=\"/area/W05000857\""), "{html}");
        let (_, html) = h.get("/areas?in=E08000001").await;
        assert!(html.contains("Wards in Bolton"));
        assert!(html.contains("Great Lever"));
        let (_, html) = h.get("/areas").await;
        assert!(html.contains("href=\"/areas?in=W06000015\""));
    })
}
