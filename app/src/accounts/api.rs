//! Server functions for signing in and out, invitations and the admin page's accounts.

use super::role::Role;
use super::user::User;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use {
    super::admin::{self, AccountForm},
    super::session::{self, require_admin},
    super::{known_device, password, store, throttle, token, validate},
    crate::audit::store::{append, Record},
    crate::error::with_status,
    crate::state::app_state,
};

/// The signed-in account, or `None` for a resident.
#[server(endpoint = "me")]
pub async fn current_account() -> Result<Option<User>, AppError> {
    with_status(session::current_user()).await
}

/// Where to go after signing in: a path on this site only, never another site.
pub fn safe_next(next: Option<&str>) -> String {
    next.filter(|p| p.len() <= 200).and_then(crate::redirect::local_path).unwrap_or_else(|| "/account".to_string())
}

/// Signs in and goes to `next` (a path on this site) or the account page.
///
/// Each attempt is counted against the client's network and the account (or, from a device
/// the account has signed in on, that device) before the password is checked
/// ([`throttle`]); the check itself waits its turn at the hashing gate ([`password`]).
#[server(endpoint = "sign_in")]
pub async fn sign_in(username: Option<String>, password: Option<String>, next: Option<String>) -> Result<(), AppError> {
    with_status(async move {
        session::refuse_cross_site()?;
        let username = validate::username(username.as_deref().unwrap_or_default())?;
        let password = password.unwrap_or_default();
        if password.is_empty() || password.chars().count() > validate::PASSWORD_MAX {
            return Err(AppError::invalid("password", "Type your password."));
        }
        let state = app_state()?;
        let pool = state.pool.clone();
        let parts = use_context::<http::request::Parts>().ok_or_else(|| AppError::internal("sign in", "no request"))?;
        let now = chrono::Utc::now().timestamp_millis();
        let network = throttle::network_key(&crate::client_address::hashed_network(&pool, "sign-in", now).await?);
        let device = known_device::of(&pool, &parts, &username, now).await?;
        let (account, locked) = match &device {
            Some(hash) => (throttle::device_key(hash), " on this device"),
            None => (throttle::account_key(&username), " from devices not used with this account before"),
        };
        throttle::attempt(&pool, &network, throttle::NETWORK_FREE_FAILURES, now, " from your network").await?;
        // Not a password check after all: the network's count is taken back.
        let forgive_network = || throttle::forgive(&pool, &network, throttle::NETWORK_FREE_FAILURES, now);
        if let Err(refused) = throttle::attempt(&pool, &account, throttle::FREE_FAILURES, now, locked).await {
            forgive_network().await?;
            return Err(refused);
        }
        let (id, hash) =
            store::credentials(&pool, &username).await?.map_or((None, None), |(id, hash)| (Some(id), hash));
        let ok = match password::verify(password, hash).await {
            Ok(ok) => ok,
            Err(busy) => {
                throttle::forgive(&pool, &account, throttle::FREE_FAILURES, now).await?;
                forgive_network().await?;
                return Err(busy);
            }
        };
        let mut conn = pool.acquire().await?;
        let Some(id) = id.filter(|_| ok) else {
            // Only a real account's failures are recorded: a username that is not one may be
            // a password typed in the wrong box.
            if let Some(id) = id {
                let record = Record {
                    actor_id: None,
                    action: "account.sign_in_failed",
                    subject: "user",
                    subject_id: Some(id),
                    before: None,
                    after: None,
                    reason: None,
                };
                append(&mut conn, record, now).await?;
            }
            return Err(AppError::invalid(
                "password",
                "That username and password do not match. Check both and try again.",
            ));
        };
        throttle::succeeded(&pool, &account).await?;
        forgive_network().await?;
        if let Some(old) = &device {
            known_device::forget(&pool, old).await?;
        }
        let cookie =
            known_device::remember(&pool, &username, session::secure(&parts, state.secure_cookies), now).await?;
        if let (Some(response), Ok(value)) =
            (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(&cookie))
        {
            response.append_header(http::header::SET_COOKIE, value);
        }
        session::start(id).await?;
        let record = Record {
            actor_id: Some(id),
            action: "account.sign_in",
            subject: "user",
            subject_id: Some(id),
            before: None,
            after: Some(serde_json::json!({ "known_device": device.is_some() })),
            reason: None,
        };
        append(&mut conn, record, now).await?;
        leptos_axum::redirect(&safe_next(next.as_deref()));
        Ok(())
    })
    .await
}

/// Signs out (ends the session everywhere it is used) and goes home.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    with_status(async move {
        if let Some(user) = session::current_user().await? {
            let pool = app_state()?.pool;
            let record = Record {
                actor_id: Some(user.id),
                action: "account.sign_out",
                subject: "user",
                subject_id: Some(user.id),
                before: None,
                after: None,
                reason: None,
            };
            append(&mut *pool.acquire().await?, record, chrono::Utc::now().timestamp_millis()).await?;
        }
        session::end().await?;
        leptos_axum::redirect("/");
        Ok(())
    })
    .await
}

