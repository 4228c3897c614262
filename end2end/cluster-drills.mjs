// Drills on a running cluster (scripts/cluster.sh: nginx -> N nodes -> PostgreSQL). Prints
// figures; a measurement, not a test. `make cluster-drills` starts the cluster, runs this and
// stops it.
//
// 1. Storm morning: page loads of 300 pages (every area's page and the newest updates') in a
//    skewed mix, as fast as the machine takes them for STORM_SECONDS (60), through the cache:
//    requests/s, p50/p99, errors, and how many requests reached the app servers.
//
//   CLUSTER_URL (http://127.0.0.1:8080)  CLUSTER_WORK (~/.cache/beat/cluster)  BEAT_DATABASE_URL
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const base = process.env.CLUSTER_URL ?? 'http://127.0.0.1:8080';
const work = process.env.CLUSTER_WORK ?? join(process.env.BEAT_CACHE ?? join(homedir(), '.cache/beat'), 'cluster');
const db = process.env.BEAT_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55432/beat';
const seconds = Number(process.env.STORM_SECONDS ?? 60);
const connections = Number(process.env.STORM_CONNECTIONS ?? 128);
// As root, scripts/cluster.sh keeps nginx's files where its workers (nobody) can reach them.
const nginxDir = process.env.CLUSTER_NGINX ?? (process.getuid() === 0 ? '/var/tmp/beat-cluster-nginx' : join(work, 'nginx'));
const accessLog = join(nginxDir, 'logs/access.log');
const psql = (sql) => execFileSync('psql', [db, '-tAc', sql]).toString().trim().split('\n').filter(Boolean);
const MAX_AGE_S = 60;

// --- 1. Storm morning --------------------------------------------------------------------------
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
