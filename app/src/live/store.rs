//! Live days in the database: new updates in id order for the tail, campaigns, their
//! timelines and counters.

use super::call_log::{CallCategory, CallOutcome, Counters};
use super::wire::{AreaCounters, CallFacts, CampaignCounters};
use crate::db::placeholders;
use crate::error::AppError;
use crate::updates::feed::StoredUpdate;
use crate::updates::store::{self as updates, Event};
use sqlx::{AnyPool, Row};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A new update as the tail hands it to open streams: everything a stream needs to decide
/// whether its page wants it and to show it, without asking the database again.
#[derive(Clone, Debug)]
pub struct Announcement {
    pub update: StoredUpdate,
    pub source_id: i64,
    /// The areas it was published to and every area above them.
    pub within: BTreeSet<String>,
    /// The name of the first area it was published to.
    pub area_name: String,
    /// The zone of the source's own area (where it was posted from).
    pub source_zone: String,
    pub call: Option<CallFacts>,
}

/// One entry of the live event log as the tail hands it on: the update became visible, or
/// was withdrawn. `seq` is the streams' event id.
#[derive(Clone, Debug)]
pub struct Change {
    pub seq: i64,
    pub event: Event,
    pub announcement: Announcement,
    /// The announcement as each kind of page shows it, made by the first stream of that kind
    /// and shared by the rest.
    pub shown: Shown,
}

/// An announcement's event data for each kind of page that shows it (an area's page in its
/// zone, a live day's page in the viewer's zone), made once per kind: ten thousand pages open
/// on one area cost one rendering, not ten thousand. A clone starts empty.
#[derive(Debug, Default)]
pub struct Shown(std::sync::Mutex<Vec<(String, std::sync::Arc<str>)>>);

impl Clone for Shown {
    fn clone(&self) -> Self {
        Shown::default()
    }
}

impl Shown {
    /// The data for pages of kind `key`, made by `make` if no page of that kind asked yet
    /// (outside the lock: two streams may both make it, and one copy is kept). `None` if
    /// `make` fails.
    pub fn get_or_make(&self, key: &str, make: impl FnOnce() -> Option<String>) -> Option<std::sync::Arc<str>> {
        let lock = || self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, data)) = lock().iter().find(|(k, _)| k == key) {
            return Some(data.clone());
        }
        let made: std::sync::Arc<str> = make()?.into();
        let mut kept = lock();
        if let Some((_, data)) = kept.iter().find(|(k, _)| k == key) {
            return Some(data.clone());
        }
        kept.push((key.to_string(), made.clone()));
        Some(made)
    }
}

/// What one read of the live event log found.
pub struct Read {
    /// The changes to hand on, in order.
    pub changes: Vec<Change>,
    /// How many events were read, and the number of the last: a run of events with nothing
    /// to hand on (updates withdrawn before anyone was told of them) still moves a reader on.
    pub events: usize,
    pub last_seq: Option<i64>,
}

/// Up to `limit` events after event `after`, in order, as changes. An update shown and then
/// withdrawn before the first event was read is only withdrawn; one since deleted (demo data
/// reloaded) is left out.
pub async fn since(pool: &AnyPool, after: i64, limit: i64) -> Result<Read, AppError> {
    let events = updates::events_since(pool, after, limit).await?;
    let last_seq = events.last().map(|e| e.0);
    let mut ids: Vec<i64> = events.iter().map(|e| e.2).collect();
    ids.sort_unstable();
    ids.dedup();
    let found = load(pool, &ids, true).await?;
    let by_id: HashMap<i64, &(Announcement, bool)> = found.iter().map(|a| (a.0.update.id, a)).collect();
    let count = events.len();
    let changes = events
        .into_iter()
        .filter_map(|(seq, event, id)| {
            let (a, withdrawn) = by_id.get(&id)?;
            // Became visible, then withdrawn before the tail read it: nothing to show.
            if event == Event::Visible && *withdrawn {
                return None;
            }
            Some(Change { seq, event, announcement: a.clone(), shown: Shown::default() })
        })
        .collect();
    Ok(Read { changes, events: count, last_seq })
}

