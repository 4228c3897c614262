//! The `beat` command: serve the app, and the admin tasks.

use crate::demo::load_demo;
use crate::router::{router, PageStore};
use crate::setup::{ensure_demo, ensure_demo_feed, DEFAULT_HIERARCHY, DEMO_PASSWORD};
use app::accounts::admin::{create_with_password, invite, AccountForm};
use app::areas::area::AreaCode;
use app::areas::hierarchy::import_hierarchy;
use app::areas::import::{parse_areas, PropertyNames};
use app::areas::store::{import_wards, load_shared};
use app::client_address::TrustedProxies;
use app::error::AppError;
use app::feeds::fetch::Limits as FeedLimits;
use app::live::hub::StreamLimits;
use app::push::sealing::SealingKey;
use app::push::sender::{PushConfig, PushHub, PushSender};
use app::state::AppState;
use clap::{Parser, Subcommand};
use leptos::prelude::LeptosOptions;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Parser)]
#[command(name = "beat", version, about = "Beat: police and council updates for your area.")]
pub struct Cli {
    /// Database URL: sqlite://FILE (created if missing) or postgres://USER@HOST/DB.
    #[arg(long, global = true, env = "BEAT_DATABASE_URL", default_value = "sqlite://beat.db")]
    pub database_url: String,

    /// Internal hosts feeds may be fetched from (`feeds.force.local,10.0.0.7`): an
    /// on-premises feed server. Every other loopback, private or link-local address is refused.
    #[arg(long, global = true, env = "BEAT_ALLOW_FEED_HOSTS", value_delimiter = ',')]
    pub allow_feed_hosts: Vec<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the app (the default when no command is given).
    Serve {
        /// Address to listen on; defaults to LEPTOS_SITE_ADDR or 127.0.0.1:3000.
        #[arg(long, env = "BEAT_ADDR")]
        addr: Option<SocketAddr>,
        /// First import the shipped areas (if none), load the demo data (if not loaded) and
        /// create the demo accounts. Never on a public server: their password is published.
        #[arg(long)]
        demo: bool,
        /// Always mark the session cookie Secure. Without this it is Secure when the request
        /// came over https (`X-Forwarded-Proto: https` from a trusted proxy counts).
        #[arg(long, env = "BEAT_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Load balancers in front of Beat (`10.0.0.0/8,127.0.0.1`): only from these are
        /// `X-Forwarded-For`, `-Proto` and `-Host` believed, for per-address limits, https
        /// and links. Without it Beat believes no forwarding header.
        #[arg(long, env = "BEAT_TRUSTED_PROXIES", value_parser = TrustedProxies::parse)]
        trusted_proxies: Option<TrustedProxies>,
        /// A file holding the secret key (64 hex digits) that seals secrets kept in the
        /// database (the push key); or give the key itself in BEAT_SECRET_KEY. Required:
        /// `make run` creates one. Never store it beside the database's backups.
        #[arg(long, env = "BEAT_SECRET_KEY_FILE")]
        secret_key_file: Option<PathBuf>,
        /// Open live streams this server holds at most; more are answered 503.
        #[arg(long, env = "BEAT_LIVE_STREAMS", default_value_t = StreamLimits::default().per_server)]
        live_streams: usize,
        /// Open live streams from one address (an IPv6 /64) at most.
        #[arg(long, env = "BEAT_LIVE_STREAMS_PER_ADDRESS", default_value_t = StreamLimits::default().per_network)]
        live_streams_per_address: usize,
        /// The address people reach Beat at, for absolute links in published feeds.
        /// Without it, links use the Host of each request.
        #[arg(long, env = "BEAT_PUBLIC_URL")]
        public_url: Option<String>,
        /// Who push services can contact about Beat's alerts (VAPID subject): a `mailto:`
        /// address or an `https:` page. Defaults to the public URL if it is https.
        #[arg(long, env = "BEAT_PUSH_CONTACT")]
        push_contact: Option<String>,
        /// Accept plain `http://` push endpoints on any host (a drill's or an on-premises push
        /// relay). Never on a public server: the server POSTs wherever an endpoint points.
        #[arg(long, env = "BEAT_ALLOW_HTTP_PUSH")]
        allow_http_push: bool,
        /// Seconds a public page (home, areas, an area, an update) is kept in memory and served
        /// again to residents without a session, unless something is published first. 0 renders
        /// every request.
        #[arg(long, env = "BEAT_PAGE_STORE_SECONDS", default_value_t = PageStore::DEFAULT_SECONDS)]
        page_store_seconds: u64,
    },
    /// Agencies' feeds that Beat polls: add, list, poll.
    #[command(subcommand)]
    Feeds(FeedsCommand),
    /// Create an account with a password (read from BEAT_PASSWORD, else the first line of stdin).
    CreateAccount {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        /// reporter, officer, council_staff, moderator or admin.
        #[arg(long)]
        role: String,
        /// Slug of the team, council or force a member of staff acts for.
        #[arg(long, default_value = "")]
        source: String,
    },
    /// Create an account and print an invitation link for the person to set a password.
    Invite {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        #[arg(long, default_value = "reporter")]
        role: String,
        #[arg(long, default_value = "")]
        source: String,
        /// The address people reach Beat at, for the link.
        #[arg(long, env = "BEAT_PUBLIC_URL", default_value = "http://127.0.0.1:3000")]
        public_url: String,
    },
    /// Import an area hierarchy file (countries, forces, councils) and the ward files it names.
    ImportHierarchy {
        /// Defaults to the hierarchy shipped with Beat.
        #[arg(default_value = DEFAULT_HIERARCHY)]
        file: PathBuf,
    },
    /// Import areas from any GeoJSON FeatureCollection of Polygons/MultiPolygons, as the wards
    /// of an existing council: its whole set, so its stored wards missing from the file are
    /// retired. All or nothing: a bad file changes nothing.
    ImportAreas {
        file: PathBuf,
        /// Code of the council the areas belong to, e.g. E08000003.
        #[arg(long)]
        parent: String,
        /// Feature property holding each area's code.
        #[arg(long, default_value = "code")]
        code_property: String,
        /// Feature property holding each area's name.
        #[arg(long, default_value = "name")]
        name_property: String,
        /// Feature property holding a second-language name, if any.
        #[arg(long)]
        alt_name_property: Option<String>,
    },
    /// Load the demo data set, replacing any demo data already loaded (other data is kept).
    LoadDemo,
}

