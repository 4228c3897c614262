//! The choices the add-a-feed form offers (the server checks them again).

/// (value, label) for the format select; "" detects.
pub const FORMAT_CHOICES: &[(&str, &str)] =
    &[("", "Detect"), ("rss", "RSS 2.0"), ("atom", "Atom"), ("json_feed", "JSON Feed"), ("cap", "CAP 1.2 alert")];

/// (value, label) for the default kind select; the same list as `config::FEED_KINDS`.
pub const FEED_KIND_CHOICES: &[(&str, &str)] = &[
    ("neighbourhood", "Neighbourhood update"),
    ("appeal", "Appeal"),
    ("prevention_tip", "Prevention tip"),
    ("council_notice", "Council notice"),
    ("event", "Event"),
    ("call_log", "Call log"),
    ("tally", "Arrests and calls"),
];
