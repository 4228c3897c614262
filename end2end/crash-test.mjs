// Crash durability: bursts of writes at a release server that is killed (SIGKILL) at random
// moments and started again, then a check that every acknowledged write is stored exactly
// once and nothing unacknowledged is half-written. Prints counts; a measurement, not a test
// of `make test` (see README "Crash durability").
//
//   make crash-test                       (both engines; PostgreSQL when it answers)
//   CRASH_KILLS=40 CRASH_ENGINES=sqlite make crash-test
//
// The writes are what people do, through the same server functions their forms post to:
// reporters submit notes (each with the note's own retry key), officers publish updates
// (each with the form's key), and residents follow an area for alerts (each device its own
// push endpoint and network, through a trusted proxy's X-Forwarded-For). A write whose answer
// was lost in a kill is sent again after the restart with the same key, as the app's outbox
// and a second tap do; about half are, the rest never are.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createECDH, randomBytes, randomUUID } from 'node:crypto';

const bin = process.env.BEAT_BIN ?? '../target/release/beat';
const port = Number(process.env.CRASH_PORT ?? 3500);
const kills = Number(process.env.CRASH_KILLS ?? 20);
const engines = (process.env.CRASH_ENGINES ?? 'sqlite,postgres').split(',');
const pgAdmin = process.env.CRASH_PG ?? 'postgres://127.0.0.1:5432/test';
const base = `http://127.0.0.1:${port}`;
const area = 'E05011376';
const password = 'crash test passphrase';
const key = 'c4a5'.repeat(16);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let current; // the running server, killed if the script fails
// Notes and updates are limited per person and hour (10 and 30): enough people that every
// round has its share of each, spread over the run.
const REPORTERS = 20;
const OFFICERS = 10;

function sql(engine, url, query) {
  const out =
    engine === 'sqlite'
      ? execFileSync('sqlite3', ['-separator', '|', url.replace('sqlite://', ''), query])
      : execFileSync('psql', ['-qAtX', '-F', '|', url, '-c', query]);
  return out.toString().trim().split('\n').filter(Boolean).map((l) => l.split('|'));
}

function serve(url) {
  const child = spawn(bin, ['serve', '--demo', '--addr', `127.0.0.1:${port}`, '--trusted-proxies', '127.0.0.1/32'], {
    env: { ...process.env, BEAT_DATABASE_URL: url, BEAT_SECRET_KEY: key, RUST_LOG: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function ready() {
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`${base}/areas`)).ok) return;
    } catch {}
    await sleep(50);
  }
  throw new Error('server did not start');
}

async function call(name, form, { cookie, forwardedFor } = {}) {
  const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (cookie) headers.cookie = cookie;
  if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
  const res = await fetch(`${base}/api/${name}`, { method: 'POST', headers, body: new URLSearchParams(form).toString() });
  const text = await res.text();
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { status: res.status, text, cookie: cookies };
}

async function signIn(username, pass) {
  const res = await call('sign_in', { username, password: pass });
  if (res.status >= 400 || !res.cookie) throw new Error(`sign in ${username}: ${res.status} ${res.text}`);
  return res.cookie;
}

