//! An open `/events` response (server-sent events), read event by event as a browser would.

use super::Harness;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use std::time::Duration;
use tower::ServiceExt;

/// One server-sent event.
#[derive(Debug, PartialEq)]
pub struct Sse {
    pub id: Option<String>,
    pub event: String,
    pub data: String,
}

/// An open `/events` response, read event by event.
pub struct Stream {
    body: Body,
    buf: String,
    /// The id of the last event read: what a browser sends as `Last-Event-ID`.
    pub last_id: Option<String>,
}

impl Stream {
    pub async fn open(h: &Harness, query: &str, last_event_id: Option<&str>, cookie: Option<&str>) -> Stream {
        let mut req = Request::get(format!("/events?{query}"));
        if let Some(id) = last_event_id {
            req = req.header("last-event-id", id);
        }
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        let res = h.router.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{query}");
        assert_eq!(res.headers()["content-type"], "text/event-stream");
        Stream { body: res.into_body(), buf: String::new(), last_id: None }
    }

    /// The next event with data, or `None` if none comes within a second.
    pub async fn next(&mut self) -> Option<Sse> {
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let (mut id, mut event, mut data) = (None, "message".to_string(), Vec::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        id = Some(v.trim().to_string());
                    } else if let Some(v) = line.strip_prefix("event:") {
                        event = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
                    }
                }
                if id.is_some() {
                    self.last_id = id.clone();
                }
                if !data.is_empty() {
                    return Some(Sse { id, event, data: data.join("\n") });
                }
                continue;
            }
            let frame = tokio::time::timeout(Duration::from_secs(1), self.body.frame()).await.ok()??.ok()?;
            if let Ok(bytes) = frame.into_data() {
                self.buf.push_str(&String::from_utf8_lossy(&bytes));
            }
        }
    }

    /// The next `update` event's (update id, body), skipping counters and withdrawals.
    pub async fn next_update(&mut self) -> Option<(i64, String)> {
        loop {
            let e = self.next().await?;
            if e.event == "update" {
                let json: serde_json::Value = serde_json::from_str(&e.data).unwrap();
                return Some((
                    json["item"]["id"].as_i64().unwrap(),
                    json["item"]["body"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
}