/// The given updates (those still published), newest first.
pub async fn by_ids(pool: &AnyPool, ids: &[i64]) -> Result<Vec<Announcement>, AppError> {
    Ok(load(pool, ids, false).await?.into_iter().map(|(a, _)| a).collect())
}

/// The given updates, withdrawn ones too if `withdrawn`, newest first, each with whether it
/// is withdrawn.
async fn load(pool: &AnyPool, ids: &[i64], withdrawn: bool) -> Result<Vec<(Announcement, bool)>, AppError> {
    let rows = updates::with_origin(pool, ids, withdrawn).await?;
    let mut partial = Vec::with_capacity(rows.len());
    for row in rows {
        let call = match (row.call_category, row.call_outcome) {
            (Some(c), Some(o)) => Some(CallFacts {
                category: CallCategory::parse(&c).ok_or_else(|| AppError::internal("stored call category", c))?,
                outcome: CallOutcome::parse(&o).ok_or_else(|| AppError::internal("stored call outcome", o))?,
            }),
            _ => None,
        };
        partial.push((row.update, row.source_id, row.source_zone, call, row.withdrawn));
    }
    let codes: BTreeSet<&str> = partial.iter().flat_map(|p| p.0.area_codes.iter().map(String::as_str)).collect();
    let above = chains(pool, &codes.into_iter().collect::<Vec<_>>()).await?;
    Ok(partial
        .into_iter()
        .map(|(update, source_id, source_zone, call, withdrawn)| {
            let mut within = BTreeSet::new();
            for code in &update.area_codes {
                if let Some((_, chain)) = above.get(code) {
                    within.extend(chain.iter().cloned());
                }
            }
            let area_name =
                update.area_codes.first().and_then(|c| above.get(c)).map(|(name, _)| name.clone()).unwrap_or_default();
            (Announcement { update, source_id, within, area_name, source_zone, call }, withdrawn)
        })
        .collect())
}

/// For each code: its name, and the code with every code above it.
async fn chains(pool: &AnyPool, codes: &[&str]) -> Result<HashMap<String, (String, Vec<String>)>, AppError> {
    if codes.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "WITH RECURSIVE up (start, code) AS (
             SELECT code, code FROM areas WHERE code IN ({})
             UNION SELECT up.start, a.parent_code FROM areas a JOIN up ON a.code = up.code WHERE a.parent_code IS NOT NULL
         )
         SELECT up.start, up.code, s.name FROM up JOIN areas s ON s.code = up.start",
        placeholders(1, codes.len())
    );
    let mut q = sqlx::query(&sql);
    for code in codes {
        q = q.bind(code.to_string());
    }
    let mut out: HashMap<String, (String, Vec<String>)> = HashMap::new();
    for row in q.fetch_all(pool).await? {
        let start: String = row.try_get(0)?;
        let entry = out.entry(start).or_insert_with(|| (row.try_get(2).unwrap_or_default(), Vec::new()));
        entry.1.push(row.try_get(1)?);
    }
    Ok(out)
}

/// A campaign as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Campaign {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub hashtag: String,
    pub time_zone: String,
    pub starts_at_ms: i64,
    pub ends_at_ms: i64,
    /// (code, name), in the order given.
    pub areas: Vec<(String, String)>,
    /// (id, name); empty: every source.
    pub sources: Vec<(i64, String)>,
}

impl Campaign {
    /// Whether an update belongs on this campaign's page: from a source taking part,
    /// published inside one of its areas during its window.
    pub fn includes(&self, a: &Announcement) -> bool {
        (self.starts_at_ms..self.ends_at_ms).contains(&a.update.published_at_ms)
            && (self.sources.is_empty() || self.sources.iter().any(|(id, _)| *id == a.source_id))
            && self.areas.iter().any(|(code, _)| a.within.contains(code))
    }
}

const CAMPAIGN_COLUMNS: &str = "id, slug, name, hashtag, time_zone, starts_at_ms, ends_at_ms";

