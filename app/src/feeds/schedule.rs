//! When to poll a feed next: its interval after a success, and longer after each failure in
//! a row, so a broken server is not hammered and a slow one is not made slower.

/// Polls never wait longer than this after failures (unless the server asks, up to a day).
pub const BACKOFF_MAX_S: i64 = 6 * 3600;
const RETRY_AFTER_MAX_S: i64 = 24 * 3600;

/// The time of the next poll. `failures` counts failures in a row, this one included (0 after
/// a success); `retry_after_s` is what a 429 or 503 response asked for.
pub fn next_poll_ms(now_ms: i64, interval_s: i64, failures: u32, retry_after_s: Option<i64>) -> i64 {
    let interval_s = interval_s.max(60);
    let backoff_s = if failures == 0 {
        interval_s
    } else {
        // interval × 2, 4, 8 …, capped; never sooner than the interval itself.
        let factor = 1_i64 << failures.min(20);
        interval_s.saturating_mul(factor).min(BACKOFF_MAX_S.max(interval_s))
    };
    let wait_s = match retry_after_s {
        Some(asked) => backoff_s.max(asked.clamp(0, RETRY_AFTER_MAX_S)),
        None => backoff_s,
    };
    now_ms + wait_s * 1000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backs_off_after_failures_and_honours_retry_after() {
        let min = 60;
        let after = |interval, failures, retry| (next_poll_ms(0, interval, failures, retry) / 1000) / min;
        // (interval s, failures, Retry-After s, minutes to wait)
        let cases = [
            (900, 0, None, 15),
            (900, 1, None, 30),
            (900, 2, None, 60),
            (900, 3, None, 120),
            (900, 5, None, 360),
            (900, 40, None, 360),
            (10, 0, None, 1),
            (86_400, 3, None, 1440),
            (900, 1, Some(7200), 120),
            (900, 1, Some(10), 30),
            (900, 0, Some(999_999), 1440),
        ];
        for (interval, failures, retry, want) in cases {
            assert_eq!(after(interval, failures, retry), want, "{interval} {failures} {retry:?}");
        }
    }
}
