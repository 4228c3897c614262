//! The RFC 8030 push request: endpoint, headers and encrypted body, ready for any HTTP client,
//! and what the push service's answer means for the subscription.

use super::encrypt::encrypt;
use super::{PushError, VapidKeys};

/// A browser's push subscription (`PushSubscription.toJSON()`: `endpoint`, `keys.p256dh`,
/// `keys.auth`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// The push resource URL to POST to.
    pub endpoint: String,
    /// The user agent's P-256 public key, base64url.
    pub p256dh: String,
    /// The user agent's 16-byte auth secret, base64url.
    pub auth: String,
}

/// How soon the user agent should be woken for the message (RFC 8030 §5.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Urgency {
    /// Only when on power and Wi-Fi.
    VeryLow,
    /// On power or Wi-Fi.
    Low,
    /// When not on low battery.
    #[default]
    Normal,
    /// Even on low battery.
    High,
}

impl Urgency {
    /// The `Urgency` header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::VeryLow => "very-low",
            Urgency::Low => "low",
            Urgency::Normal => "normal",
            Urgency::High => "high",
        }
    }
}

/// One POST to a push service. Header names are lowercase, as HTTP/2 and the `http` crate
/// want them; `Content-Length` is left to the HTTP client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushRequest {
    /// Where to POST.
    pub endpoint: String,
    /// `ttl`, `urgency`, `topic` (if any), `content-encoding`, `content-type`, `authorization`.
    pub headers: Vec<(&'static str, String)>,
    /// The `aes128gcm` body.
    pub body: Vec<u8>,
}

impl PushRequest {
    /// Encrypts `payload` for `subscription` and signs a VAPID token for its endpoint.
    /// `ttl_seconds` is how long the push service may hold the message (0: deliver now or
    /// drop); a newer message with the same `topic` replaces an undelivered older one.
    #[expect(clippy::too_many_arguments, reason = "each argument is one field of the request")]
    pub fn new(
        subscription: &Subscription,
        payload: &[u8],
        vapid: &VapidKeys,
        subject: &str,
        ttl_seconds: u32,
        urgency: Urgency,
        topic: Option<&str>,
        now_unix: u64,
    ) -> Result<Self, PushError> {
        if let Some(topic) = topic {
            check_topic(topic)?;
        }
        let authorization = vapid.authorization(&subscription.endpoint, subject, now_unix)?;
        let body = encrypt(payload, &subscription.p256dh, &subscription.auth)?;
        let mut headers = vec![("ttl", ttl_seconds.to_string()), ("urgency", urgency.as_str().to_owned())];
        if let Some(topic) = topic {
            headers.push(("topic", topic.to_owned()));
        }
        headers.extend([
            ("content-encoding", "aes128gcm".to_owned()),
            ("content-type", "application/octet-stream".to_owned()),
            ("authorization", authorization),
        ]);
        Ok(Self { endpoint: subscription.endpoint.clone(), headers, body })
    }

    /// The value of header `name` (case-insensitive), if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// RFC 8030 §5.4: a topic is at most 32 characters of the base64url alphabet.
fn check_topic(topic: &str) -> Result<(), PushError> {
    let ok =
        (1..=32).contains(&topic.len()) && topic.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(PushError::InvalidTopic(topic.to_owned()))
    }
}

/// What a push service's answer means for the subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendOutcome {
    /// 2xx: the push service took the message.
    Delivered,
    /// 404 or 410: the subscription has expired or was removed; delete it.
    Gone,
    /// 408, 429 or 5xx: try again later (honour `Retry-After` if given); keep the subscription.
    RetryLater,
    /// Any other status (400, 401, 403, 413, an unfollowed redirect…): this request is wrong
    /// and resending it will not help; keep the subscription and log the reason.
    Rejected,
}

/// Classifies a push service's HTTP status code.
pub fn outcome(status: u16) -> SendOutcome {
    match status {
        200..=299 => SendOutcome::Delivered,
        404 | 410 => SendOutcome::Gone,
        408 | 429 | 500..=599 => SendOutcome::RetryLater,
        _ => SendOutcome::Rejected,
    }
}

#[cfg(test)]
mod tests {
    use super::super::UserAgentKeys;
    use super::*;

    const NOW: u64 = 1_767_225_600;

    fn subscription(ua: &UserAgentKeys) -> Subscription {
        Subscription {
            endpoint: "https://push.example.net/push/JzLQ3raZJfFBR0aqvOMsLrt54w4rJUsV".into(),
            p256dh: ua.p256dh_b64(),
            auth: ua.auth_b64(),
        }
    }

    fn request(sub: &Subscription, vapid: &VapidKeys, topic: Option<&str>) -> Result<PushRequest, PushError> {
        PushRequest::new(
            sub,
            b"{\"title\":\"Road closed\"}",
            vapid,
            "mailto:ops@example.org",
            3600,
            Urgency::High,
            topic,
            NOW,
        )
    }

