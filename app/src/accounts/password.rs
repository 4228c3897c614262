//! Password hashing with argon2id (RFC 9106) through the RustCrypto `argon2` crate.
//!
//! Hashing takes tens of milliseconds of CPU and 19 MiB on purpose, so it runs on tokio's
//! blocking pool, never stalling the threads serving other requests, and behind one gate:
//! at most one hash per core at a time, a short queue, and a quick 503 for the rest. A flood
//! of sign-in attempts then costs a fixed amount of memory and leaves area pages fast.

use crate::error::AppError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// argon2id with the crate's defaults (19 MiB, 2 passes, 1 lane): OWASP's recommended minimum.
fn argon2() -> Argon2<'static> {
    Argon2::default()
}

/// Admits hashing work: `running` at once (one per core), `waiting` more in the queue.
struct Gate {
    running: std::sync::Arc<tokio::sync::Semaphore>,
    waiting: std::sync::atomic::AtomicUsize,
    max_waiting: usize,
}

static GATE: std::sync::LazyLock<Gate> =
    std::sync::LazyLock::new(|| Gate::new(std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 8)));

/// How long an attempt may wait its turn before it is turned away.
const QUEUE_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

impl Gate {
    fn new(cores: usize) -> Self {
        Gate {
            running: std::sync::Arc::new(tokio::sync::Semaphore::new(cores)),
            waiting: Default::default(),
            max_waiting: 4 * cores,
        }
    }

    /// Runs `work` (one hash or verification) when the gate lets it; a full queue, or a wait
    /// longer than [`QUEUE_WAIT`], is a 503 at once.
    async fn run<T: Send + 'static>(
        &self,
        what: &'static str,
        work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        use std::sync::atomic::Ordering;
        let busy = || AppError::Busy("Signing in is busy right now. Please try again in a few seconds.".into());
        // A place in the queue, given back however the wait ends: a permit, the time running
        // out, or the caller going away (its connection closed) while it waits.
        struct Place<'a>(&'a std::sync::atomic::AtomicUsize);
        impl Drop for Place<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(1, Ordering::SeqCst);
            }
        }
        let place = Place(&self.waiting);
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
            return Err(busy());
        }
        let permit = tokio::time::timeout(QUEUE_WAIT, self.running.clone().acquire_owned()).await;
        drop(place);
        let Ok(Ok(permit)) = permit else { return Err(busy()) };
        // The permit goes with the work: a caller that gives up does not free its place early.
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .map_err(|e| AppError::internal(what, e))?
    }
}

/// A PHC string (`$argon2id$v=19$...`) for `password`, with a fresh random salt.
pub async fn hash(password: String) -> Result<String, AppError> {
    GATE.run("password hash task", move || {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|e| AppError::internal("salt", e))?;
        let salt = SaltString::encode_b64(&salt).map_err(|e| AppError::internal("salt", e))?;
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::internal("password hash", e))
    })
    .await
}

/// Whether `password` matches `stored`. With no stored hash (unknown user, or an
/// invitation not yet accepted) a dummy hash is checked, so the answer takes as long
/// either way and does not reveal which usernames exist.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    GATE.run("password verify task", move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY.to_string());
        let parsed = PasswordHash::new(&stored).map_err(|e| AppError::internal("stored password hash", e))?;
        Ok(argon2().verify_password(password.as_bytes(), &parsed).is_ok() && known)
    })
    .await
}

/// The argon2id hash of a random string nobody knows, with the same parameters.
const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0VfRCaPBH5GoHf5ycZOv/WR+cjkASYsdHiOsKvTaxbo";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_differ() {
        let a = hash("correct horse battery".into()).await.unwrap();
        let b = hash("correct horse battery".into()).await.unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify("correct horse battery".into(), Some(a.clone())).await.unwrap());
        assert!(!verify("correct horse batterY".into(), Some(a)).await.unwrap());
        assert!(!verify("anything".into(), None).await.unwrap());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_flood_waits_in_a_short_queue_and_the_rest_are_turned_away_at_once() {
        let gate = Gate::new(2);
        let stored = PasswordHash::new(DUMMY).unwrap().to_string();
        let started = std::time::Instant::now();
        let checks = (0..60).map(|_| {
            let stored = stored.clone();
            gate.run("test", move || {
                let parsed = PasswordHash::new(&stored).unwrap();
                Ok(argon2().verify_password(b"a guess", &parsed).is_ok())
            })
        });
        let answers = futures::future::join_all(checks).await;
        let busy = answers.iter().filter(|a| matches!(a, Err(AppError::Busy(_)))).count();
        let checked = answers.iter().filter(|a| matches!(a, Ok(false))).count();
        // Two at once and eight in the queue; the other fifty never hash at all.
        assert_eq!((checked, busy), (10, 50), "{answers:?}");
        assert_eq!(gate.waiting.load(std::sync::atomic::Ordering::SeqCst), 0);
        assert_eq!(gate.running.available_permits(), 2);
        eprintln!("60 at once: {checked} checked, {busy} turned away, in {:?}", started.elapsed());
    }

    /// Found by `make saturation`: a client that hangs up while its attempt waits in the queue
    /// left its place taken for ever; eight such and every sign-in was refused until a restart.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn attempts_abandoned_in_the_queue_give_their_place_back() {
        let gate = std::sync::Arc::new(Gate::new(1));
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let hold = std::sync::Mutex::new(hold);
        // One attempt holds the only permit until told to finish.
        let holder = {
            let gate = gate.clone();
            tokio::spawn(async move {
                gate.run("test", move || {
                    let _ = hold.lock().unwrap().recv();
                    Ok(())
                })
                .await
            })
        };
        while gate.running.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        // A full queue of callers that give up (their connections close) while waiting.
        let abandoned: Vec<_> = (0..gate.max_waiting)
            .map(|_| {
                let gate = gate.clone();
                tokio::spawn(async move { gate.run("test", || Ok(())).await })
            })
            .collect();
        while gate.waiting.load(std::sync::atomic::Ordering::SeqCst) < gate.max_waiting {
            tokio::task::yield_now().await;
        }
        for caller in &abandoned {
            caller.abort();
        }
        for caller in abandoned {
            let _ = caller.await;
        }
        release.send(()).unwrap();
        holder.await.unwrap().unwrap();
        assert_eq!(gate.waiting.load(std::sync::atomic::Ordering::SeqCst), 0, "places given back");
        assert!(gate.run("test", || Ok(())).await.is_ok(), "the next attempt is let in");
    }

    #[test]
    fn dummy_is_a_valid_hash() {
        assert!(PasswordHash::new(DUMMY).is_ok());
    }
}
