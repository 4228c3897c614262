// Drills on a running cluster (scripts/cluster.sh: nginx -> N nodes -> PostgreSQL). Prints
// figures; a measurement, not a test. `make cluster-drills` starts the cluster, runs this and
// stops it. DRILLS picks some (storm,node,database,leases,cache; all by default).
//
// 1. storm: page loads of 300 pages (every area's page and the newest updates') in a skewed
//    mix, as fast as the machine takes them for STORM_SECONDS (60), through the cache:
//    requests/s, p50/p99, errors, and how many requests reached the app servers.
// 2. node: LIVE_STREAMS (1,000) live streams through the balancer; one node is killed (-9)
//    while officers log a call every 200 ms; every stream must get every call once (gaps,
//    duplicates), and the time until every cut stream is live again is printed.
// 3. database: the cluster's own PostgreSQL is stopped for DB_DOWN_SECONDS (5) and started
//    while officers keep logging calls: nodes say not-ready and come back by themselves;
//    every acknowledged call is stored once and reaches the open streams once.
// 4. leases: the node holding the push lease is killed, then an alert is published: every
//    following device gets it once, from another node. Then a feed's poll is cut by killing
//    the node polling it: another node polls it when the lease (5 min) runs out.
// 5. cache: a signed-in officer's pages are never kept by nginx and never served from its
//    cache; no kept answer holds a cookie or the officer's name.
//
//   CLUSTER_URL (http://127.0.0.1:8080)  CLUSTER_WORK (~/.cache/beat/cluster)  BEAT_DATABASE_URL
//   The nodes need BEAT_LIVE_STREAMS_PER_ADDRESS above LIVE_STREAMS, BEAT_ALLOW_HTTP_PUSH=1 and
//   BEAT_ALLOW_FEED_HOSTS=127.0.0.1 (the Makefile's cluster-drills sets them).
import { execFileSync } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const base = process.env.CLUSTER_URL ?? 'http://127.0.0.1:8080';
const work = process.env.CLUSTER_WORK ?? join(process.env.BEAT_CACHE ?? join(homedir(), '.cache/beat'), 'cluster');
const db = process.env.BEAT_DATABASE_URL ?? readFileSync(join(work, 'database_url'), 'utf8').trim();
const bin = process.env.BEAT_BIN ?? '../target/release/beat';
const cluster = new URL('../scripts/cluster.sh', import.meta.url).pathname;
const drills = (process.env.DRILLS ?? 'storm,node,database,leases,cache').split(',');
const seconds = Number(process.env.STORM_SECONDS ?? 60);
const connections = Number(process.env.STORM_CONNECTIONS ?? 128);
// As root, scripts/cluster.sh keeps nginx's files where its workers (nobody) can reach them.
const nginxDir = process.env.CLUSTER_NGINX ?? (process.getuid() === 0 ? '/var/tmp/beat-cluster-nginx' : join(work, 'nginx'));
const accessLog = join(nginxDir, 'logs/access.log');
const psql = (sql) => execFileSync('psql', [db, '-tAc', sql]).toString().trim().split('\n').filter(Boolean);
const MAX_AGE_S = 60;
const AREA = 'E05011376';
const OFFICER_PASSWORD = 'cluster drill passphrase';
const run = Date.now().toString(36);
const { hostname: host, port } = new URL(base);
const nodes = readdirSync(work).filter((f) => /^node\d+\.pid$/.test(f)).map((f) => Number(f.slice(4, -4))).sort();
const nodePort = (n) => 3100 + n;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const ms = (x) => `${Math.round(x).toLocaleString('en-GB')} ms`;
const problems = [];

