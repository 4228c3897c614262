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
        let (status, html) = h.get("/area/E05011376").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<h1>Piccadilly</h1>"), "{html}");
        assert!(html.contains("Not for emergencies"));
        assert!(html.contains("href=\"tel:999\""));
        assert_eq!(cards(&html).len(), 20);
        assert!(html.contains("Older updates"));
        assert!(html.contains("Contains OS data © Crown copyright"));

        let (status, html) = h.get("/area/E05011376?kind=event").await;
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
            ("/area/E05011376?limit=9999", StatusCode::BAD_REQUEST, "Page size must be"),
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
        let (_, feed) = h.call("feed", &[("area", "W05001274"), ("limit", "1")]).await;
        let item = &feed["items"][0];
        let (status, html) = h.get(&format!("/updates/{}?area=W05001274", item["id"])).await;
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
        assert!(html.contains("href=\"/area/W05001274\""), "{html}");
        let (_, html) = h.get("/areas?in=E08000001").await;
        assert!(html.contains("Wards in Bolton"));
        assert!(html.contains("Great Lever"));
        let (_, html) = h.get("/areas").await;
        assert!(html.contains("Countries"));
        assert!(html.contains("href=\"/areas?in=GB\"") && html.contains("href=\"/areas?in=NZ\""), "{html}");
        let (_, html) = h.get("/areas?in=GB").await;
        assert!(html.contains("Police forces in United Kingdom"));
        let nations = ["England", "Wales", "Scotland", "Northern Ireland"].map(|n| html.find(&format!("<h3>{n}</h3>")));
        assert!(nations.iter().all(Option::is_some) && nations.is_sorted(), "{nations:?}");
        assert_eq!(html.matches("href=\"/areas?in=").count(), 45, "every UK force");
        let (_, html) = h.get("/areas?in=W15000003").await;
        assert!(html.contains("Councils in South Wales Police") && html.contains("href=\"/areas?in=W06000015\""));
        let (_, html) = h.get("/areas?in=NZ").await;
        assert!(html.contains("Regions in New Zealand") && html.contains("href=\"/area/NZ-AUK\""), "{html}");
    })
}

/// Search at national scale: case and accents do not matter, exact and prefix matches come
/// first, a council before a ward of the same name, Welsh names shown and found.
#[test]
fn area_search_ranks_and_folds_across_the_whole_uk() {
    common::run(async {
        let h = common::harness().await;
        let codes = |body: serde_json::Value| -> Vec<String> {
            body.as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap().to_string()).collect()
        };
        let (status, body) = h.call("areas_search", &[("q", "ynys mon")]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(codes(body)[0], "W06000001", "Isle of Anglesey, Ynys Môn in Welsh");
        let (_, body) = h.call("areas_search", &[("q", "YNYS MÔN")]).await;
        assert_eq!(codes(body)[0], "W06000001");
        let (_, body) = h.call("areas_search", &[("q", "bristol")]).await;
        let first = &body[0];
        assert_eq!(
            (first["level"].as_str(), first["name"].as_str()),
            (Some("council"), Some("Bristol, City of")),
            "{body}"
        );
        let (_, body) = h.call("areas_search", &[("q", "glasgow")]).await;
        assert_eq!(codes(body)[0], "S12000049", "Glasgow City council first");
        let (_, body) = h.call("areas_search", &[("q", "sblot")]).await;
        assert_eq!(body[0]["name"], "Splott");
        assert_eq!(body[0]["name_alt"], "Y Sblot");
        let (_, body) = h.call("areas_search", &[("q", "hofudborgarsvaedi")]).await;
        assert_eq!(codes(body), ["ISL-709"]);
        let (_, body) = h.call("areas_search", &[("q", "auckland")]).await;
        assert_eq!(codes(body)[0], "NZ-AUK");
        let (_, body) = h.call("areas_search", &[("q", "ancoats & beswick")]).await;
        assert_eq!(codes(body), ["E05011350"]);
        let (status, body) = h.call("areas_search", &[("q", "%")]).await;
        assert_eq!((status, body), (StatusCode::OK, serde_json::json!([])), "punctuation alone matches nothing");
    })
}

