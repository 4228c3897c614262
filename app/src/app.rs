//! The HTML shell and the routes.

use crate::accounts::account_page::AccountPage;
use crate::accounts::admin_page::AdminPage;
use crate::accounts::invitation_page::InvitationPage;
use crate::accounts::sign_in_page::SignInPage;
use crate::areas::areas_page::AreasPage;
use crate::audit::audit_page::AuditPage;
use crate::feeds::source_page::FeedSourcePage;
use crate::feeds::sources_page::FeedSourcesPage;
use crate::live::call_log_page::CallLogPage;
use crate::live::campaign_admin_page::CampaignAdminPage;
use crate::live::campaign_page::CampaignPage;
use crate::live::live_page::LivePage;
use crate::publishing::publish_page::PublishPage;
use crate::pwa::install_page::InstallPage;
use crate::pwa::offline_page::OfflinePage;
use crate::qa::desk_page::QaDeskPage;
use crate::qa::page::{QaIndexPage, QaSessionPage};
use crate::reports::moderation_page::ModerationPage;
use crate::reports::note_page::NotePage;
use crate::reports::reporter_page::ReporterPage;
use crate::shell::home_page::HomePage;
use crate::shell::not_found_page::NotFoundPage;
use crate::updates::feed_page::FeedPage;
use crate::updates::update_page::UpdatePage;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The service worker is for release builds: in `cargo leptos watch` it would keep
    // serving the previous bundle after each rebuild.
    let offline = (options.hash_files && options.env == leptos::config::Env::PROD).then_some("/sw.js");
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content="Police and council updates for your area. Not for emergencies."/>
                <meta name="theme-color" content="#0b3d5c"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" type="image/png" sizes="48x48" href="/icons/favicon-48.png"/>
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png"/>
                <meta name="apple-mobile-web-app-title" content="Beat"/>
                {offline.map(|src| view! { <meta name="beat-service-worker" content=src/> })}
                <HashedStylesheet options=options.clone() id="leptos"/>
                <AutoReload options=options.clone()/>
                // Pages work before (and without) the app starting: load it when the browser is idle,
                // so the WASM never competes with the page's first paint.
                <HydrationScripts options defer=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let pwa = crate::browser::pwa::provide();
    crate::reports::note_outbox::provide(pwa.online);
    Effect::new(|_| {
        crate::browser::scroll_memory::start();
        crate::browser::page_address::mark_hydrated();
    });
    view! {
        <Title formatter=|text: String| format!("{text} · Beat")/>
        <Router>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/") view=HomePage/>
                <Route path=path!("/install") view=InstallPage/>
                <Route path=path!("/offline") view=OfflinePage/>
                // Async: the whole page is rendered before it is sent, so it reads without JavaScript.
                <Route path=path!("/areas") view=AreasPage ssr=SsrMode::Async/>
                <Route path=path!("/area/:code") view=FeedPage ssr=SsrMode::Async/>
                <Route path=path!("/updates/:id") view=UpdatePage ssr=SsrMode::Async/>
                // Live days and Q&A sessions.
                <Route path=path!("/live") view=LivePage ssr=SsrMode::Async/>
                <Route path=path!("/live/:slug") view=CampaignPage ssr=SsrMode::Async/>
                <Route path=path!("/ask") view=QaIndexPage ssr=SsrMode::Async/>
                <Route path=path!("/ask/:id") view=QaSessionPage ssr=SsrMode::Async/>
                // Reporters and staff.
                <Route path=path!("/sign-in") view=SignInPage/>
                <Route path=path!("/invite/:token") view=InvitationPage ssr=SsrMode::Async/>
                <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                <Route path=path!("/reporter") view=ReporterPage ssr=SsrMode::Async/>
                <Route path=path!("/reporter/notes/:id") view=NotePage ssr=SsrMode::Async/>
                <Route path=path!("/moderation") view=ModerationPage ssr=SsrMode::Async/>
                <Route path=path!("/publish") view=PublishPage ssr=SsrMode::Async/>
                <Route path=path!("/publish/calls") view=CallLogPage ssr=SsrMode::Async/>
                <Route path=path!("/publish/ask") view=QaDeskPage ssr=SsrMode::Async/>
                <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/audit") view=AuditPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/live") view=CampaignAdminPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/feeds") view=FeedSourcesPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/feeds/:id") view=FeedSourcePage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}