    #[test]
    fn request_has_the_rfc8030_headers_and_a_decryptable_body() {
        let (ua, vapid) = (UserAgentKeys::generate(), VapidKeys::generate());
        let sub = subscription(&ua);
        let req = request(&sub, &vapid, Some("road-42")).expect("request");
        assert_eq!(req.endpoint, sub.endpoint);
        let names: Vec<&str> = req.headers.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["ttl", "urgency", "topic", "content-encoding", "content-type", "authorization"]);
        assert_eq!(req.header("TTL"), Some("3600"));
        assert_eq!(req.header("Urgency"), Some("high"));
        assert_eq!(req.header("Topic"), Some("road-42"));
        assert_eq!(req.header("Content-Encoding"), Some("aes128gcm"));
        assert_eq!(req.header("Content-Type"), Some("application/octet-stream"));
        let auth = req.header("Authorization").expect("authorization");
        assert!(auth.starts_with("vapid t=ey"), "{auth}");
        assert!(auth.ends_with(&format!(", k={}", vapid.public_key_b64())), "{auth}");
        assert_eq!(ua.decrypt(&req.body).expect("decrypt"), b"{\"title\":\"Road closed\"}");

        let plain = PushRequest::new(&sub, b"", &vapid, "mailto:ops@example.org", 0, Urgency::default(), None, NOW)
            .expect("request");
        assert_eq!(plain.header("topic"), None);
        assert_eq!(plain.header("ttl"), Some("0"));
        assert_eq!(plain.header("urgency"), Some("normal"));
    }

    #[test]
    fn urgency_values() {
        let all = [Urgency::VeryLow, Urgency::Low, Urgency::Normal, Urgency::High];
        assert_eq!(all.map(Urgency::as_str), ["very-low", "low", "normal", "high"]);
    }

    #[test]
    fn topics_follow_rfc8030() {
        let (ua, vapid) = (UserAgentKeys::generate(), VapidKeys::generate());
        let sub = subscription(&ua);
        let longest = "A".repeat(32);
        for good in ["a", "road-42_B", "0123456789", longest.as_str()] {
            assert!(request(&sub, &vapid, Some(good)).is_ok(), "{good}");
        }
        let too_long = "A".repeat(33);
        for bad in ["", "a b", "a+b", "a/b", "a=", "é", "road.42", too_long.as_str()] {
            assert_eq!(request(&sub, &vapid, Some(bad)), Err(PushError::InvalidTopic(bad.to_owned())), "{bad:?}");
        }
        assert_eq!(
            PushError::InvalidTopic("a b".into()).to_string(),
            "The push topic must be 1 to 32 characters from A-Z, a-z, 0-9, '-' and '_', but it is \"a b\"."
        );
    }

    #[test]
    fn endpoint_must_be_an_http_url() {
        let (ua, vapid) = (UserAgentKeys::generate(), VapidKeys::generate());
        let mut sub = subscription(&ua);
        sub.endpoint = "http://127.0.0.1:8089/push/1".into();
        assert!(request(&sub, &vapid, None).is_ok(), "plain http for a loopback push service");
        for bad in ["", "/push/1", "ftp://push.example.net/1", "https://", "not a url"] {
            sub.endpoint = bad.into();
            assert_eq!(request(&sub, &vapid, None), Err(PushError::InvalidEndpoint), "{bad:?}");
        }
        assert_eq!(
            PushError::InvalidEndpoint.to_string(),
            "The subscription's endpoint is not a valid https:// (or http://) URL."
        );
    }

    #[test]
    fn bad_keys_and_payload_are_reported() {
        let (ua, vapid) = (UserAgentKeys::generate(), VapidKeys::generate());
        let mut sub = subscription(&ua);
        sub.auth = "shor".into();
        assert_eq!(request(&sub, &vapid, None), Err(PushError::InvalidAuth(3)));
        let sub = subscription(&ua);
        let big = vec![b'x'; 4000];
        let err = PushRequest::new(&sub, &big, &vapid, "mailto:ops@example.org", 60, Urgency::Low, None, NOW);
        assert_eq!(err, Err(PushError::PayloadTooLarge { size: 4000, max: 3993 }));
    }

    #[test]
    fn status_codes_map_to_outcomes() {
        use SendOutcome::*;
        let table = [
            (200, Delivered),
            (201, Delivered),
            (202, Delivered),
            (204, Delivered),
            (404, Gone),
            (410, Gone),
            (408, RetryLater),
            (429, RetryLater),
            (500, RetryLater),
            (502, RetryLater),
            (503, RetryLater),
            (599, RetryLater),
            (400, Rejected),
            (401, Rejected),
            (403, Rejected),
            (413, Rejected),
            (301, Rejected),
            (100, Rejected),
            (0, Rejected),
            (600, Rejected),
        ];
        for (status, expected) in table {
            assert_eq!(outcome(status), expected, "{status}");
        }
    }
}
