use super::page_frame::PageFrame;
use leptos::prelude::*;
use leptos_meta::Title;

/// Any path we do not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found"/>
        <PageFrame>
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. " <a href="/areas">"Find your area"</a> "."</p>
        </PageFrame>
    }
}