async fn campaigns_where(pool: &AnyPool, clause: &str, bind: i64) -> Result<Vec<Campaign>, AppError> {
    let rows = sqlx::query(&format!("SELECT {CAMPAIGN_COLUMNS} FROM campaigns WHERE {clause}"))
        .bind(bind)
        .fetch_all(pool)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(with_parts(pool, &row).await?);
    }
    Ok(out)
}

async fn with_parts(pool: &AnyPool, row: &sqlx::any::AnyRow) -> Result<Campaign, AppError> {
    let id: i64 = row.try_get("id")?;
    let areas = sqlx::query(
        "SELECT a.code, a.name FROM campaign_areas ca JOIN areas a ON a.code = ca.area_code
         WHERE ca.campaign_id = $1 ORDER BY a.name",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect::<Result<_, AppError>>()?;
    let sources = sqlx::query(
        "SELECT s.id, s.name FROM campaign_sources cs JOIN sources s ON s.id = cs.source_id
         WHERE cs.campaign_id = $1 ORDER BY s.name",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect::<Result<_, AppError>>()?;
    Ok(Campaign {
        id,
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        hashtag: row.try_get("hashtag")?,
        time_zone: row.try_get("time_zone")?,
        starts_at_ms: row.try_get("starts_at_ms")?,
        ends_at_ms: row.try_get("ends_at_ms")?,
        areas,
        sources,
    })
}

/// The campaign with this slug.
pub async fn by_slug(pool: &AnyPool, slug: &str) -> Result<Option<Campaign>, AppError> {
    let row = sqlx::query(&format!("SELECT {CAMPAIGN_COLUMNS} FROM campaigns WHERE slug = $1"))
        .bind(slug)
        .fetch_optional(pool)
        .await?;
    match row {
        Some(row) => Ok(Some(with_parts(pool, &row).await?)),
        None => Ok(None),
    }
}

/// Campaigns running at `now_ms` (what the tail keeps counters for).
pub async fn running(pool: &AnyPool, now_ms: i64) -> Result<Vec<Campaign>, AppError> {
    campaigns_where(pool, "starts_at_ms <= $1 AND ends_at_ms > $1 ORDER BY starts_at_ms", now_ms).await
}

/// Campaigns that have not ended or ended in the last 30 days, soonest first.
pub async fn listed(pool: &AnyPool, now_ms: i64) -> Result<Vec<Campaign>, AppError> {
    campaigns_where(pool, "ends_at_ms > $1 ORDER BY starts_at_ms, id", now_ms - 30 * 86_400_000).await
}

/// The newest `limit` updates on a campaign's page at `now_ms`, newest first.
pub async fn timeline(pool: &AnyPool, c: &Campaign, limit: i64, now_ms: i64) -> Result<Vec<Announcement>, AppError> {
    let roots: Vec<String> = c.areas.iter().map(|(code, _)| code.clone()).collect();
    let ids = updates::newest_in(pool, &span(c, &roots), limit, now_ms).await?;
    by_ids(pool, &ids).await
}

/// The country every area of campaign `campaign_id` is in, or `None` when they span several
/// (or it has none). Areas are at most three levels below their country.
pub async fn single_country(pool: &AnyPool, campaign_id: i64) -> Result<Option<String>, AppError> {
    let rows = sqlx::query(
        "SELECT DISTINCT CASE WHEN a.level = 'country' THEN a.code WHEN p.level = 'country' THEN p.code
                              WHEN g.level = 'country' THEN g.code ELSE gg.code END
         FROM campaign_areas ca JOIN areas a ON a.code = ca.area_code
         LEFT JOIN areas p ON p.code = a.parent_code LEFT JOIN areas g ON g.code = p.parent_code
         LEFT JOIN areas gg ON gg.code = g.parent_code
         WHERE ca.campaign_id = $1",
    )
    .bind(campaign_id)
    .fetch_all(pool)
    .await?;
    Ok(match rows.as_slice() {
        [one] => one.try_get(0)?,
        _ => None,
    })
}

/// Every area inside the campaign's areas, with the campaign area it is inside (`$1`: campaign id).
const INSIDE: &str = "WITH RECURSIVE inside (root, code) AS (
        SELECT area_code, area_code FROM campaign_areas WHERE campaign_id = $1
        UNION SELECT inside.root, a.code FROM areas a JOIN inside ON a.parent_code = inside.code
    )";

/// For each of `codes`, the campaign's areas it is inside (itself included): found by
/// climbing from those few areas, not by listing every area inside the campaign's (a day over
/// every UK force has 8,921).
async fn roots_of(
    pool: &AnyPool,
    campaign_id: i64,
    codes: &BTreeSet<String>,
) -> Result<BTreeMap<String, Vec<String>>, AppError> {
    let mut roots: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if codes.is_empty() {
        return Ok(roots);
    }
    let mut args = crate::db::Args::new();
    let sql = format!(
        "WITH RECURSIVE up (code, above) AS (
            SELECT code, code FROM areas WHERE code IN ({})
            UNION SELECT up.code, a.parent_code FROM up JOIN areas a ON a.code = up.above WHERE a.parent_code IS NOT NULL
         )
         SELECT up.code, up.above FROM up JOIN campaign_areas ca ON ca.area_code = up.above AND ca.campaign_id = {}",
        args.list(codes.iter().cloned()),
        args.arg(campaign_id)
    );
    for row in args.query(&sql)?.fetch_all(pool).await? {
        roots.entry(row.try_get(0)?).or_default().push(row.try_get(1)?);
    }
    Ok(roots)
}