/// What the invitation page shows before the password is set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub username: String,
    pub display_name: String,
}

#[cfg(feature = "ssr")]
fn invitation_hash(raw: Option<&str>) -> Result<String, AppError> {
    let raw = raw.unwrap_or_default().trim();
    if !token::well_formed(raw) {
        return Err(AppError::NotFound("This invitation link is not valid. Check you copied all of it.".into()));
    }
    Ok(token::hash(raw))
}

#[cfg(feature = "ssr")]
fn invitation_gone() -> AppError {
    AppError::NotFound("This invitation has been used or has expired. Ask for a new one.".into())
}

/// An open invitation.
#[server(endpoint = "invitation")]
pub async fn get_invitation(token: Option<String>) -> Result<Invitation, AppError> {
    with_status(async move {
        let hash = invitation_hash(token.as_deref())?;
        let pool = app_state()?.pool;
        let (_, username, display_name) = store::open_invitation(&pool, &hash, chrono::Utc::now().timestamp_millis())
            .await?
            .ok_or_else(invitation_gone)?;
        Ok(Invitation { username, display_name })
    })
    .await
}

/// Accepts an invitation: sets the display name and password, then signs in.
#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(
    token: Option<String>,
    display_name: Option<String>,
    password: Option<String>,
    password_again: Option<String>,
) -> Result<(), AppError> {
    with_status(async move {
        session::refuse_cross_site()?;
        let hash = invitation_hash(token.as_deref())?;
        let pool = app_state()?.pool;
        let now = chrono::Utc::now().timestamp_millis();
        let (id, username, _) = store::open_invitation(&pool, &hash, now).await?.ok_or_else(invitation_gone)?;
        let display_name = validate::DISPLAY_NAME.clean(display_name.as_deref().unwrap_or_default())?;
        // A reporter's name is published beside their notes: nothing in it may identify them
        // beyond a name (the moderator checks the name itself).
        if let Some(flag) = crate::privacy::review(&display_name).flags.first() {
            return Err(AppError::invalid(
                "display_name",
                format!(
                    "Your name is shown beside what you publish; it looks like it contains a {}. Use a first name or initials.",
                    flag.kind.label().to_lowercase()
                ),
            ));
        }
        let password = validate::new_password(password.as_deref().unwrap_or_default(), &username)?;
        if password_again.as_deref() != Some(password.as_str()) {
            return Err(AppError::invalid("password_again", "The two passwords are different."));
        }
        let pw_hash = password::hash(password).await?;
        if !store::accept_invitation(&pool, &hash, id, &pw_hash, &display_name, now).await? {
            return Err(invitation_gone());
        }
        session::start(id).await?;
        leptos_axum::redirect("/account");
        Ok(())
    })
    .await
}

/// What the admin page lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOverview {
    pub accounts: Vec<AccountSummary>,
    pub sources: Vec<(String, String)>,
}

/// An account in the admin list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub source_name: Option<String>,
    pub invited: bool,
}

#[cfg(feature = "ssr")]
const ACCOUNTS: &str = "manage accounts";

/// Accounts and the sources staff can act for (admins only).
#[server(endpoint = "admin_overview")]
pub async fn get_admin_overview() -> Result<AdminOverview, AppError> {
    with_status(async move {
        require_admin(ACCOUNTS).await?;
        let pool = app_state()?.pool;
        let accounts = store::list(&pool)
            .await?
            .into_iter()
            .map(|a| AccountSummary {
                username: a.username,
                display_name: a.display_name,
                role: a.role,
                source_name: a.source_name,
                invited: !a.has_password,
            })
            .collect();
        let sources = store::sources(&pool).await?.into_iter().map(|s| (s.slug, s.name)).collect();
        Ok(AdminOverview { accounts, sources })
    })
    .await
}

/// Creates an account and returns its invitation link's path (admins only). The person
/// opens the link to choose a password.
#[server(endpoint = "invite")]
pub async fn invite(
    username: Option<String>,
    display_name: Option<String>,
    role: Option<String>,
    source: Option<String>,
) -> Result<String, AppError> {
    with_status(async move {
        let admin = require_admin(ACCOUNTS).await?;
        let pool = app_state()?.pool;
        let form = AccountForm {
            username: username.as_deref().unwrap_or_default(),
            display_name: display_name.as_deref().unwrap_or_default(),
            role: role.as_deref().unwrap_or_default(),
            source: source.as_deref().unwrap_or_default(),
        };
        let (_, token) = admin::invite(&pool, Some(admin.id), &form).await?;
        Ok(format!("/invite/{token}"))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/reporter")), "/reporter");
        for bad in [None, Some(""), Some("https://evil.example"), Some("//evil.example"), Some("/\\evil.example")] {
            assert_eq!(safe_next(bad), "/account", "{bad:?}");
        }
    }
}
