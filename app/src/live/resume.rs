//! Exactly-once live delivery over server-sent events, with resume after a reconnect. (The
//! frames themselves are axum's `Sse` events.)
//!
//! Every event's id is the number of an entry in the live event log (`update_events`: an
//! update became visible, or was withdrawn), so ids only grow. A client that reconnects sends
//! the last id it saw (`Last-Event-ID` header, or a `?after=` cursor on first load) and must
//! get every later event exactly once, in ascending order.
//!
//! # What the edge must do, in this order
//!
//! 1. **Subscribe** to the live channel (the in-process broadcast fed by the tail, `super::hub`),
//!    buffering what arrives.
//! 2. **Then read the backlog**: `SELECT id, ... WHERE id > $after ORDER BY id`.
//! 3. Send the backlog through a [`Deduper`] made with [`Deduper::after`], then drain the live buffer
//!    and keep forwarding live items through the **same** deduper.
//!
//! Subscribing first means an item published while the backlog is read is in the buffer, the
//! backlog, or both, and the deduper drops the second copy. Reading the backlog first would lose
//! anything published between the query and the subscription.
//!
//! # What the database must guarantee
//!
//! The deduper keeps only the highest id sent, so it relies on items becoming *visible* in id
//! order: if event 7 committed before event 6, a client could be sent 7 and then drop 6 as
//! "already seen". Every writer of the log therefore holds the publishing lock
//! (`db::publish_lock`, taken by the publishing pipeline and by `updates::store`) from its
//! first write to its commit: SQLite has one writer, and PostgreSQL takes an advisory lock.
//! An update stored for later gets its event when its time comes, not when it is stored, so a
//! delayed approval is never passed by the watermark before it is visible.
//! Reordering inside the already-visible range, such as the live buffer
//! repeating part of the backlog in a slightly different order, is handled here.

/// Reads where a reconnecting client left off: the `Last-Event-ID` header if present, else the
/// `after` query cursor. Empty or blank values count as absent. `Ok(None)` means "send only new items".
pub fn parse_last_event_id(header: Option<&str>, query_cursor: Option<&str>) -> Result<Option<u64>, String> {
    match (present(header), present(query_cursor)) {
        (Some(v), _) => parse_id("Last-Event-ID", v).map(Some),
        (None, Some(v)) => parse_id("after", v).map(Some),
        (None, None) => Ok(None),
    }
}

fn present(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

fn parse_id(name: &str, value: &str) -> Result<u64, String> {
    let shown: String = value.chars().take(24).collect();
    if value.starts_with('-') && value.len() > 1 && value[1..].bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{name} cannot be negative (got \"{shown}\"); it is the id of the last update received."));
    }
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{name} must be a whole number such as 42 (got \"{shown}\")."));
    }
    value.parse().map_err(|_| format!("{name} is too large to be an update id (got \"{shown}\")."))
}

/// Decides which ids a client still needs: each id at most once, in ascending order.
///
/// This is the "replay" state of one connection: make it with [`Deduper::after`] from the client's
/// cursor and pass every id, backlog first and then live, through [`Deduper::admit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Deduper {
    /// The highest id sent (or the client's cursor); 0 before anything, as row ids start at 1.
    pub last_sent: u64,
}

impl Deduper {
    /// A deduper for a client that has seen everything up to `after` (`None`: nothing yet).
    pub fn after(after: Option<u64>) -> Self {
        Deduper { last_sent: after.unwrap_or(0) }
    }

    /// Whether `id` should be sent now. Returns `true` only for ids above every id sent so far,
    /// and remembers it.
    pub fn admit(&mut self, id: u64) -> bool {
        if id > self.last_sent {
            self.last_sent = id;
            true
        } else {
            false
        }
    }
}