// --- 1. Storm morning --------------------------------------------------------------------------
async function storm() {
  const areas = psql('SELECT code FROM areas ORDER BY code').map((c) => `/area/${c}`);
  const updates = psql(`SELECT id FROM updates WHERE withdrawn_at_ms IS NULL ORDER BY id DESC LIMIT ${Math.max(0, 300 - areas.length)}`)
    .map((id) => `/updates/${id}`);
  const pages = [...areas, ...updates].slice(0, 300);
  // Skewed as a storm is: a handful of busy areas (a city centre, a flooded valley) take most
  // loads. Zipf weights over a shuffled order.
  for (let i = pages.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [pages[i], pages[j]] = [pages[j], pages[i]];
  }
  const weights = pages.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative = [];
  weights.reduce((sum, w, i) => ((cumulative[i] = (sum + w) / total), sum + w), 0);
  const pick = () => {
    const r = Math.random();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return pages[lo];
  };

  const logStart = statSync(accessLog).size;
  console.log(`storm morning: ${pages.length} pages (${areas.length} areas, ${updates.length} updates), ` +
    `${connections} connections, ${seconds} s through ${base}`);
  const result = await autocannon({
    url: base,
    duration: seconds,
    connections,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: pick(), headers: { 'accept-encoding': 'br' } }) }],
  });
  const lines = readFileSync(accessLog).subarray(logStart).toString().trim().split('\n');
  const byStatus = {};
  let upstream = 0;
  for (const line of lines) {
    const [cache, , , addr] = line.split(' ');
    byStatus[cache] = (byStatus[cache] ?? 0) + 1;
    if (addr !== '"-"') upstream++;
  }
  const errors = result.errors + result.timeouts + result.non2xx;
  console.log(`  ${Math.round(result.requests.average).toLocaleString('en-GB')} requests/s ` +
    `(${result.requests.total.toLocaleString('en-GB')} in all), p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
  console.log(`  errors: ${errors} (${result.errors} socket, ${result.timeouts} timeouts, ${result.non2xx} non-2xx)`);
  console.log(`  reached the app servers: ${upstream.toLocaleString('en-GB')} ` +
    `(about one per page per max-age would be ${pages.length} x ${Math.ceil(seconds / MAX_AGE_S) + 1} = ` +
    `${pages.length * (Math.ceil(seconds / MAX_AGE_S) + 1)}); cache: ${JSON.stringify(byStatus)}`);
  if (errors > 0) problems.push(`storm: ${errors} errors`);
}

// --- What people do, through the balancer -------------------------------------------------------

/** A server function call (a form's POST), through the balancer unless `to` names a node. */
async function call(name, form, { cookie, to, forwardedFor } = {}) {
  const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (cookie) headers.cookie = cookie;
  if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
  const url = to ? `http://127.0.0.1:${nodePort(to)}` : base;
  const res = await fetch(`${url}/api/${name}`, { method: 'POST', headers, body: new URLSearchParams(form).toString() });
  const text = await res.text();
  return { status: res.status, text, node: res.headers.get('x-upstream'), cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
}

/** `count` officers of their own for this run (the call log's limit is per person and hour), signed in. */
async function officers(count, label) {
  const people = [];
  for (let i = 0; i < count; i++) {
    const username = `drill.${label}.${run}.${i}`;
    execFileSync(bin, ['create-account', '--username', username, '--display-name', `Drill officer ${i}`, '--role', 'officer', '--source', 'gmp-city-centre'], {
      env: { ...process.env, BEAT_DATABASE_URL: db, BEAT_PASSWORD: OFFICER_PASSWORD },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const res = await call('sign_in', { username, password: OFFICER_PASSWORD });
    if (res.status !== 200 || !res.cookie) throw new Error(`sign in ${username}: ${res.status} ${res.text}`);
    people.push({ username, cookie: res.cookie });
  }
  return people;
}

/**
 * One call logged by `officer`, with its form's key; sent again with the same key until it is
 * acknowledged, as the app's outbox does, when `retry` says so. `marker` is in its text.
 */
async function logCall(officer, marker, { retry = false } = {}) {
  const form = { area: AREA, category: 'noise', outcome: 'unknown', received: '', text: `Cluster drill call ${marker}`, form_key: randomBytes(16).toString('hex') };
  const write = { marker, key: form.form_key, acked: false, attempts: 0 };
  for (;;) {
    write.attempts++;
    write.sentAt = performance.now();
    try {
      const res = await call('log_call', form, { cookie: officer.cookie });
      if (res.status === 200) {
        write.acked = true;
        write.ackedAt = performance.now();
        write.node = res.node;
        write.id = Number(res.text);
        return write;
      }
      write.last = `${res.status} ${res.text.slice(0, 120)}`;
    } catch (e) {
      write.last = String(e.cause?.code ?? e.message);
    }
    if (!retry || write.attempts >= 200) return write;
    await sleep(250);
  }
}

const nodePid = (n) => Number(readFileSync(join(work, `node${n}.pid`), 'utf8'));
function kill(n) {
  process.kill(nodePid(n), 'SIGKILL');
  return performance.now();
}
const restart = (n) => execFileSync('bash', [cluster, 'node', String(n)], { stdio: ['ignore', 'ignore', 'inherit'] });

/**
 * A live page's stream, as a browser's EventSource keeps it (the HTML standard): on a cut it
 * reconnects after the server's `retry` with `Last-Event-ID`; an answer other than 200 ends
 * it for good (readyState CLOSED) unless `reopen` (what the page does then) says otherwise.
 */
class LiveStream {
  constructor(agent, path, reopen) {
    Object.assign(this, { agent, path, reopen, retry: 3000, refusedInRow: 0, lastId: null, got: new Map(), arrived: new Map(), opens: 0, cuts: [], refusals: [], closed: false });
  }

  /** Connects; `initial`: a failure is the caller's to retry (the page is still opening). */
  open(initial = false) {
    return new Promise((resolve) => {
      const headers = { accept: 'text/event-stream' };
      if (this.lastId !== null) headers['last-event-id'] = this.lastId;
      let done = false;
      const cut = () => {
        if (done || this.stopped) return;
        done = true;
        if (initial && this.opens === 0) return;
        this.cuts.push({ at: performance.now() });
        setTimeout(() => this.open(), this.retry);
      };
      const req = http.get({ host, port, path: this.path, agent: this.agent, headers }, (res) => {
        if (res.statusCode !== 200) {
          done = true;
          res.resume();
          if (initial) return resolve(false);
          this.refusals.push({ at: performance.now(), status: res.statusCode });
          const wait = this.reopen?.(this.refusedInRow++);
          if (wait === undefined) this.closed = true;
          else setTimeout(() => this.open(), wait);
          return resolve(false);
        }
        this.opens++;
        this.refusedInRow = 0;
        this.node = res.headers['x-upstream'];
        const last = this.cuts.at(-1);
        if (last && last.back === undefined) last.back = performance.now();
        resolve(true);
        res.setEncoding('utf8');
        let buf = '';
        res.on('data', (chunk) => {
          buf += chunk;
          let end;
          while ((end = buf.indexOf('\n\n')) >= 0) {
            this.event(buf.slice(0, end));
            buf = buf.slice(end + 2);
          }
        });
        res.on('end', cut);
        res.on('aborted', cut);
        res.on('error', cut);
      });
      this.req = req;
      req.on('error', () => {
        cut();
        resolve(false);
      });
    });
  }

  event(block) {
    let data = '';
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') this.lastId = value;
      else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
      else if (field === 'data') data += value;
    }
    const m = /Cluster drill call ([\w.-]+)/.exec(data);
    if (m) {
      this.got.set(m[1], (this.got.get(m[1]) ?? 0) + 1);
      if (!this.arrived.has(m[1])) this.arrived.set(m[1], { at: performance.now(), node: this.node });
    }
  }

  stop() {
    this.stopped = true;
    this.req?.destroy();
  }
}

/** Opens `count` streams on the area's page, a few at a time as pages would. */
async function openStreams(count, reopen) {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const streams = [];
  while (streams.length < count) {
    const batch = [];
    for (let i = 0; i < 25 && streams.length + batch.length < count; i++) batch.push(new LiveStream(agent, `/events?area=${AREA}`, reopen));
    for (const s of batch) {
      // Opening is not what is measured: a refusal here is tried again.
      while (!(await s.open(true))) await sleep(200);
    }
    streams.push(...batch);
  }
  return streams;
}

/** What the streams got of `writes`: gaps (an acknowledged call missing), duplicates. */
function tally(streams, writes) {
  let gaps = 0;
  let duplicates = 0;
  let unacknowledgedSeen = 0;
  for (const s of streams) {
    for (const w of writes) {
      const n = s.got.get(w.marker) ?? 0;
      if (n > 1) duplicates += n - 1;
      if (w.acked && n === 0) gaps++;
      if (!w.acked && n > 0) unacknowledgedSeen++;
    }
  }
  return { gaps, duplicates, unacknowledgedSeen };
}

/** Each acknowledged write stored exactly once (by its form's key). */
function stored(writes) {
  const keys = writes.map((w) => `'${w.key}'`).join(',');
  const counts = new Map(psql(`SELECT client_key, COUNT(*) FROM updates WHERE client_key IN (${keys}) GROUP BY client_key`).map((l) => l.split('|')));
  let lost = 0;
  let twice = 0;
  for (const w of writes) {
    const n = Number(counts.get(w.key) ?? 0);
    if (w.acked && n === 0) lost++;
    if (n > 1) twice++;
  }
  return { acked: writes.filter((w) => w.acked).length, lost, twice, storedUnacked: writes.filter((w) => !w.acked && counts.has(w.key)).length };
}

// --- 2. A node dies -----------------------------------------------------------------------------
async function nodeDies() {
  const count = Number(process.env.LIVE_STREAMS ?? 1000);
  const victim = nodes[1] ?? nodes[0];
  const people = await officers(4, 'node');
  console.log(`\na node dies: ${count} live streams through ${base}; kill -9 node ${victim} while officers log a call every 200 ms`);
  const t0 = performance.now();
  const streams = await openStreams(count, pageReopen);
  console.log(`  ${count} streams open in ${ms(performance.now() - t0)}`);
  await sleep(1000);
  const writes = [];
  const flag = { stop: false };
  const posting = (async () => {
    for (let i = 0; !flag.stop; i++) {
      const at = performance.now();
      logCall(people[i % people.length], `n${run}-${i}`).then((w) => writes.push(w));
      await sleep(Math.max(0, 200 - (performance.now() - at)));
    }
  })();
  await sleep(3000);
  const killedAt = kill(victim);
  await sleep(Number(process.env.AFTER_KILL_SECONDS ?? 12) * 1000);
  flag.stop = true;
  await posting;
  await sleep(3000);
  // Publish to stream, before the kill: from the post being sent to its arrival on each
  // stream held by another node than the one that took the post (through LISTEN/NOTIFY).
  const cross = [];
  const same = [];
  for (const w of writes.filter((w) => w.acked && w.ackedAt < killedAt - 1000)) {
    for (const s of streams) {
      const a = s.arrived.get(w.marker);
      if (a && a.at < killedAt) (a.node === w.node ? same : cross).push(a.at - w.sentAt);
    }
  }
  console.log(`  before the kill, post to stream: on another node p50 ${ms(pct(cross, 50))}, p99 ${ms(pct(cross, 99))}, ` +
    `max ${ms(Math.max(...cross))} (${cross.length.toLocaleString('en-GB')} deliveries); on the same node p99 ${ms(pct(same, 99))}`);
  const cut = streams.filter((s) => s.cuts.some((c) => c.at >= killedAt));
  const back = cut.filter((s) => s.cuts.every((c) => c.back !== undefined));
  const recover = back.map((s) => Math.max(...s.cuts.map((c) => c.back)) - killedAt);
  const refused = streams.filter((s) => s.refusals.length > 0);
  const closed = streams.filter((s) => s.closed);
  const { gaps, duplicates, unacknowledgedSeen } = tally(streams, writes);
  const acked = writes.filter((w) => w.acked).length;
  console.log(`  calls logged: ${writes.length}, acknowledged ${acked} (the rest: ${[...new Set(writes.filter((w) => !w.acked).map((w) => w.last))].join('; ') || 'none'})`);
  console.log(`  streams cut by the kill: ${cut.length}; live again: ${back.length}; ` +
    `time from the kill until live again p50 ${ms(pct(recover, 50))}, max ${ms(Math.max(...recover, 0))}`);
  console.log(`  refused on reconnecting: ${refused.length} streams (${[...new Set(refused.flatMap((s) => s.refusals.map((r) => r.status)))].join(', ') || '-'}); ` +
    `given up (closed for good): ${closed.length}`);
  console.log(`  every stream x every acknowledged call: ${gaps} gaps, ${duplicates} duplicates ` +
    `(${unacknowledgedSeen} deliveries of calls whose answer was lost)`);
  if (gaps || duplicates || closed.length || back.length !== cut.length) problems.push(`node: ${gaps} gaps, ${duplicates} duplicates, ${closed.length} closed, ${cut.length - back.length} not back`);
  for (const s of streams) s.stop();
  restart(victim);
}

// --- 3. PostgreSQL restarts ---------------------------------------------------------------------
async function databaseRestarts() {
  if (!db.includes(':55432/')) {
    console.log(`\nPostgreSQL restarts: not run (the cluster runs on ${db}, not a PostgreSQL of its own)`);
    return;
  }
  const down = Number(process.env.DB_DOWN_SECONDS ?? 5);
  const lanes = 4;
  const people = await officers(8, 'db');
  const streams = await openStreams(30, pageReopen);
  console.log(`\nPostgreSQL restarts: stopped for ${down} s and started, while ${lanes} officers log calls ` +
    `(each sent again with its key until acknowledged) and ${streams.length} live streams are open`);
  // Each node's /readyz, asked directly every 100 ms.
  const readiness = Object.fromEntries(nodes.map((n) => [n, []]));
  const flag = { stop: false };
  const watching = Promise.all(nodes.map(async (n) => {
    let last;
    while (!flag.stop) {
      let ok = false;
      try {
        ok = (await fetch(`http://127.0.0.1:${nodePort(n)}/readyz`, { signal: AbortSignal.timeout(3000) })).ok;
      } catch {}
      if (ok !== last) readiness[n].push({ at: performance.now(), ok });
      last = ok;
      await sleep(100);
    }
  }));
  const writes = [];
  let i = 0;
  const posting = Promise.all(Array.from({ length: lanes }, async (_, lane) => {
    while (!flag.stop) {
      const n = i++;
      writes.push(await logCall(people[n % people.length], `d${run}-${n}`, { retry: true }));
      await sleep(150);
    }
  }));
  await sleep(3000);
  const stoppedAt = performance.now();
  execFileSync('bash', [cluster, 'db-stop'], { stdio: ['ignore', 'ignore', 'inherit'] });
  await sleep(down * 1000);
  const startedAt = performance.now();
  execFileSync('bash', [cluster, 'db-start'], { stdio: ['ignore', 'ignore', 'inherit'] });
  // Until every node is ready again, then a little more writing.
  for (let t = 0; t < 600 && !nodes.every((n) => readiness[n].at(-1)?.ok && readiness[n].at(-1).at > startedAt); t++) await sleep(100);
  const allReady = performance.now();
  await sleep(5000);
  flag.stop = true;
  await Promise.all([watching, posting]);
  await sleep(2000);
  for (const n of nodes) {
    const changes = readiness[n].map((r) => `${r.ok ? 'ready' : 'not ready'} at ${((r.at - stoppedAt) / 1000).toFixed(1)} s`);
    console.log(`  node ${n}: ${changes.join(', ')}`);
  }
  console.log(`  (times from the stop; PostgreSQL was started again at ${((startedAt - stoppedAt) / 1000).toFixed(1)} s, ` +
    `every node ready ${ms(allReady - startedAt)} after that, none restarted)`);
  const s = stored(writes);
  const retried = writes.filter((w) => w.attempts > 1);
  console.log(`  calls: ${writes.length} sent, ${s.acked} acknowledged (${retried.length} after being sent again, up to ` +
    `${Math.max(0, ...retried.map((w) => w.attempts))} times); acknowledged but not stored: ${s.lost}; stored twice: ${s.twice}`);
  const { gaps, duplicates } = tally(streams, writes);
  console.log(`  live streams x acknowledged calls: ${gaps} gaps, ${duplicates} duplicates`);
  const notReady = nodes.filter((n) => !readiness[n].some((r) => !r.ok));
  if (s.lost || s.twice || gaps || duplicates || s.acked !== writes.length || notReady.length) {
    problems.push(`database: ${s.lost} lost, ${s.twice} twice, ${gaps} gaps, ${duplicates} duplicates, ${writes.length - s.acked} never acknowledged, nodes never not-ready: ${notReady.join(',') || '-'}`);
  }
  for (const st of streams) st.stop();
}

// --- 4. Leases fail over ------------------------------------------------------------------------

/** Which node's process holds the client end of a connection from local port `remotePort`. */
function nodeOfConnection(remotePort) {
  const out = execFileSync('ss', ['-Htnp', 'state', 'established', `( sport = :${remotePort} )`]).toString();
  const pid = Number(/pid=(\d+)/.exec(out)?.[1]);
  return nodes.find((n) => nodePid(n) === pid);
}
const nodeOfHolder = (holder) => nodes.find((n) => nodePid(n) === Number(holder.split('-')[0]));

async function leasesFailOver() {
  const pushPort = Number(process.env.DRILL_PUSH_PORT ?? 3190);
  const devices = 20;
  // A push service and a force's feed server in one: counts what reaches it, and from which node.
  const pushes = [];
  const feedRequests = [];
  const feedPath = `/feed/${run}.xml`;
  const feedItems = [1, 2, 3].map((i) => `<item><guid>drill-${run}-${i}</guid><title>Drill feed item ${i} ${run}</title>` +
    `<description>A cluster drill's feed item, number ${i}.</description><pubDate>${new Date().toUTCString()}</pubDate></item>`).join('');
  const feedBody = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Drill</title><link>http://127.0.0.1/</link>` +
    `<description>Drill</description>${feedItems}</channel></rss>`;
  const server = http.createServer((req, res) => {
    const node = nodeOfConnection(req.socket.remotePort);
    // Devices of earlier runs still follow the area: only this run's are counted.
    if (req.method === 'POST' && req.url.startsWith(`/push/${run}-`)) {
      pushes.push({ at: performance.now(), device: req.url, topic: req.headers.topic, node });
      req.resume();
      req.on('end', () => res.writeHead(201).end());
    } else if (req.url === feedPath) {
      feedRequests.push({ at: performance.now(), node, res });
      // The first poll is held open: its node dies with it in hand.
      if (feedRequests.length > 1) res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedBody);
    } else if (req.method === 'POST') {
      req.resume();
      req.on('end', () => res.writeHead(201).end());
    } else res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(pushPort, '127.0.0.1', r));

  // Push: devices follow the area (each from its own network, through a trusted proxy's header).
  console.log(`\nleases fail over: push (${devices} devices follow ${AREA} for warnings; lease 30 s)`);
  for (let i = 0; i < devices; i++) {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const form = { endpoint: `http://127.0.0.1:${pushPort}/push/${run}-${i}`, p256dh: ecdh.getPublicKey('base64url'),
      auth: randomBytes(16).toString('base64url'), time_zone: 'Europe/London', area: AREA, min_severity: 'warning' };
    const res = await call('follow_area', form, { to: nodes[i % nodes.length], forwardedFor: `10.${run.length}.${i}.7` });
    if (res.status !== 200) throw new Error(`follow_area: ${res.status} ${res.text}`);
  }
  let holder;
  for (let t = 0; t < 100 && !holder; t++) {
    holder = psql("SELECT holder FROM worker_leases WHERE name = 'push'")[0];
    if (!holder) await sleep(100);
  }
  const holderNode = nodeOfHolder(holder);
  const [officer] = await officers(1, 'lease');
  const killedAt = kill(holderNode);
  const published = await call('publish_update', { area: AREA, kind: 'neighbourhood', severity: 'warning', title: `Drill alert ${run}`,
    body: 'A cluster drill: an alert published just after the push sender died.', expires_hours: '2', form_key: randomBytes(16).toString('hex') },
  { cookie: officer.cookie });
  if (published.status !== 200) throw new Error(`publish_update: ${published.status} ${published.text}`);
  const publishedAt = performance.now();
  for (let t = 0; t < 900 && new Set(pushes.map((p) => p.device)).size < devices; t++) await sleep(100);
  await sleep(10_000);
  const perDevice = new Map();
  for (const p of pushes) perDevice.set(p.device, (perDevice.get(p.device) ?? 0) + 1);
  const twice = [...perDevice.values()].filter((n) => n > 1).length;
  const times = pushes.map((p) => p.at - publishedAt);
  const senders = [...new Set(pushes.map((p) => p.node))];
  console.log(`  the lease holder, node ${holderNode}, killed ${ms(publishedAt - killedAt)} before the alert was published`);
  console.log(`  devices alerted: ${perDevice.size} of ${devices}, ${twice} more than once; sent by node ${senders.join(', ')}; ` +
    `first ${ms(Math.min(...times))}, last ${ms(Math.max(...times))} after publishing`);
  if (perDevice.size !== devices || twice || senders.includes(holderNode)) problems.push(`push lease: ${perDevice.size}/${devices} alerted, ${twice} twice`);
  restart(holderNode);

  // Feeds: a poll cut by its node's death is taken over by another node when its lease ends.
  console.log(`feed poll lease (5 min): a new feed; the node polling it is killed with the poll in hand`);
  execFileSync(bin, ['feeds', 'add', `http://127.0.0.1:${pushPort}${feedPath}`, '--source', 'gmp-city-centre', '--areas', AREA, '--format', 'rss', '--every-minutes', '5'], {
    env: { ...process.env, BEAT_DATABASE_URL: db, BEAT_ALLOW_FEED_HOSTS: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const added = performance.now();
  for (let t = 0; t < 600 && feedRequests.length === 0; t++) await sleep(100);
  if (feedRequests.length === 0) throw new Error('no node polled the new feed within 60 s');
  const first = feedRequests[0];
  kill(first.node);
  console.log(`  polled first by node ${first.node} ${ms(first.at - added)} after it was added; that node killed`);
  for (let t = 0; t < 4200 && feedRequests.length < 2; t++) await sleep(100);
  first.res.destroy();
  if (feedRequests.length < 2) {
    problems.push('feed lease: no other node polled the feed within 7 min');
  } else {
    const second = feedRequests[1];
    let stored = 0;
    for (let t = 0; t < 100; t++) {
      stored = Number(psql(`SELECT COUNT(*) FROM updates u JOIN feed_sources f ON f.id = u.feed_source_id WHERE f.location LIKE '%${feedPath}'`)[0]);
      if (stored >= 3) break;
      await sleep(100);
    }
    await sleep(3000);
    console.log(`  polled again by node ${second.node} ${ms(second.at - first.at)} after the first poll began; ` +
      `polls in all: ${feedRequests.length}; items stored: ${stored} of 3`);
    if (second.node === first.node || stored !== 3 || feedRequests.length !== 2) problems.push(`feed lease: node ${second.node}, ${stored} items, ${feedRequests.length} polls`);
  }
  restart(first.node);
  server.close();
  server.closeAllConnections();
}

// --- 5. The cache never keeps a signed-in page or a cookie ---------------------------------------
async function cacheKeepsNothingPersonal() {
  const [officer] = await officers(1, 'cache');
  const displayName = 'Drill officer 0';
  const id = psql('SELECT id FROM updates WHERE withdrawn_at_ms IS NULL ORDER BY id DESC LIMIT 1')[0];
  const paths = ['/', `/area/${AREA}`, `/updates/${id}`, '/areas', `/area/${AREA}?kind=call_log`];
  console.log(`\nthe cache and sessions: ${paths.length} public pages, each asked for signed in and not, twice`);
  const seen = {};
  for (const path of paths) {
    for (const who of ['officer', 'anonymous', 'officer', 'anonymous', 'a forged session cookie']) {
      const headers = { 'accept-encoding': 'identity' };
      if (who === 'officer') headers.cookie = officer.cookie;
      if (who === 'a forged session cookie') headers.cookie = 'beat_session=forged';
      const res = await fetch(`${base}${path}`, { headers });
      const text = await res.text();
      const status = res.headers.get('x-cache-status') ?? '-';
      const key = `${who}: ${status} ${res.headers.get('cache-control')}`;
      seen[key] = (seen[key] ?? 0) + 1;
      if (who !== 'officer' && text.includes('Sign out')) problems.push(`cache: ${path} for ${who} shows a signed-in page (${status})`);
      if (who !== 'anonymous' && status !== 'BYPASS') problems.push(`cache: ${path} for ${who} came ${status}, not BYPASS`);
      if (who === 'officer' && !/private, no-store/.test(res.headers.get('cache-control') ?? '')) problems.push(`cache: ${path} signed in is ${res.headers.get('cache-control')}`);
    }
  }
  for (const [k, n] of Object.entries(seen)) console.log(`  ${k}: ${n}`);
  // What nginx keeps on disk: no session cookie, no Set-Cookie, nothing signed in.
  const files = execFileSync('find', [join(nginxDir, 'cache'), '-type', 'f']).toString().trim().split('\n').filter(Boolean);
  let cookies = 0;
  let personal = 0;
  for (const f of files) {
    const bytes = readFileSync(f).toString('latin1');
    if (/set-cookie|beat_session|__Host-beat/i.test(bytes)) cookies++;
    if (bytes.includes('Sign out') || bytes.includes(displayName) || bytes.includes(officer.username)) personal++;
  }
  console.log(`  nginx's cache: ${files.length} kept answers; holding a cookie: ${cookies}; holding a signed-in page: ${personal}`);
  if (cookies || personal) problems.push(`cache: ${cookies} kept answers with a cookie, ${personal} signed in`);
}

// What a live page does when its stream is refused: the app's own rule (reopen_delay_ms in
// app/src/live/wire.rs); PAGE_REOPEN=none is a page that gives up, as a bare EventSource does.
const pageReopen = process.env.PAGE_REOPEN === 'none' ? undefined : (attempt) => {
  const ceiling = Math.min(60_000, 2000 * 2 ** Math.min(attempt, 5));
  return ceiling / 2 + (ceiling / 2) * Math.random();
};

for (const [name, drill] of [['storm', storm], ['node', nodeDies], ['database', databaseRestarts], ['leases', leasesFailOver], ['cache', cacheKeepsNothingPersonal]]) {
  if (drills.includes(name)) await drill();
}
if (problems.length) {
  console.log(`\nproblems:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('\nevery drill: no problem found');