#[derive(Debug, Subcommand)]
pub enum FeedsCommand {
    /// Add a feed (an http(s) URL, or an absolute path to a file on this server).
    Add {
        location: String,
        /// Slug of the organisation the items are published as, e.g. gmp.
        #[arg(long)]
        source: String,
        /// Area codes for items that do not say where they are (comma-separated).
        #[arg(long)]
        areas: String,
        /// rss, atom, json_feed or cap; detected when not given.
        #[arg(long, default_value = "")]
        format: String,
        /// What the items are: neighbourhood, appeal, prevention_tip, council_notice, event, call_log, tally.
        #[arg(long, default_value = "neighbourhood")]
        kind: String,
        /// Minutes between polls (5 to 1440).
        #[arg(long, default_value = "15")]
        every_minutes: String,
    },
    /// List the feeds and how their last polls went.
    List,
    /// Poll every due feed now (or one feed, due or not) and print the outcomes.
    Poll {
        #[arg(long)]
        id: Option<i64>,
    },
}

/// Runs the command line.
pub async fn run(cli: Cli) -> Result<(), String> {
    let pool = app::db::connect(&cli.database_url).await.map_err(|e| format!("cannot open the database: {e}"))?;
    let feed_limits = FeedLimits { internal_hosts: cli.allow_feed_hosts.clone(), ..FeedLimits::default() };
    match cli.command.unwrap_or(Command::Serve {
        addr: None,
        demo: false,
        secure_cookies: false,
        trusted_proxies: None,
        secret_key_file: None,
        live_streams: StreamLimits::default().per_server,
        live_streams_per_address: StreamLimits::default().per_network,
        public_url: None,
        push_contact: None,
        allow_http_push: false,
        page_store_seconds: PageStore::DEFAULT_SECONDS,
    }) {
        Command::Feeds(command) => feeds(&pool, command, &feed_limits).await,
        Command::Serve {
            addr,
            demo,
            secure_cookies,
            trusted_proxies,
            secret_key_file,
            live_streams,
            live_streams_per_address,
            public_url,
            push_contact,
            allow_http_push,
            page_store_seconds,
        } => {
            let sealing_key = secret_key(secret_key_file.as_deref())?;
            if demo {
                let started = std::time::Instant::now();
                let (areas, demo) = ensure_demo(&pool, DEFAULT_HIERARCHY.as_ref()).await?;
                if let Some(r) = areas {
                    let size = app::db::size_bytes(&pool).await.map_err(|e| e.to_string())?;
                    tracing::info!(
                        countries = r.countries,
                        forces = r.forces,
                        councils = r.councils,
                        wards = r.wards,
                        regions = r.regions,
                        seconds = format!("{:.1}", started.elapsed().as_secs_f64()),
                        database_mb = format!("{:.1}", size as f64 / 1e6),
                        "imported areas and demo data"
                    );
                }
                if let Some(r) = demo {
                    tracing::info!(sources = r.sources, updates = r.updates, "loaded demo data");
                }
                if let Some(id) = ensure_demo_feed(&pool).await? {
                    tracing::info!(feed = id, "added the demo feed source");
                }
                tracing::warn!("demo accounts are enabled (password: \"{DEMO_PASSWORD}\"); never use --demo in public");
            }
            let limits = StreamLimits {
                per_server: live_streams,
                per_network: live_streams_per_address,
                ..StreamLimits::default()
            };
            let options = ServeOptions {
                sealing_key,
                feed_limits,
                addr,
                secure_cookies,
                trusted_proxies: trusted_proxies.unwrap_or_default(),
                stream_limits: limits,
                public_url,
                push_contact,
                allow_http_push,
                page_store: PageStore::new(std::time::Duration::from_secs(page_store_seconds)),
                database_url: cli.database_url.clone(),
            };
            serve(pool, options).await
        }
        Command::CreateAccount { username, display_name, role, source } => {
            let password = match std::env::var("BEAT_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line).map_err(|e| format!("reading the password: {e}"))?;
                    line.trim_end_matches(['\r', '\n']).to_string()
                }
            };
            let form = AccountForm { username: &username, display_name: &display_name, role: &role, source: &source };
            let id = create_with_password(&pool, &form, &password, false).await.map_err(describe)?;
            println!("created account {id} ({username}, {role})");
            Ok(())
        }
        Command::Invite { username, display_name, role, source, public_url } => {
            let form = AccountForm { username: &username, display_name: &display_name, role: &role, source: &source };
            let (_, token) = invite(&pool, None, &form).await.map_err(describe)?;
            println!("{}/invite/{token}", public_url.trim_end_matches('/'));
            Ok(())
        }
        Command::ImportHierarchy { file } => {
            let started = std::time::Instant::now();
            let r = import_hierarchy(&pool, &file).await?;
            let size = app::db::size_bytes(&pool).await.map_err(|e| e.to_string())?;
            println!(
                "imported {} countries, {} forces, {} councils, {} wards, {} regions in {:.1} s; database {:.1} MB; \
                 wards retired (no longer in their council's file): {} (running servers reload their area index \
                 within 30 s)",
                r.countries,
                r.forces,
                r.councils,
                r.wards,
                r.regions,
                started.elapsed().as_secs_f64(),
                size as f64 / 1e6,
                r.retired_wards
            );
            Ok(())
        }
        Command::ImportAreas { file, parent, code_property, name_property, alt_name_property } => {
            let parent = AreaCode::parse(&parent)?;
            let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let props = PropertyNames { code: code_property, name: name_property, name_alt: alt_name_property };
            let areas = parse_areas(&text, &props).map_err(|e| format!("{}: {e}", file.display()))?;
            let r = import_wards(&pool, &parent, &areas).await.map_err(|e| format!("{}: {e}", file.display()))?;
            println!(
                "imported {} wards under {parent}; its wards retired (no longer in the file): {}",
                r.wards, r.retired
            );
            Ok(())
        }
        Command::LoadDemo => {
            let r = load_demo(&pool, chrono::Utc::now().timestamp_millis()).await?;
            println!("loaded {} demo sources and {} demo updates", r.sources, r.updates);
            Ok(())
        }
    }
}