/// What one connection sends: `replayed` (the backlog, ascending) then `live` in arrival order,
/// both through one [`Deduper`] starting at `after`. The edge does the same incrementally.
pub fn merge(after: Option<u64>, replayed: Vec<u64>, live: impl IntoIterator<Item = u64>) -> Vec<u64> {
    let mut deduper = Deduper::after(after);
    replayed.into_iter().chain(live).filter(|&id| deduper.admit(id)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_wins_over_query() {
        assert_eq!(parse_last_event_id(Some("42"), Some("7")), Ok(Some(42)));
        assert_eq!(parse_last_event_id(None, Some("7")), Ok(Some(7)));
        assert_eq!(parse_last_event_id(Some("  "), Some("7")), Ok(Some(7)));
        assert_eq!(parse_last_event_id(Some(""), None), Ok(None));
        assert_eq!(parse_last_event_id(None, None), Ok(None));
        assert_eq!(parse_last_event_id(Some(" 0 "), None), Ok(Some(0)));
        assert_eq!(parse_last_event_id(Some("18446744073709551615"), None), Ok(Some(u64::MAX)));
        // A bad header is an error even when the query would do.
        assert!(parse_last_event_id(Some("x"), Some("7")).is_err());
    }

    #[test]
    fn bad_ids_are_refused_clearly() {
        assert_eq!(
            parse_last_event_id(Some("-5"), None),
            Err("Last-Event-ID cannot be negative (got \"-5\"); it is the id of the last update received.".into())
        );
        assert_eq!(
            parse_last_event_id(None, Some("abc")),
            Err("after must be a whole number such as 42 (got \"abc\").".into())
        );
        assert_eq!(
            parse_last_event_id(Some("18446744073709551616"), None),
            Err("Last-Event-ID is too large to be an update id (got \"18446744073709551616\").".into())
        );
        for bad in ["+5", "1.0", "1e3", "0x10", "12 13", "-", "٣"] {
            assert!(parse_last_event_id(Some(bad), None).is_err(), "{bad:?} should be refused");
        }
        let long = parse_last_event_id(Some(&"y".repeat(1000)), None).unwrap_err();
        assert!(long.len() < 100, "the echoed value is cut short: {long}");
    }

    #[test]
    fn reconnect_mid_stream_gets_only_later_ids() {
        let backlog_after_12 = vec![13, 15, 16];
        assert_eq!(merge(Some(12), backlog_after_12, [17, 18]), [13, 15, 16, 17, 18]);
        // Even if the backlog query were sloppy and returned the cursor itself or earlier rows.
        assert_eq!(merge(Some(12), vec![11, 12, 13], []), [13]);
        // A fresh client with no cursor gets everything.
        assert_eq!(merge(None, vec![1, 2], [3]), [1, 2, 3]);
    }

    #[test]
    fn overlap_between_backlog_and_live_is_sent_once() {
        // Items 20 and 21 were published while the backlog was read: they are in both.
        let sent = merge(Some(10), vec![11, 14, 20, 21], [20, 21, 22, 23]);
        assert_eq!(sent, [11, 14, 20, 21, 22, 23]);
        // Live repeats part of the backlog out of order.
        assert_eq!(merge(Some(10), vec![11, 12, 13], [13, 12, 14, 13, 15]), [11, 12, 13, 14, 15]);
        // The backlog is empty; all arrives live, with a duplicate.
        assert_eq!(merge(Some(10), vec![], [11, 11, 12]), [11, 12]);
    }

    #[test]
    fn output_is_strictly_ascending_and_complete() {
        let backlog: Vec<u64> = (101..=150).collect();
        let live = (140..=160).chain(145..=155).chain(161..=170);
        let sent = merge(Some(100), backlog, live);
        assert_eq!(sent, (101..=170).collect::<Vec<_>>());
    }

    #[test]
    fn an_id_visible_late_is_dropped_which_is_why_publishing_is_serialised() {
        // Row 6 committed after row 7: the high-water mark cannot send it (see module docs).
        assert_eq!(merge(Some(5), vec![7], [6, 8]), [7, 8]);
        let mut d = Deduper::after(Some(5));
        assert!(d.admit(7) && !d.admit(6) && !d.admit(7) && d.admit(8));
        assert_eq!(d.last_sent, 8);
    }
}