function londonNow(minusMinutes) {
  const d = new Date(Date.now() - minusMinutes * 60_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The people: extra reporters and officers (the limits are per person, per hour). */
async function setUp(url) {
  const create = (username, role, source) =>
    execFileSync(bin, ['create-account', '--username', username, '--display-name', username, '--role', role, '--source', source], {
      env: { ...process.env, BEAT_DATABASE_URL: url, BEAT_PASSWORD: password },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  const reporters = [];
  const officers = [];
  for (let i = 0; i < REPORTERS; i++) create(`crash.reporter${i}`, 'reporter', '');
  for (let i = 0; i < OFFICERS; i++) create(`crash.officer${i}`, 'officer', 'gmp-city-centre');
  const boss = await signIn('officer.citycentre', 'beat demo passphrase');
  for (let i = 0; i < REPORTERS; i++) {
    const username = `crash.reporter${i}`;
    const res = await call(
      'arrange_ride_along',
      { reporter: username, team: 'gmp-city-centre', area, starts: londonNow(60), hours: '8' },
      { cookie: boss },
    );
    if (res.status !== 200) throw new Error(`ride-along: ${res.status} ${res.text}`);
    reporters.push({ username, ride: JSON.parse(res.text) });
  }
  for (let i = 0; i < OFFICERS; i++) officers.push({ username: `crash.officer${i}` });
  return { reporters, officers };
}

/** One write of each kind; `send()` posts it (again, with the same key, on a retry). */
function note(reporter) {
  const clientKey = `crash-${randomUUID()}`;
  return {
    kind: 'note', key: clientKey,
    send: () => call('save_note', { ride: String(reporter.ride), client_key: clientKey, title: `Crash note ${clientKey.slice(6, 14)}`, saw: 'Quiet streets and a busy chip shop.', submit: '1' }, { cookie: reporter.cookie }),
  };
}
function update(officer) {
  const formKey = `crash-${randomUUID()}`;
  return {
    kind: 'update', key: formKey,
    send: () => call('publish_update', { area, kind: 'neighbourhood', severity: 'info', title: `Crash update ${formKey.slice(6, 14)}`, body: 'Patrols in the city centre tonight.', expires_hours: '24', form_key: formKey }, { cookie: officer.cookie }),
  };
}
function follow() {
  const endpoint = `https://fcm.googleapis.com/fcm/send/crash-${randomUUID()}`;
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const ip = `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0] % 250)}`;
  // Another ward than the one the officers publish to: no alert is sent to these made-up
  // endpoints, so none is dropped for failing (which would look like a lost write).
  const form = { endpoint, p256dh: ecdh.getPublicKey('base64url'), auth: randomBytes(16).toString('base64url'), time_zone: 'Europe/London', area: 'W05001274', min_severity: 'info' };
  return { kind: 'follow', key: endpoint, send: () => call('follow_area', form, { forwardedFor: ip }) };
}

async function attempt(write) {
  try {
    const res = await write.send();
    if (res.status === 200) write.acked = true;
    else if (res.status === 429 || res.status === 503) write.refused = (write.refused ?? 0) + 1;
    else write.errors = [...(write.errors ?? []), `${res.status} ${res.text.slice(0, 200)}`];
  } catch (e) {
    // Refused: the server was already down and nothing was sent. Otherwise the server died
    // with the request in hand: its answer is lost.
    if (e.cause?.code === 'ECONNREFUSED') write.unsent = true;
    else write.lost = (write.lost ?? 0) + 1;
  }
}

async function run(engine) {
  let url;
  if (engine === 'sqlite') {
    url = `sqlite://${join(mkdtempSync(join(tmpdir(), 'beat-crash-')), 'beat.db')}`;
  } else {
    try {
      execFileSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432']);
    } catch {
      console.log('postgres: no PostgreSQL on 127.0.0.1:5432, not run');
      return true;
    }
    execFileSync('psql', ['-qX', pgAdmin, '-c', 'DROP DATABASE IF EXISTS beat_crash', '-c', 'CREATE DATABASE beat_crash']);
    url = pgAdmin.replace(/\/[^/]*$/, '/beat_crash');
  }
  let server = (current = serve(url));
  await ready();
  const { reporters, officers } = await setUp(url);
  // Sessions are kept in the database: one sign-in each serves every round.
  for (const p of [...reporters, ...officers]) p.cookie = await signIn(p.username, password);
  const writes = [];
  const started = performance.now();
  // Each round gets its share of what the limits allow; follows fill the rest.
  const quota = { note: 10 * reporters.length, update: 30 * officers.length };
  const used = { note: 0, update: 0 };
  const share = (kind, round) => Math.floor((quota[kind] * (round + 1)) / kills) - used[kind];
  const pick = (round) => {
    const r = Math.random();
    if (r < 0.35 && share('note', round) > 0) return note(reporters[used.note++ % reporters.length]);
    if (r < 0.7 && share('update', round) > 0) return update(officers[used.update++ % officers.length]);
    return follow();
  };
  for (let round = 0; round < kills; round++) {
    // Retry about half of the writes whose answers were lost, as a device would.
    const retries = writes.filter((w) => !w.acked && w.lost && !w.retried && Math.random() < 0.5);
    for (const w of retries) w.retried = true;
    const stop = { at: 150 + Math.random() * 1500 };
    const workers = [];
    for (let lane = 0; lane < 8; lane++) {
      workers.push(
        (async () => {
          for (let i = 0; ; i++) {
            const w = retries.pop() ?? pick(round);
            delete w.unsent;
            await attempt(w);
            if (!w.unsent && !writes.includes(w)) writes.push(w);
            if (w.lost || w.unsent) return;
            await sleep(Math.random() * 60);
          }
        })(),
      );
    }
    await sleep(stop.at);
    server.kill('SIGKILL');
    await Promise.all(workers);
    await new Promise((r) => (server.exitCode !== null || server.signalCode ? r() : server.once('exit', r)));
    server = current = serve(url);
    await ready();
  }
  // The last retries, then stop cleanly.
  for (const w of writes.filter((w) => !w.acked && w.lost && !w.retried && Math.random() < 0.5)) {
    w.retried = true;
    await attempt(w);
  }
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  const seconds = (performance.now() - started) / 1000;

  // What is stored, by each write's key.
  const stored = new Map();
  const count = (rows, kind) => rows.forEach(([k, n]) => stored.set(`${kind}:${k}`, Number(n)));
  count(sql(engine, url, "SELECT client_key, COUNT(*) FROM notes WHERE client_key LIKE 'crash-%' GROUP BY client_key"), 'note');
  count(sql(engine, url, "SELECT client_key, COUNT(*) FROM updates WHERE client_key LIKE 'crash-%' GROUP BY client_key"), 'update');
  count(sql(engine, url, "SELECT endpoint, COUNT(*) FROM push_subscriptions WHERE endpoint LIKE '%/crash-%' GROUP BY endpoint"), 'follow');
  // Half-written: an update with no area, a submitted note with no audit record, a
  // subscription following nothing.
  const half = [
    ...sql(engine, url, "SELECT 'update ' || u.id FROM updates u WHERE u.client_key LIKE 'crash-%' AND NOT EXISTS (SELECT 1 FROM update_areas a WHERE a.update_id = u.id)"),
    ...sql(engine, url, "SELECT 'note ' || n.id FROM notes n WHERE n.client_key LIKE 'crash-%' AND NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.subject = 'note' AND l.subject_id = n.id AND l.action = 'note.submit')"),
    ...sql(engine, url, "SELECT 'follow ' || s.id FROM push_subscriptions s WHERE s.endpoint LIKE '%/crash-%' AND NOT EXISTS (SELECT 1 FROM push_subscription_areas a WHERE a.subscription_id = s.id)"),
  ];
  const integrity = engine === 'sqlite' ? sql(engine, url, 'PRAGMA integrity_check').flat().join(' ') : 'n/a';

  const problems = [];
  const table = {};
  for (const w of writes) {
    const n = stored.get(`${w.kind}:${w.key}`) ?? 0;
    const row = (table[w.kind] ??= { sent: 0, acked: 0, lost: 0, retried: 0, refused: 0, storedOnce: 0, missing: 0, twice: 0, unackedStored: 0 });
    row.sent++;
    if (w.acked) row.acked++;
    if (w.lost) row.lost++;
    if (w.retried) row.retried++;
    if (w.refused && !w.acked) row.refused++;
    if (n === 1) row.storedOnce++;
    if (n > 1) (row.twice++, problems.push(`${w.kind} ${w.key} stored ${n} times`));
    if (w.acked && n === 0) (row.missing++, problems.push(`${w.kind} ${w.key} acknowledged, not stored`));
    if (!w.acked && n > 0) row.unackedStored++;
    if (w.refused && !w.acked && !w.lost && n > 0) problems.push(`${w.kind} ${w.key} refused, yet stored`);
    for (const e of w.errors ?? []) problems.push(`${w.kind}: ${e}`);
  }
  problems.push(...half.map(([what]) => `half-written: ${what}`));
  if (engine === 'sqlite' && integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);

  console.log(`\n${engine}: ${kills} kills (SIGKILL at a random 0.15-1.65 s into each burst of 8 writers) in ${seconds.toFixed(0)} s`);
  console.log('write    sent  acked  answer lost  sent again  refused 429/503  stored once  acked, missing  stored twice  unacked, stored (complete)');
  for (const [kind, r] of Object.entries(table)) {
    console.log(`${kind.padEnd(7)} ${String(r.sent).padStart(5)} ${String(r.acked).padStart(6)} ${String(r.lost).padStart(12)} ${String(r.retried).padStart(11)} ${String(r.refused).padStart(16)} ${String(r.storedOnce).padStart(12)} ${String(r.missing).padStart(15)} ${String(r.twice).padStart(13)} ${String(r.unackedStored).padStart(14)}`);
  }
  console.log(`half-written rows: ${half.length}; ${engine === 'sqlite' ? `integrity_check: ${integrity}` : 'PostgreSQL'}`);
  if (problems.length) console.log(`PROBLEMS (${problems.length}):\n  ${problems.slice(0, 30).join('\n  ')}`);
  if (engine === 'postgres') execFileSync('psql', ['-qX', pgAdmin, '-c', 'DROP DATABASE IF EXISTS beat_crash']);
  return problems.length === 0;
}

let ok = true;
try {
  for (const engine of engines) ok = (await run(engine)) && ok;
} catch (e) {
  console.error(e);
  ok = false;
} finally {
  current?.kill('SIGKILL');
}
console.log(ok ? '\ncrash-test: every acknowledged write stored exactly once, nothing half-written' : '\ncrash-test: FAILED');
process.exit(ok ? 0 : 1);
