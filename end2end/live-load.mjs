// Live delivery under load: how many open live streams one server holds, its memory as
// they open, and publish-to-client and publish-to-screen latency. Prints figures; it is
// a measurement, not a test (see README "Live days: measured").
//
//   make live-load                      (or: bash ../scripts/live-load.sh from end2end/)
//   LIVE_STEPS=1000,5000,10000 LIVE_POSTS=10 make live-load
//   LIVE_HTTP=2 make live-load          the streams over HTTP/2 without TLS (h2c), 100 to a
//                                       connection (LIVE_PER_CONNECTION), as a balancer
//                                       that speaks HTTP/2 to the nodes would carry them
//
// It starts its own `beat serve --demo` on a fresh SQLite file, opens plain HTTP streams on
// /events (as EventSource does), signs in the demo officer, logs calls through the same
// server function the call log form uses, and times each one to every stream. Then it opens
// one real page in Chromium and times the call to the screen, with the streams still open.
import { spawn } from 'node:child_process';
import http from 'node:http';
import http2 from 'node:http2';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const bin = process.env.BEAT_BIN ?? '../target/release/beat';
const port = Number(process.env.LIVE_PORT ?? 3400);
const steps = (process.env.LIVE_STEPS ?? '100,1000,5000,10000').split(',').map(Number);
const posts = Number(process.env.LIVE_POSTS ?? 10);
const area = 'E05011376';
const overHttp2 = process.env.LIVE_HTTP === '2';
const perConnection = Number(process.env.LIVE_PER_CONNECTION ?? 100);
const host = '127.0.0.1';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// The server's CPU time so far (user + system), in ms.
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};
const rssKiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;
// Not Math.max(...xs): 10 calls x 10,000 streams is more arguments than a call takes.
const max = (xs) => xs.reduce((m, x) => Math.max(m, x), -Infinity);

async function start() {
  const db = join(mkdtempSync(join(tmpdir(), 'beat-load-')), 'beat.db');
  // Every stream comes from this one machine: the per-address limit is lifted for the run.
  const child = spawn(bin, ['serve', '--demo', '--addr', `${host}:${port}`, '--live-streams-per-address', '50000'], {
    env: { ...process.env, BEAT_DATABASE_URL: `sqlite://${db}`, RUST_LOG: 'warn', BEAT_SECRET_KEY: '10ad'.repeat(16) },
    stdio: 'ignore',
  });
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://${host}:${port}/areas`)).ok) return child;
    } catch {}
    await sleep(250);
  }
  child.kill();
  throw new Error('server did not start');
}

async function post(path, form, cookie) {
  const res = await fetch(`http://${host}:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
  return res;
}

/** Reads a stream's events as they come; records when each load-test text arrives. */
function readEvents(res, seen) {
  res.setEncoding('utf8');
  let buf = '';
  res.on('data', (chunk) => {
    buf += chunk;
    let end;
    while ((end = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, end);
      buf = buf.slice(end + 2);
      const m = /"body":"(load test \d+)"/.exec(block);
      if (m) seen(m[1], performance.now());
    }
  });
}

/** One open stream over HTTP/1.1 (a connection each, as EventSource does); resolves once the
 * server has answered. */
function openStream(agent, seen) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path: `/events?area=${area}`, agent }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream: ${res.statusCode}`));
      readEvents(res, seen);
      resolve(req);
    });
    req.on('error', reject);
  });
}

/** HTTP/2 connections (h2c), each carrying up to `perConnection` streams. */
const sessions = [];
function openStream2(seen, index) {
  if (index % perConnection === 0) sessions.push(http2.connect(`http://${host}:${port}`));
  const session = sessions[sessions.length - 1];
  return new Promise((resolve, reject) => {
    const req = session.request({ ':path': `/events?area=${area}` });
    req.on('response', (headers) => {
      if (headers[':status'] !== 200) return reject(new Error(`stream: ${headers[':status']}`));
      readEvents(req, seen);
      resolve({ destroy: () => req.close() });
    });
    req.on('error', reject);
  });
}