async fn feeds(pool: &sqlx::AnyPool, command: FeedsCommand, feed_limits: &FeedLimits) -> Result<(), String> {
    use app::feeds::{admin::add_feed, config::FeedConfig, poller::Poller, status_store::statuses};
    match command {
        FeedsCommand::Add { location, source, areas, format, kind, every_minutes } => {
            let config =
                FeedConfig::check(&location, &format, &kind, &areas, &every_minutes, true).map_err(describe)?;
            let id = add_feed(pool, None, &source, &config).await.map_err(describe)?;
            println!(
                "added feed {id}: {} (polled {})",
                config.location,
                app::feeds::status::every(config.poll_interval_s)
            );
        }
        FeedsCommand::List => {
            for f in statuses(pool, None).await.map_err(describe)? {
                println!("{:>4}  {:<14} {:<8} {}", f.id, f.health(), f.source_slug, f.location);
                println!(
                    "      {} items; last: {}",
                    f.items_stored,
                    f.last_outcome.as_deref().unwrap_or("not polled yet")
                );
                if let (true, Some(e)) = (f.failures > 0, &f.last_error) {
                    println!("      error: {e}");
                }
            }
        }
        FeedsCommand::Poll { id } => {
            let areas = load_shared(pool).await.map_err(describe)?;
            let poller = Poller::new(pool.clone(), areas, feed_limits.clone());
            let outcomes = match id {
                Some(id) => {
                    vec![(id, poller.poll_now(id).await.map_err(describe)?.ok_or("that feed is being polled")?)]
                }
                None => poller.poll_due().await.map_err(describe)?,
            };
            for (id, outcome) in outcomes {
                println!("feed {id}: {outcome:?}");
            }
        }
    }
    Ok(())
}

