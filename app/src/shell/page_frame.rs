use super::emergency_banner::{provide_numbers, BannerNumbers, EmergencyBanner};
use super::signed_in::SignedIn;
use crate::pwa::offline_notice::OfflineNotice;
use crate::pwa::update_banner::UpdateBanner;
use leptos::prelude::*;

/// Banner, header, the page's own content in `<main>`, and the footer. `numbers`: the
/// emergency numbers of the page's country, when it has one. `as_of`: when the page's
/// content was fetched, said when the page is read offline.
#[component]
pub fn PageFrame(
    #[prop(optional, into)] numbers: BannerNumbers,
    #[prop(optional)] as_of: Option<String>,
    children: Children,
) -> impl IntoView {
    let numbers = provide_numbers(numbers.0);
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <EmergencyBanner numbers/>
        <header class="topbar">
            <a class="brand" href="/?pick=1" aria-label="Beat home">
                <span class="brand-mark" aria-hidden="true">"●"</span>
                "Beat"
            </a>
            <nav aria-label="Main">
                <a href="/live">"Live"</a>
                <a href="/ask">"Ask"</a>
                <a href="/areas">"Change area"</a>
            </nav>
        </header>
        <SignedIn/>
        <UpdateBanner/>
        <main id="main" tabindex="-1">
            <OfflineNotice as_of/>
            {children()}
        </main>
        <footer class="footer">
            <p>
                "Beat shows police and council updates by area. Your exact location never leaves your phone: "
                "Beat is only told a rough 1 km square, and remembers your area on this device only."
            </p>
            <p>"Updates marked Demo are fictional sample data."</p>
            <p><a href="/install">"Install Beat on your phone"</a></p>
            <p><a href="/sign-in">"Community reporters and staff: sign in"</a></p>
            <p class="attribution">
                "UK wards, councils and police force areas: Source: Office for National Statistics licensed "
                "under the Open Government Licence v.3.0. Contains OS data © Crown copyright and database "
                "right 2023, 2024. Contains LPS Intellectual Property © Crown copyright and database right 2024. "
                "Other countries' regions: Made with Natural Earth."
            </p>
        </footer>
    }
}