/// What a load balancer asks before it sends a server requests: alive, and ready (database
/// reachable, migrations done); never cached; not ready says why.
#[test]
fn a_load_balancer_asks_whether_a_server_is_alive_and_ready() {
    common::run(async {
        let h = common::harness().await;
        for (path, want) in [("/healthz", "alive\n"), ("/readyz", "ready\n")] {
            let req = axum::http::Request::get(path).body(axum::body::Body::empty()).unwrap();
            let (status, headers, body) = h.request(req).await;
            assert_eq!((status, body.as_str()), (StatusCode::OK, want), "{path}");
            assert_eq!(headers["cache-control"], "no-store", "{path}");
        }
        // A database whose last migration has not run (an upgrade half done).
        sqlx::query("DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)")
            .execute(&h.pool)
            .await
            .unwrap();
        let (status, body) = h.get("/readyz").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(body.contains("migrations are not done"), "{body}");
        // A database that cannot be reached: still alive, not ready.
        h.pool.close().await;
        let (status, body) = h.get("/readyz").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(body.contains("cannot be reached"), "{body}");
        assert_eq!(h.get("/healthz").await.0, StatusCode::OK);
    })
}

/// A storm morning's pages come from caches: an area's page asked for without a session is
/// public for a minute with an ETag that does not change with the page's nonce, a cache asking
/// again gets a 304 (without a policy header that would replace the kept page's), a publish
/// changes the tag, and nothing a signed-in officer sees is ever kept.
#[test]
fn public_pages_are_kept_by_caches_and_signed_in_ones_never() {
    common::run(async {
        use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, ETAG};
        let h = common::harness().await;
        let get = |path: &str, headers: &[(&str, &str)]| {
            let mut req = axum::http::Request::get(path);
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            h.request(req.body(axum::body::Body::empty()).unwrap())
        };
        let page = "/area/E05011376";
        let (status, first, html) = get(page, &[]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(first[CACHE_CONTROL], "public, max-age=60, stale-while-revalidate=300");
        let etag = first[ETAG].to_str().unwrap().to_string();
        let (_, second, html_again) = get(page, &[]).await;
        assert_ne!(html, html_again, "each rendering has its own nonce");
        assert_eq!(second[ETAG], etag.as_str(), "the same page, the same tag");

        let (status, not_modified, body) = get(page, &[("if-none-match", &etag)]).await;
        assert_eq!((status, body.as_str()), (StatusCode::NOT_MODIFIED, ""));
        assert_eq!(not_modified[ETAG], etag.as_str());
        assert_eq!(not_modified[CACHE_CONTROL], "public, max-age=60, stale-while-revalidate=300");
        assert!(!not_modified.contains_key(CONTENT_SECURITY_POLICY), "{not_modified:?}");

        // An update page is public too; a live day (times in the viewer's zone) is not.
        let (_, update, _) = get("/updates/1", &[]).await;
        assert_eq!(update[CACHE_CONTROL], "public, max-age=60, stale-while-revalidate=300");
        let (_, live, _) = get("/live", &[]).await;
        assert_eq!(live[CACHE_CONTROL], "private, no-cache");
        assert!(!live.contains_key(ETAG));

        // An officer publishes: the page changes, and so does its tag.
        let officer = h.sign_in("officer.citycentre").await;
        let args = [
            ("area", "E05011376"),
            ("kind", "neighbourhood"),
            ("severity", "info"),
            ("title", "Road closed"),
            ("body", "Use the A6 instead."),
        ];
        assert_eq!(h.call_as(Some(&officer), "publish_update", &args).await.0, StatusCode::OK);
        let (status, changed, html) = get(page, &[("if-none-match", &etag)]).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Road closed"));
        assert_ne!(changed[ETAG], etag.as_str());

        // Signed in: never kept, never a 304, whatever the asker says it has.
        let (status, signed_in, _) = get(page, &[("cookie", &officer), ("if-none-match", &etag)]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(signed_in[CACHE_CONTROL], "private, no-store");
        assert!(!signed_in.contains_key(ETAG));
        // Signed out by expiry, but the header still shows the name its cookie remembers:
        // that page is as personal as a signed-in one.
        let (_, named, html) = get(page, &[("cookie", "beat_who=Jo%20Bloggs")]).await;
        assert!(html.contains("Jo Bloggs"));
        assert_eq!(named[CACHE_CONTROL], "private, no-store");
        assert!(!named.contains_key(ETAG));
    })
}

/// The nonce a page's policy header names, and the nonces its scripts carry.
fn nonces(headers: &axum::http::HeaderMap, html: &str) -> (String, Vec<String>) {
    let policy = headers[axum::http::header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    let named = policy.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).unwrap().to_string();
    let carried = html.split("nonce=\"").skip(1).filter_map(|r| r.split('"').next()).map(str::to_string).collect();
    (named, carried)
}

/// A public page is rendered once and served again from the server's memory to the next
/// resident who asks without a session, each time with a nonce of its own; until an update is
/// published (here, or on another server once this one's tail reads it) or its time runs out.
/// Signed-in pages never come from it, and never go into it.
#[test]
fn a_page_is_rendered_once_and_served_again_until_something_is_published() {
    common::run(async {
        use std::time::Duration;
        let h = common::harness().await.with_page_store(Duration::from_millis(1500));
        let page = "/area/E05011376";
        let get = |cookie: Option<&str>| {
            let mut req = axum::http::Request::get(page).header("host", "beat.test");
            if let Some(c) = cookie {
                req = req.header("cookie", c);
            }
            h.request(req.body(axum::body::Body::empty()).unwrap())
        };
        let (_, first, html) = get(None).await;
        let (named, carried) = nonces(&first, &html);
        assert!(!carried.is_empty() && carried.iter().all(|n| *n == named), "{named} {carried:?}");

        // Changed behind the app's back (nothing published): the kept page is served again,
        // with this answer's own nonce wherever the first had its own.
        let id: i64 = sqlx::query_scalar("SELECT MAX(id) FROM updates").fetch_one(&h.pool).await.unwrap();
        let quiet = "A title changed without publishing";
        let sql = format!("UPDATE updates SET title = '{quiet}' WHERE id = {id}");
        sqlx::query(&sql).execute(&h.pool).await.unwrap();
        let (_, again, kept) = get(None).await;
        assert!(!kept.contains(quiet), "the page was rendered again");
        let (named_again, carried_again) = nonces(&again, &kept);
        assert_ne!(named_again, named, "a kept page is served with a new nonce");
        assert!(carried_again.iter().all(|n| *n == named_again), "{named_again} {carried_again:?}");
        assert_eq!(kept.replace(&named_again, &named), html, "the same page, but for its nonce");
        assert_eq!(again[axum::http::header::ETAG], first[axum::http::header::ETAG]);

        // Its time runs out: rendered again.
        tokio::time::sleep(Duration::from_millis(1600)).await;
        assert!(get(None).await.2.contains(quiet), "a kept page outlived its time");

        // An officer publishes: the next resident sees it at once; the officer's own page is
        // theirs alone, and what the resident is served next is not the officer's.
        let officer = h.sign_in("officer.citycentre").await;
        let publish = |title: &'static str| {
            [
                ("area", "E05011376"),
                ("kind", "neighbourhood"),
                ("severity", "info"),
                ("title", title),
                ("body", "Use the A6 instead, please."),
            ]
        };
        assert_eq!(h.call_as(Some(&officer), "publish_update", &publish("Road closed")).await.0, StatusCode::OK);
        assert!(get(None).await.2.contains("Road closed"), "a published update waited for the kept page's time");
        let (_, _, theirs) = get(Some(&format!("{officer}; beat_who=PC%20Nolan"))).await;
        assert!(theirs.contains("Signed in as") && theirs.contains("PC Nolan"), "{theirs}");
        let (_, _, resident) = get(None).await;
        assert!(resident.contains("Road closed") && !resident.contains("PC Nolan"), "{resident}");

        // Published on another server (the same database, a tail of its own): served here once
        // this server's tail has read it.
        let other = h.another_server(app::live::hub::LiveHub::in_process());
        let colleague = other.sign_in("officer.citycentre").await;
        assert_eq!(
            other.call_as(Some(&colleague), "publish_update", &publish("Bridge reopened")).await.0,
            StatusCode::OK
        );
        h.state.live.advance(&h.pool).await.unwrap();
        assert!(
            get(None).await.2.contains("Bridge reopened"),
            "another server's update waited for the kept page's time"
        );
    })
}