/// Leptos settings: from cargo-leptos's environment when it runs us, else defaults that
/// match `[[workspace.metadata.leptos]]` in Cargo.toml.
fn leptos_options() -> Result<LeptosOptions, String> {
    if std::env::var_os("LEPTOS_OUTPUT_NAME").is_some() {
        return leptos::prelude::get_configuration(None).map(|c| c.leptos_options).map_err(|e| e.to_string());
    }
    let site_root = std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into());
    // A release build from `cargo leptos build` leaves hash.txt beside the binary.
    let hashed = app::pwa::http::beside_binary("hash.txt").is_some_and(|path| path.is_file());
    Ok(LeptosOptions::builder()
        .output_name("beat")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .hash_files(hashed)
        .env(leptos::config::Env::PROD)
        .build())
}

/// A field error as "field: message" for the terminal.
fn describe(err: AppError) -> String {
    match err {
        AppError::Invalid { field, message } => format!("{field}: {message}"),
        other => other.to_string(),
    }
}

/// The sealing key from `--secret-key-file`, else `BEAT_SECRET_KEY`.
fn secret_key(file: Option<&std::path::Path>) -> Result<SealingKey, String> {
    let text = match file {
        Some(path) => std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?,
        None => std::env::var("BEAT_SECRET_KEY").map_err(|_| {
            "beat serve needs a secret key: --secret-key-file FILE or BEAT_SECRET_KEY (64 hex digits; \
             make one with `openssl rand -hex 32`; `make run` makes one)"
                .to_string()
        })?,
    };
    SealingKey::from_hex(&text).map_err(|e| format!("the secret key: {e}"))
}