/// What belongs to campaign `c`: updates to its areas (`roots`, those inside included) in its
/// window, from a source taking part. (Whether each is out yet is the updates store's rule.)
fn span<'a>(c: &Campaign, roots: &'a [String]) -> updates::Span<'a> {
    updates::Span {
        roots,
        sources: c.sources.iter().map(|(id, _)| *id).collect(),
        from_ms: c.starts_at_ms,
        until_ms: c.ends_at_ms,
    }
}

/// The campaign's counters at `now_ms`: overall (each update once) and for each of its areas.
pub async fn counters(pool: &AnyPool, c: &Campaign, now_ms: i64) -> Result<CampaignCounters, AppError> {
    let roots: Vec<String> = c.areas.iter().map(|(code, _)| code.clone()).collect();
    let counted = updates::counted_in(pool, &span(c, &roots), now_ms).await?;
    let inside = roots_of(pool, c.id, &counted.iter().map(|r| r.area_code.clone()).collect()).await?;
    let mut overall_ids = BTreeMap::new();
    // Each update once per campaign area, however many of the areas inside it it went to.
    let mut seen = BTreeSet::new();
    let mut by_area: BTreeMap<String, Counters> = BTreeMap::new();
    for row in counted {
        let category = row.call_category.as_deref().and_then(CallCategory::parse);
        let outcome = row.call_outcome.as_deref().and_then(CallOutcome::parse);
        for root in inside.get(&row.area_code).into_iter().flatten() {
            if !seen.insert((root.clone(), row.id)) {
                continue;
            }
            let counters = by_area.entry(root.clone()).or_default();
            counters.add_update();
            if let Some(category) = category {
                counters.add_call(category, outcome.unwrap_or(CallOutcome::Unknown));
            }
        }
        overall_ids.entry(row.id).or_insert((category, outcome));
    }
    let mut overall = Counters::default();
    for (category, outcome) in overall_ids.into_values() {
        overall.add_update();
        if let Some(category) = category {
            overall.add_call(category, outcome.unwrap_or(CallOutcome::Unknown));
        }
    }
    // Reporters out with officers during the day so far, inside each area.
    let until = now_ms.min(c.ends_at_ms);
    let reporters = sqlx::query(&format!(
        "{INSIDE}
         SELECT DISTINCT inside.root, r.reporter_id FROM ride_alongs r JOIN inside ON inside.code = r.area_code
         WHERE r.starts_at_ms < $2 AND r.ends_at_ms > $3"
    ))
    .bind(c.id)
    .bind(until)
    .bind(c.starts_at_ms)
    .fetch_all(pool)
    .await?;
    let mut reporters_overall = BTreeSet::new();
    for row in &reporters {
        let root: String = row.try_get(0)?;
        let reporter: i64 = row.try_get(1)?;
        by_area.entry(root).or_default().reporter_out();
        if reporters_overall.insert(reporter) {
            overall.reporter_out();
        }
    }
    let areas = c
        .areas
        .iter()
        .map(|(code, name)| AreaCounters {
            code: code.clone(),
            name: name.clone(),
            counters: by_area.get(code).cloned().unwrap_or_default(),
        })
        .collect();
    Ok(CampaignCounters { overall, areas })
}