/// The bundles are sent as the brotli or gzip file made at build time, whichever the browser
/// takes, and kept for a year (their names carry their content's hash), signed in or not.
#[test]
fn bundles_are_sent_precompressed_and_kept_for_a_year() {
    common::run(async {
        use axum::http::header::{CACHE_CONTROL, CONTENT_ENCODING};
        let h = common::harness().await;
        let site = tempfile::tempdir().unwrap();
        let pkg = site.path().join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        for (name, bytes) in
            [("beat.0a1b2c.js", "plain"), ("beat.0a1b2c.js.br", "brotli"), ("beat.0a1b2c.js.gz", "gzip")]
        {
            std::fs::write(pkg.join(name), bytes).unwrap();
        }
        let mut state = h.state.clone();
        state.leptos_options.site_root = site.path().display().to_string().into();
        state.leptos_options.hash_files = true;
        let server = h.with_state(state);
        let officer = h.sign_in("officer.citycentre").await;
        for (accept, cookie, want, encoding) in [
            ("gzip, deflate, br", None, "brotli", Some("br")),
            ("gzip", Some(officer.as_str()), "gzip", Some("gzip")),
            ("identity", None, "plain", None),
        ] {
            let mut req = axum::http::Request::get("/pkg/beat.0a1b2c.js").header("accept-encoding", accept);
            if let Some(c) = cookie {
                req = req.header("cookie", c);
            }
            let (status, headers, body) = server.request(req.body(axum::body::Body::empty()).unwrap()).await;
            assert_eq!((status, body.as_str()), (StatusCode::OK, want), "{accept}");
            assert_eq!(headers.get(CONTENT_ENCODING).map(|v| v.to_str().unwrap()), encoding, "{accept}");
            assert_eq!(headers[CACHE_CONTROL], "public, max-age=31536000, immutable", "{accept}");
            // A shared cache keeps one copy per encoding, and never hands brotli to a browser
            // that asked for gzip (nginx did, before).
            assert_eq!(headers[axum::http::header::VARY], "accept-encoding", "{accept}");
        }
        assert_eq!(server.get("/pkg/beat.missing.js").await.0, StatusCode::NOT_FOUND);
    })
}

