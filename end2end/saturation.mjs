// Saturation: a release server driven flat out for 60 s with a mix of an area's page, its
// published feed, `locate` for a cell, and sign-in attempts with wrong passwords (a flood):
// errors other than the deliberate 429/503 (goal 0), throughput and latency per kind, and the
// server's memory before, at its peak and after. Prints figures; a measurement, not a test.
//
//   make saturation                        SATURATION_SECONDS=60 SATURATION_CONNECTIONS=64
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { startDemoServer } from './drill-server.mjs';

const bin = process.env.BEAT_BIN ?? '../target/release/beat';
const port = Number(process.env.SATURATION_PORT ?? 3600);
const seconds = Number(process.env.SATURATION_SECONDS ?? 60);
const connections = Number(process.env.SATURATION_CONNECTIONS ?? 64);
const base = `http://127.0.0.1:${port}`;
const area = 'E05011376';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rnd = (n) => Math.floor(Math.random() * n);
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const threads = (pid) => Number(/Threads:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

// Sign-ins come from many networks (a botnet), through this machine as a trusted proxy, so the
// server's own bound on password hashing is what turns the excess away, not the per-network limit.
const server = await startDemoServer({
  bin, port, name: 'saturation', key: '5a7e'.repeat(16), args: ['--trusted-proxies', '127.0.0.1/32'],
});

const kinds = {
  page: { method: 'GET', path: `/area/${area}` },
  feed: { method: 'GET', path: `/area/${area}/feed.atom` },
  locate: { method: 'POST', path: '/api/locate', body: 'cell=5347_8871' },
  sign_in: { method: 'POST', path: '/api/sign_in' },
};
const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };

/** One autocannon run per kind, all at once, each with its share of the connections. */
async function drive(duration) {
  const share = { page: 0.4, feed: 0.2, locate: 0.2, sign_in: 0.2 };
  const runs = Object.entries(kinds).map(([name, k]) =>
    autocannon({
      url: base,
      duration,
      connections: Math.max(1, Math.round(connections * share[name])),
      requests: [
        {
          method: k.method,
          path: k.path,
          headers: k.method === 'POST' ? form : {},
          setupRequest:
            name === 'sign_in'
              ? (req) => ({
                  ...req,
                  headers: { ...req.headers, 'x-forwarded-for': `10.${rnd(256)}.${rnd(256)}.${1 + rnd(250)}` },
                  body: `username=nobody${rnd(1e9)}&password=wrong+guess+here`,
                })
              : (req) => ({ ...req, body: k.body }),
        },
      ],
    }).then((result) => [name, result]),
  );
  return Object.fromEntries(await Promise.all(runs));
}

const before = rssMiB(server.pid);
let peak = before;
let peakThreads = threads(server.pid);
const sampler = setInterval(() => {
  peak = Math.max(peak, rssMiB(server.pid));
  peakThreads = Math.max(peakThreads, threads(server.pid));
}, 250);
await drive(3); // warm-up, not counted
const results = await drive(seconds);
clearInterval(sampler);
// An ordinary page right after the flood, and memory once it has passed.
const t0 = performance.now();
const after = await fetch(`${base}/area/${area}`);
const firstAfter = performance.now() - t0;
await sleep(10_000);
const settled = rssMiB(server.pid);
await sleep(20_000);
const later = rssMiB(server.pid);

let unexpected = 0;
console.log(`\nsaturation: ${seconds} s, ${connections} connections (page 40 %, feed 20 %, locate 20 %, sign-in 20 %)`);
console.log('kind      req/s   p50 ms  p99 ms   2xx      429     503   other non-2xx  socket errors/timeouts');
for (const [name, r] of Object.entries(results)) {
  const codes = r.statusCodeStats ?? {};
  const n = (c) => codes[c]?.count ?? 0;
  const ok = Object.entries(codes).filter(([c]) => c.startsWith('2')).reduce((s, [, v]) => s + v.count, 0);
  const other = Object.entries(codes).filter(([c]) => !c.startsWith('2') && c !== '429' && c !== '503').reduce((s, [, v]) => s + v.count, 0);
  // Sign-in with a wrong password is answered 400 (the password field's error) by design:
  // that is its success here.
  const expectedOther = name === 'sign_in' ? n('400') : 0;
  const wrong = other - expectedOther + r.errors + r.timeouts;
  if (wrong) console.log(`  ${name}: ${JSON.stringify(codes)} errors ${r.errors} timeouts ${r.timeouts}`);
  unexpected += wrong;
  console.log(
    `${name.padEnd(8)} ${String(Math.round(r.requests.average)).padStart(6)} ${String(r.latency.p50).padStart(8)} ${String(r.latency.p99).padStart(7)} ${String(ok).padStart(6)} ${String(n('429')).padStart(8)} ${String(n('503')).padStart(7)} ${String(other).padStart(9)}${name === 'sign_in' ? ' (400)' : '      '} ${String(r.errors + r.timeouts).padStart(8)}`,
  );
}
console.log(`memory: ${before.toFixed(0)} MiB before, ${peak.toFixed(0)} MiB at peak, ${settled.toFixed(0)} MiB 10 s after, ${later.toFixed(0)} MiB 30 s after; threads at peak ${peakThreads}`);
console.log(`an area page right after: ${after.status} in ${firstAfter.toFixed(1)} ms`);
console.log(unexpected === 0 ? 'errors beyond deliberate 429/503: 0' : `UNEXPECTED errors: ${unexpected}`);
server.kill('SIGTERM');
process.exit(unexpected === 0 ? 0 : 1);