/// A campaign to create.
pub struct NewCampaign<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub hashtag: &'a str,
    pub time_zone: &'a str,
    pub starts_at_ms: i64,
    pub ends_at_ms: i64,
    pub area_codes: &'a [String],
    pub source_ids: &'a [i64],
    pub created_by: Option<i64>,
    pub is_demo: bool,
}

/// Creates a campaign; a taken slug is a conflict, reported clearly.
pub async fn create(tx: &mut sqlx::AnyConnection, c: &NewCampaign<'_>, now_ms: i64) -> Result<i64, AppError> {
    let taken = sqlx::query("SELECT 1 FROM campaigns WHERE slug = $1").bind(c.slug).fetch_optional(&mut *tx).await?;
    if taken.is_some() {
        return Err(AppError::Conflict(format!(
            "There is already a live day at /live/{}; choose another short name.",
            c.slug
        )));
    }
    let id: i64 = sqlx::query(
        "INSERT INTO campaigns (slug, name, hashtag, time_zone, starts_at_ms, ends_at_ms, created_by, created_at_ms, is_demo)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(c.slug)
    .bind(c.name)
    .bind(c.hashtag)
    .bind(c.time_zone)
    .bind(c.starts_at_ms)
    .bind(c.ends_at_ms)
    .bind(c.created_by)
    .bind(now_ms)
    .bind(i64::from(c.is_demo))
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    for code in c.area_codes {
        sqlx::query("INSERT INTO campaign_areas (campaign_id, area_code) VALUES ($1, $2)")
            .bind(id)
            .bind(code.clone())
            .execute(&mut *tx)
            .await?;
    }
    for source in c.source_ids {
        sqlx::query("INSERT INTO campaign_sources (campaign_id, source_id) VALUES ($1, $2)")
            .bind(id)
            .bind(*source)
            .execute(&mut *tx)
            .await?;
    }
    Ok(id)
}

/// Stores a call log entry's facts on its update (inserted in the same transaction).
pub async fn set_call(
    tx: &mut sqlx::AnyConnection,
    update_id: i64,
    call: CallFacts,
    received_at_ms: i64,
) -> Result<(), AppError> {
    Ok(updates::set_call_facts(tx, update_id, call.category.as_str(), call.outcome.as_str(), received_at_ms).await?)
}

/// A demo live day: its 24 hours start at `start_hour` local time today (yesterday if that
/// is still to come), so it is always running; the areas and sources are read by SQL.
struct DemoDay {
    slug: &'static str,
    name: &'static str,
    hashtag: &'static str,
    time_zone: chrono_tz::Tz,
    start_hour: u32,
    areas: &'static str,
    sources: Option<&'static str>,
}

/// The demo live days: the global police Tweet-a-thon (every UK force and the seven other
/// countries, from 08:00 in Auckland) and #whatwedo (all 32 Scottish councils and their
/// demo accounts, from 07:00 in Scotland). Moved to today if they exist, created if not.
pub async fn ensure_demo_campaign(pool: &AnyPool, now_ms: i64) -> Result<(), AppError> {
    let days = [
        DemoDay {
            slug: DEMO_SLUG,
            name: "Global police Tweet-a-thon (demo)",
            hashtag: "tweetathon",
            time_zone: chrono_tz::Pacific::Auckland,
            start_hour: 8,
            areas: "SELECT code FROM areas WHERE level = 'force' OR (level = 'country' AND code <> 'GB') ORDER BY code",
            sources: None,
        },
        DemoDay {
            slug: WHATWEDO_SLUG,
            name: "#whatwedo: a day of Scotland's 32 councils (demo)",
            hashtag: "whatwedo",
            time_zone: chrono_tz::Europe::London,
            start_hour: 7,
            areas: "SELECT code FROM areas WHERE level = 'council' AND parent_code = 'S23000009' ORDER BY code",
            sources: Some(
                "SELECT s.id FROM sources s JOIN areas a ON a.code = s.area_code
                 WHERE s.is_demo = 1 AND s.kind = 'council' AND a.parent_code = 'S23000009' ORDER BY s.id",
            ),
        },
    ];
    for day in &days {
        ensure_demo_day(pool, now_ms, day).await?;
    }
    Ok(())
}

async fn ensure_demo_day(pool: &AnyPool, now_ms: i64, d: &DemoDay) -> Result<(), AppError> {
    use chrono::TimeZone;
    let tz = d.time_zone;
    let local = chrono::DateTime::from_timestamp_millis(now_ms).unwrap_or_default().with_timezone(&tz);
    let start = chrono::NaiveTime::from_hms_opt(d.start_hour, 0, 0).unwrap_or_default();
    let day = if local.time() < start { local.date_naive().pred_opt().unwrap_or_default() } else { local.date_naive() };
    let starts = tz
        .from_local_datetime(&day.and_time(start))
        .earliest()
        .ok_or_else(|| AppError::internal("demo live day", format!("{start} missing in {}", tz.name())))?
        .timestamp_millis();
    let ends = starts + 24 * 3_600_000;
    let moved = sqlx::query("UPDATE campaigns SET starts_at_ms = $1, ends_at_ms = $2 WHERE slug = $3 AND is_demo = 1")
        .bind(starts)
        .bind(ends)
        .bind(d.slug)
        .execute(pool)
        .await?
        .rows_affected();
    if moved > 0 {
        return Ok(());
    }
    let areas: Vec<String> =
        sqlx::query(d.areas).fetch_all(pool).await?.iter().map(|r| r.try_get(0)).collect::<Result<_, _>>()?;
    let sources: Vec<i64> = match d.sources {
        Some(sql) => sqlx::query(sql).fetch_all(pool).await?.iter().map(|r| r.try_get(0)).collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    if areas.is_empty() {
        // The areas it covers are not imported (a test's own small hierarchy): no such day.
        return Ok(());
    }
    let mut tx = crate::db::begin_write(pool).await?;
    let demo = NewCampaign {
        slug: d.slug,
        name: d.name,
        hashtag: d.hashtag,
        time_zone: tz.name(),
        starts_at_ms: starts,
        ends_at_ms: ends,
        area_codes: &areas,
        source_ids: &sources,
        created_by: None,
        is_demo: true,
    };
    create(&mut tx, &demo, now_ms).await?;
    tx.commit().await?;
    Ok(())
}

/// The #whatwedo demo day's address: /live/whatwedo.
pub const WHATWEDO_SLUG: &str = "whatwedo";

/// The demo live day's address: /live/tweetathon.
pub const DEMO_SLUG: &str = "tweetathon";

#[cfg(test)]
mod tests {
    use super::Shown;
    use std::cell::Cell;

    #[test]
    fn pages_of_one_kind_share_one_rendering_and_a_clone_renders_afresh() {
        let shown = Shown::default();
        let made = Cell::new(0);
        let make = |text: &str| {
            made.set(made.get() + 1);
            Some(text.to_string())
        };
        for _ in 0..1000 {
            assert_eq!(&*shown.get_or_make("area E05011376 Europe/London", || make("city")).unwrap(), "city");
        }
        assert_eq!(&*shown.get_or_make("area W05001274 Europe/London", || make("cardiff")).unwrap(), "cardiff");
        assert_eq!(made.get(), 2);
        // A failed rendering is not kept: the next page of that kind tries again.
        assert!(shown.get_or_make("campaign 1 -", || None).is_none());
        assert_eq!(&*shown.get_or_make("campaign 1 -", || make("day")).unwrap(), "day");
        assert_eq!(made.get(), 3);
        assert_eq!(&*shown.clone().get_or_make("area E05011376 Europe/London", || make("again")).unwrap(), "again");
    }
}
