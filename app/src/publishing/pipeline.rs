//! The one way an update reaches residents. Every path that publishes (a team's or
//! council's compose form, a moderator approving a reporter's note, a call log entry, a
//! Q&A answer, a feed poll) and every withdrawal goes through [`Publishing`]:
//!
//! 1. **begin**: a transaction holding the publishing lock ([`crate::db::publish_lock`]),
//!    so ids and live events become visible in the order they are taken, and a rate check
//!    and the insert it allows cannot be split by another publisher;
//! 2. **rules**: the hourly limit ([`Publishing::within_hourly_limit`]), and before that the
//!    privacy guard with its audited override ([`privacy_check`]);
//! 3. **write**: the update and its areas ([`Publishing::insert`]), or a withdrawal, plus
//!    the path's own rows through [`Publishing::tx`] (the note decided, the question answered);
//! 4. **audit** the act with its reason;
//! 5. **commit**, then wake push and the live tail ([`Publishing::commit`]).
//!
//! Whether an update is *visible* (its time has come; not withdrawn, not expired) is decided
//! in one place, `updates::store`; push and live follow its event log.

use crate::audit::store::{append, Record};
use crate::error::AppError;
use crate::state::AppState;
use crate::text::Field;
use crate::updates::store::{self as updates, FeedOrigin, FeedUpdate, NewUpdate};
use sqlx::AnyPool;

/// The published text of a note or update: long enough to say something.
/// A publishing form's key (see [`Publishing::already_published`]): 16 to 64 letters,
/// digits and dashes; none from a caller that sends none.
pub fn form_key(raw: Option<&str>) -> Result<Option<String>, AppError> {
    match raw.map(str::trim).filter(|k| !k.is_empty()) {
        None => Ok(None),
        Some(k) if crate::text::key_shaped(k, 16) => Ok(Some(k.to_string())),
        Some(_) => Err(AppError::BadRequest("The form's key is malformed; reload the page and try again.".into())),
    }
}

/// A fresh key for a publishing form.
pub fn new_form_key() -> Result<String, AppError> {
    Ok(crate::accounts::token::new_token()?.0[..32].to_string())
}

pub(crate) const BODY: Field = Field { name: "body", label: "Text", min: 10, max: 6000, multiline: true };
pub(crate) const OVERRIDE: Field =
    Field { name: "override_reason", label: "Reason to publish as written", min: 0, max: 300, multiline: false };

/// Refuses text the privacy guard flags, unless a reason to publish it as written is given
/// (that reason goes in the audit log). Returns the reason, if one was needed.
pub(crate) fn privacy_check(
    title: &str,
    body: &str,
    override_reason: Option<&str>,
) -> Result<Option<String>, AppError> {
    let flags: Vec<_> = crate::privacy::scan(title).into_iter().chain(crate::privacy::scan(body)).collect();
    if flags.is_empty() {
        return Ok(None);
    }
    let reason = OVERRIDE.clean(override_reason.unwrap_or_default())?;
    if reason.chars().count() >= 5 {
        return Ok(Some(reason));
    }
    let mut labels: Vec<&str> = flags.iter().map(|f| f.kind.label()).collect();
    labels.dedup();
    Err(AppError::invalid(
        "body",
        format!(
            "This text may identify someone or somewhere: {}. Remove it (the suggested text does), or give a reason to publish it as written.",
            labels.join(", ").to_lowercase()
        ),
    ))
}

/// One act of publishing or withdrawing, from the lock to the wake-ups.
pub struct Publishing {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    now_ms: i64,
}

impl Publishing {
    /// Opens the transaction and takes the publishing lock.
    pub async fn begin(pool: &AnyPool, now_ms: i64) -> Result<Self, AppError> {
        let mut tx = crate::db::begin_write(pool).await?;
        crate::db::publish_lock(&mut tx).await?;
        Ok(Publishing { tx, now_ms })
    }

    pub fn now_ms(&self) -> i64 {
        self.now_ms
    }

    /// Refuses with 429 once `author_id` has published `limit` updates (call log entries
    /// included) in the last hour. Under the lock, so parallel requests cannot all pass.
    pub async fn within_hourly_limit(&mut self, author_id: i64, limit: i64, refusal: String) -> Result<(), AppError> {
        if updates::published_last_hour(&mut self.tx, author_id, self.now_ms).await? >= limit {
            return Err(AppError::TooMany(refusal));
        }
        Ok(())
    }

    /// The update `author_id` already published from the form with `key` (the same form
    /// sent again after its answer was lost): the caller answers with it and stores nothing.
    pub async fn already_published(&mut self, author_id: i64, key: Option<&str>) -> Result<Option<i64>, AppError> {
        match key {
            Some(key) => Ok(updates::by_client_key(&mut self.tx, author_id, key).await?),
            None => Ok(None),
        }
    }

    /// Stores an update: live at once, or when its time comes; queued for push.
    pub async fn insert(&mut self, update: &NewUpdate<'_>) -> Result<i64, AppError> {
        let id = updates::insert(&mut self.tx, update, self.now_ms).await?;
        if !update.is_demo {
            crate::push::store::enqueue(&mut self.tx, &[(id, update.published_at_ms)]).await?;
        }
        Ok(id)
    }

    /// Stores a feed poll's new items.
    pub async fn insert_feed_items(&mut self, origin: FeedOrigin, items: &[FeedUpdate<'_>]) -> Result<(), AppError> {
        let stored = updates::insert_feed_items(&mut self.tx, origin, items, self.now_ms).await?;
        if !origin.is_demo {
            // Each due when residents can see it (a feed item may be dated ahead).
            crate::push::store::enqueue(&mut self.tx, &stored).await?;
        }
        Ok(())
    }

    /// Withdraws update `id`; `false` if it already was.
    pub async fn withdraw(&mut self, id: i64) -> Result<bool, AppError> {
        Ok(updates::withdraw(&mut self.tx, id, self.now_ms).await?)
    }

    /// Undoes a withdrawal made since `since_ms`; `false` if there is none.
    pub async fn restore(&mut self, id: i64, since_ms: i64) -> Result<bool, AppError> {
        Ok(updates::restore(&mut self.tx, id, since_ms, self.now_ms).await?)
    }

    /// The transaction, for the path's own rows.
    pub fn tx(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.tx
    }

    /// Records the act in the audit log.
    pub async fn audit(&mut self, record: Record<'_>) -> Result<(), AppError> {
        append(&mut self.tx, record, self.now_ms).await
    }

    /// Commits, then wakes push and the live tail. `state` is `None` where no server is
    /// running (the command line, a feed poll): the tail's own poll picks it up within a second.
    pub async fn commit(self, state: Option<&AppState>) -> Result<(), AppError> {
        self.tx.commit().await?;
        if let Some(state) = state {
            state.after_publish();
        }
        Ok(())
    }
}