/// How `beat serve` was asked to run.
struct ServeOptions {
    sealing_key: SealingKey,
    feed_limits: FeedLimits,
    addr: Option<SocketAddr>,
    secure_cookies: bool,
    trusted_proxies: TrustedProxies,
    stream_limits: StreamLimits,
    public_url: Option<String>,
    push_contact: Option<String>,
    allow_http_push: bool,
    page_store: PageStore,
    /// For the live tail's own `LISTEN` connection on PostgreSQL.
    database_url: String,
}

async fn serve(pool: sqlx::AnyPool, o: ServeOptions) -> Result<(), String> {
    let ServeOptions {
        sealing_key,
        feed_limits,
        addr,
        secure_cookies,
        trusted_proxies,
        stream_limits,
        public_url,
        push_contact,
        allow_http_push,
        page_store,
        database_url,
    } = o;
    let mut options = leptos_options()?;
    if let Some(addr) = addr {
        options.site_addr = addr;
    }
    let started = std::time::Instant::now();
    let areas = load_shared(&pool).await.map_err(|e| format!("cannot load areas: {e}"))?;
    if areas.current().is_empty() {
        tracing::warn!("no ward boundaries imported: location lookup will find nothing (run import-hierarchy)");
    }
    tracing::info!(places = areas.current().len(), ms = started.elapsed().as_millis() as u64, "area index loaded");
    // Boundaries imported later (`beat import-hierarchy`, on any server) replace the index.
    app::areas::store::spawn_reloader(pool.clone(), areas.clone(), std::time::Duration::from_secs(30));
    let addr = options.site_addr;
    app::feeds::poller::Poller::new(pool.clone(), areas.clone(), feed_limits.clone()).spawn();
    let subject = push_contact
        .or_else(|| public_url.clone().filter(|u| u.starts_with("https://")))
        .unwrap_or_else(|| PushConfig::new(sealing_key.clone()).subject);
    if !(subject.starts_with("mailto:") || subject.starts_with("https://")) {
        return Err(format!("--push-contact must be a mailto: address or an https: URL, not {subject:?}"));
    }
    if allow_http_push {
        tracing::warn!("plain http:// push endpoints are accepted (--allow-http-push); never on a public server");
    }
    let push = PushHub::new(PushConfig {
        subject,
        allow_http_endpoints: allow_http_push,
        ..PushConfig::new(sealing_key.clone())
    });
    // VAPID keys now, so the first resident to subscribe does not race another server (and a
    // wrong secret key is found at start, not at the first alert).
    app::push::store::vapid_keys(&pool, &sealing_key).await.map_err(|e| format!("cannot open the push key: {e}"))?;
    PushSender::new(pool.clone(), push.clone()).map_err(|e| e.to_string())?.spawn();
    // Several servers share a PostgreSQL database: each tells the others of what it published.
    let live = match app::db::Engine::of(&database_url) {
        Ok(app::db::Engine::Postgres) => {
            let notify = app::live::notify::PgNotify::start(&database_url, pool.clone())
                .await
                .map_err(|e| format!("cannot listen for other servers' updates: {e}"))?;
            app::live::hub::LiveHub::new(Box::new(notify), stream_limits)
        }
        _ => app::live::hub::LiveHub::in_process_with(stream_limits),
    };
    live.start(pool.clone()).await.map_err(|e| format!("cannot start the live tail: {e}"))?;
    let state = AppState {
        leptos_options: options,
        pool,
        areas,
        secure_cookies,
        feed_limits,
        public_url,
        push,
        live: live.clone(),
        trusted_proxies: Arc::new(trusted_proxies),
    };
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("Beat is listening on http://{addr}");
    // TCP_NODELAY: streamed responses otherwise wait on Nagle's algorithm (~40 ms each).
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    // The peer address is for per-address limits (Q&A questions); it is never stored raw.
    axum::serve(listener, router(state, page_store).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(async move {
            let _ = tokio::signal::ctrl_c().await;
            // Live pages hold their responses open; end them so shutdown completes.
            live.close();
        })
        .await
        .map_err(|e| e.to_string())
}
