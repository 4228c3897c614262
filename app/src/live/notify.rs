//! Wake-ups between app servers on one PostgreSQL database: after a commit that published
//! updates a server sends `NOTIFY beat_live`, and every server (itself included) `LISTEN`s on
//! its own connection and wakes its tail at once. A notification only says "read now": the
//! tail still reads the event log in order from its watermark, so a lost or doubled
//! notification delays or repeats a read, never an event.
//!
//! PostgreSQL forgets notifications sent while a listener is disconnected, so after every
//! reconnect the tail is woken to catch up, and [`super::hub::Publisher::catch_up_every`]
//! still reads now and then in case a wake-up was lost some other way.

use super::hub::Publisher;
use crate::error::AppError;
use sqlx::postgres::PgListener;
use sqlx::AnyPool;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// The channel every Beat server on a database listens on.
pub const CHANNEL: &str = "beat_live";
/// How often a tail reads with no notification: a safety net, not the way updates arrive.
const CATCH_UP: Duration = Duration::from_secs(10);
/// How long to wait before listening again when the database cannot be reached.
const RETRY: Duration = Duration::from_secs(1);

/// A [`Publisher`] for several servers on one PostgreSQL database.
pub struct PgNotify {
    pool: AnyPool,
    bell: Arc<Notify>,
}

impl PgNotify {
    /// Listens on [`CHANNEL`] over a connection of its own to `url` (the database `pool`
    /// uses), and keeps listening, reconnecting, until the process ends.
    pub async fn start(url: &str, pool: AnyPool) -> Result<Self, AppError> {
        let mut listener = PgListener::connect(url).await?;
        listener.listen(CHANNEL).await?;
        let bell = Arc::new(Notify::new());
        let ring = bell.clone();
        tokio::spawn(async move {
            loop {
                match listener.try_recv().await {
                    Ok(Some(_)) => ring.notify_one(),
                    // The connection was lost and made again: what was sent meanwhile is gone.
                    Ok(None) => {
                        tracing::info!("live wake-ups: listening again after a lost connection");
                        ring.notify_one();
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "live wake-ups: cannot listen; retrying");
                        tokio::time::sleep(RETRY).await;
                        ring.notify_one();
                    }
                }
            }
        });
        Ok(PgNotify { pool, bell })
    }
}

impl Publisher for PgNotify {
    fn published(&self) {
        // This server reads at once; the others when the notification reaches them.
        self.bell.notify_one();
        let pool = self.pool.clone();
        tokio::spawn(async move {
            if let Err(e) = sqlx::query("SELECT pg_notify($1, '')").bind(CHANNEL).execute(&pool).await {
                tracing::warn!(error = %e, "live wake-ups: cannot notify the other servers");
            }
        });
    }

    fn changed(&self) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(self.bell.notified())
    }

    fn catch_up_every(&self) -> Duration {
        CATCH_UP
    }
}