const server = await start();
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const arrivals = new Map(); // text -> [times]
const seen = (text, at) => {
  if (!arrivals.has(text)) arrivals.set(text, []);
  arrivals.get(text).push(at);
};
const streams = [];
const baseline = rssKiB(server.pid);
console.log(`beat serve: pid ${server.pid}, ${(baseline / 1024).toFixed(1)} MiB resident with no live streams`);
console.log(overHttp2 ? `streams over HTTP/2 (h2c), ${perConnection} to a connection` : 'streams over HTTP/1.1, one to a connection');
console.log('\n| open streams | server memory (RSS) | per stream | open time |');
console.log('|---|---|---|---|');
for (const target of steps) {
  const t0 = performance.now();
  while (streams.length < target) {
    const batch = [];
    for (let i = 0; i < 200 && streams.length + batch.length < target; i++) {
      batch.push(overHttp2 ? openStream2(seen, streams.length + batch.length) : openStream(agent, seen));
    }
    streams.push(...(await Promise.all(batch)));
  }
  const opened = performance.now() - t0;
  await sleep(1000);
  const rss = rssKiB(server.pid);
  console.log(
    `| ${streams.length} | ${(rss / 1024).toFixed(1)} MiB | ${(((rss - baseline) * 1024) / streams.length / 1024).toFixed(1)} KiB | ${fmt(opened)} |`,
  );
}

// Sign in the demo officer and log calls; time each to every open stream.
const signIn = await post('/api/sign_in', { username: 'officer.citycentre', password: 'beat demo passphrase' });
const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('beat_session=')).split(';')[0];
const client = [];
const cpuBefore = cpuMs(server.pid);
const readerBefore = process.cpuUsage();
for (let n = 0; n < posts; n++) {
  const text = `load test ${n}`;
  const t0 = performance.now();
  const res = await post('/api/log_call', { area, category: 'noise', outcome: 'unknown', received: '', text }, cookie);
  if (!res.ok) throw new Error(`log_call: ${res.status} ${await res.text()}`);
  for (let i = 0; i < 200 && (arrivals.get(text)?.length ?? 0) < streams.length; i++) await sleep(25);
  const times = (arrivals.get(text) ?? []).map((t) => t - t0);
  if (times.length !== streams.length) console.log(`post ${n}: only ${times.length} of ${streams.length} streams got it`);
  client.push(...times);
  await sleep(100);
}
// The pauses between calls are idle; the rest is the calls and their fan-out.
const cpuPerCall = (cpuMs(server.pid) - cpuBefore) / posts;
const readerUsage = process.cpuUsage(readerBefore);
const readerPerCall = (readerUsage.user + readerUsage.system) / 1000 / posts;
console.log(`\nPublish to client (${posts} calls logged, each timed to all ${streams.length} streams; includes the log_call request):`);
console.log(`p50 ${fmt(pct(client, 50))}, p95 ${fmt(pct(client, 95))}, p99 ${fmt(pct(client, 99))}, max ${fmt(max(client))}`);
console.log(`server CPU per call, with its fan-out to ${streams.length} streams: ${fmt(cpuPerCall)}`);
// The streams' reader runs on the same cores: the last stream cannot have the update before
// the server's and the reader's work for it are both done, on however many cores there are.
console.log(`this reader's CPU per call, reading it on ${streams.length} streams: ${fmt(readerPerCall)}`);

// Publish to screen: a real page, with the streams still open.
const browser = await chromium.launch({ executablePath: process.env.BEAT_CHROMIUM || undefined, args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
await page.goto(`http://${host}:${port}/area/${area}`);
await page.getByText('Live: new updates appear here').waitFor();
const screen = [];
for (let n = 0; n < posts; n++) {
  const text = `screen test ${n} ${Date.now()}`;
  const t0 = performance.now();
  const res = await post('/api/log_call', { area, category: 'theft', outcome: 'unknown', received: '', text }, cookie);
  if (!res.ok) throw new Error(`log_call: ${res.status}`);
  await page.locator('article', { hasText: text }).waitFor();
  screen.push(performance.now() - t0);
}
console.log(`\nPublish to screen (Chromium at 390x844, ${posts} calls, with ${streams.length} other streams open):`);
console.log(`p50 ${fmt(pct(screen, 50))}, p95 ${fmt(pct(screen, 95))}, max ${fmt(max(screen))}`);
console.log(`server memory at the end: ${(rssKiB(server.pid) / 1024).toFixed(1)} MiB`);

await browser.close();
for (const s of streams) s.destroy();
for (const s of sessions) s.destroy();
server.kill('SIGINT');