/// A force-wide officer's compose form: no list of the force's wards, a search of them; the
/// area is sent by name (as typed, or as a suggestion names it) and resolved to the one area
/// of that name the force polices, or refused with a reason the form shows by the field.
#[test]
fn a_force_officer_finds_any_of_the_forces_wards_by_name() {
    common::run(async {
        let h = common::harness().await;
        let officer = h.sign_in("officer.gmp").await;
        let (status, desk) = h.call_as(Some(&officer), "publish_desk", &[]).await;
        assert_eq!(status, StatusCode::OK, "{desk}");
        let offered = desk["areas"].as_array().unwrap();
        assert_eq!(offered.len(), 11, "the force and its ten councils, not its 215 wards: {desk}");
        assert_eq!(offered[0][1], "Greater Manchester Police");

        let (status, found) = h.call_as(Some(&officer), "publish_area_choices", &[("q", "ancoats")]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(found, serde_json::json!(["Ancoats & Beswick (Manchester)"]));
        let (_, found) = h.call_as(Some(&officer), "publish_area_choices", &[("q", "cathays")]).await;
        assert_eq!(found, serde_json::json!([]), "Cardiff is not the force's");

        let publish = |area: &'static str| {
            let args = [
                ("area", area),
                ("kind", "neighbourhood"),
                ("severity", "info"),
                ("title", "Patrols tonight"),
                ("body", "Officers are on foot patrol in the area this evening."),
            ];
            let (h, officer) = (&h, officer.clone());
            async move { h.call_as(Some(&officer), "publish_update", &args).await }
        };
        for (area, want) in [
            ("Ancoats & Beswick (Manchester)", "E05011350"),
            ("ancoats and beswick", "E05011350"),
            ("E05014824", "E05014824"),
        ] {
            let (status, id) = publish(area).await;
            assert_eq!(status, StatusCode::OK, "{area}: {id}");
            let row = sqlx::query("SELECT area_code FROM update_areas WHERE update_id = $1")
                .bind(id.as_i64().unwrap())
                .fetch_one(&h.pool)
                .await
                .unwrap();
            assert_eq!(sqlx::Row::get::<String, _>(&row, 0), want, "{area}");
        }
        let (status, body) = publish("Manor").await;
        assert_eq!((status, body["Invalid"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("area")), "{body}");
        let reason = body["Invalid"]["message"].as_str().unwrap();
        assert!(reason.contains("2 areas are called “Manor”") && reason.contains("Manor ("), "{reason}");
        let (status, body) = publish("Cathays").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(body["Invalid"]["message"].as_str().unwrap().contains("has no area called “Cathays”"), "{body}");
        let (status, _) = publish("W05001274").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a Cardiff ward by its code");
    })
}

#[test]
fn a_resident_is_told_when_their_councils_wards_have_been_redrawn() {
    common::run(async {
        let h = common::harness().await;
        let cases = [
            // A ward of a council re-warded in full, the council itself, one re-warded in part,
            // one with a single ward redrawn, and wards that are current.
            (
                "/area/E05009030",
                Some("County Durham's wards were redrawn in May 2025. Beat still has the wards of May 2024"),
            ),
            ("/area/E06000047", Some("County Durham's wards were redrawn in May 2025.")),
            ("/area/E05013398", Some("24 of Wiltshire's 98 wards were redrawn in May 2025.")),
            ("/area/E05010857", Some("One of Sheffield's 28 wards was redrawn in May 2025.")),
            ("/area/E05011376", None), // Piccadilly, Manchester
            ("/area/W05001295", None), // Splott, Cardiff
            ("/area/E23000008", None), // Durham Constabulary: a force has many councils
        ];
        for (path, notice) in cases {
            let (status, html) = h.get(path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            match notice {
                Some(text) => {
                    assert!(html.contains("class=\"boundary-notice\""), "{path}: no notice");
                    assert!(html.contains(text), "{path}: {text:?} not in the page");
                    assert!(html.contains("Find your area by name"), "{path}");
                }
                None => assert!(!html.contains("boundary-notice"), "{path}: a notice where wards are current"),
            }
        }
    })
}

/// A database set up from the 2013 Greater Manchester files, upgraded by importing today's
/// hierarchy: the old wards must stop answering. Before, "Ancoats and Clayton" (E05000699,
/// the lower code) kept winning positions in today's Ancoats & Beswick, and search and the
/// council's list still offered it.
#[test]
fn an_upgrade_retires_the_wards_a_council_no_longer_has() {
    use app::areas::area::AreaCode;
    use app::areas::import::{parse_areas, PropertyNames};
    common::run(async {
        let h = common::harness().await;
        let manchester = AreaCode::parse("E08000003").unwrap();
        // A position in today's Ancoats & Beswick.
        let index = h.state.areas.current();
        let (lon, lat) = (0..25)
            .flat_map(|i| (0..25).map(move |j| (-2.24 + j as f64 * 0.002, 53.47 + i as f64 * 0.001)))
            .find(|&(lon, lat)| index.lookup(lon, lat).is_some_and(|a| a.code.as_str() == "E05011350"))
            .expect("a point in Ancoats & Beswick");
        // The old ward, as `beat import-wards` stored it from the 2013 file: around that point.
        let (w, s, e, n) = (lon - 0.003, lat - 0.002, lon + 0.003, lat + 0.002);
        let old = parse_areas(
            &format!(
                r#"{{"type":"FeatureCollection","features":[{{"type":"Feature",
                "properties":{{"code":"E05000699","name":"Ancoats and Clayton"}},
                "geometry":{{"type":"Polygon","coordinates":[[[{w},{s}],[{e},{s}],[{e},{n}],[{w},{n}],[{w},{s}]]]}}}}]}}"#
            ),
            &PropertyNames::default(),
        )
        .unwrap();
        app::areas::store::import_wards(&h.pool, &manchester, &old).await.unwrap();

        // The upgrade, then the reload every server does within 30 s.
        app::areas::hierarchy::import_hierarchy(&h.pool, server::setup::DEFAULT_HIERARCHY.as_ref()).await.unwrap();
        app::areas::store::reload(&h.pool, &h.state.areas).await.unwrap();

        let index = h.state.areas.current();
        assert_eq!(index.lookup(lon, lat).map(|a| a.code.as_str()), Some("E05011350"), "today's ward answers");
        let (_, body) = h.call("areas_search", &[("q", "ancoats")]).await;
        let names: Vec<&str> = body.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Ancoats & Beswick"], "search offers only today's ward");
        let (_, list) = h.get("/areas?in=E08000003").await;
        assert!(list.contains("Ancoats &amp; Beswick") && !list.contains("Ancoats and Clayton"), "{list}");

        // Its page stays (updates and alerts may name it) and sends the resident on.
        let (status, page) = h.get("/area/E05000699").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("Ancoats and Clayton is no longer a ward: Manchester&#x27;s wards have been redrawn")
                || page.contains("Ancoats and Clayton is no longer a ward: Manchester's wards have been redrawn"),
            "{page}"
        );
        assert!(page.contains("href=\"/area/E05011350\""), "the ward now covering it is linked");
        assert!(!page.contains("data-testid=\"alerts-card\""), "no alerts offered for a ward that is gone");
        // Nor can an officer publish to it.
        let officer = h.sign_in("officer.gmp").await;
        let args = [("area", "E05000699"), ("kind", "neighbourhood"), ("title", "Test"), ("body", "Test.")];
        let (status, body) = h.call_as(Some(&officer), "publish_update", &args).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(body.to_string().contains("no longer a ward"), "{body}");
        // Today's wards are untouched by the upgrade.
        let (_, today) = h.get("/area/E05011350").await;
        assert!(!today.contains("no longer a ward"));
    })
}
