// What a fresh browser downloads to run Beat's pages: for each public page and one staff page,
// the JS and WASM fetched (by the page and by its service worker's install) in a new phone-sized
// Chromium with an empty cache, raw and as gzip (level 9) and brotli (quality 11) would carry
// them. Then, with `twiggy`, what the largest WASM file is made of. Prints figures; a
// measurement, not a test.
//
//   make size          (builds first; BEAT_BIN, SIZE_PORT, SIZE_TOP=15 change it)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { chromium } from '@playwright/test';
import { startDemoServer } from './drill-server.mjs';

const bin = process.env.BEAT_BIN ?? '../target/release/beat';
const port = Number(process.env.SIZE_PORT ?? 3700);
const top = Number(process.env.SIZE_TOP ?? 15);
const base = `http://127.0.0.1:${port}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const server = await startDemoServer({ bin, port, name: 'size', key: '512e'.repeat(16) });

const browser = await chromium.launch({
  executablePath: process.env.BEAT_CHROMIUM || undefined,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
});
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB', baseURL: base };

/** The first link on `path` whose address matches `pattern`. */
async function firstLink(path, pattern) {
  const html = await (await fetch(base + path)).text();
  const href = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]).find((h) => pattern.test(h));
  if (!href) throw new Error(`no link matching ${pattern} on ${path}`);
  return href.replaceAll('&amp;', '&');
}

const kib = (n) => (n / 1024).toFixed(1);
const isCode = (url, type) => /\.(m?js|wasm)(\?|$)/.test(url) || type === 'script';

/** Opens `path` in a fresh context (signed in as `user` first, if given) and sums what came. */
async function measure(label, path, user) {
  const context = await browser.newContext(phone);
  if (user) {
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Username').fill(user);
    await page.getByLabel('Password').fill('beat demo passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/account$/);
    await page.close();
    // Only what the staff page itself needs counts: the cache starts empty again.
    const cdp = await context.newCDPSession(await context.newPage());
    await cdp.send('Network.clearBrowserCache');
  }
  const bodies = new Map();
  context.on('response', async (response) => {
    const url = response.url();
    if (!isCode(url, response.request().resourceType()) || bodies.has(url)) return;
    bodies.set(url, null);
    try {
      bodies.set(url, await response.body());
    } catch {
      bodies.delete(url); // a redirect or an aborted fetch carries no body
    }
  });
  const page = await context.newPage();
  await page.goto(path, { waitUntil: 'load' });
  // The app starts, and the service worker installs and fills its cache.
  await page.waitForFunction(() => document.body.dataset.hydrated === 'true' || document.readyState === 'complete');
  await page.waitForLoadState('networkidle');
  await sleep(1500);
  await context.close();
  const files = [...bodies.entries()].filter(([, b]) => b);
  const sum = (f, only = () => true) => files.filter(([u]) => only(u)).reduce((n, [, b]) => n + f(b), 0);
  const isWasm = (u) => /\.wasm/.test(u);
  return {
    label,
    path,
    js: sum((b) => b.length, (u) => !isWasm(u)),
    wasm: sum((b) => b.length, isWasm),
    raw: sum((b) => b.length),
    gzip: sum((b) => gzipSync(b, { level: 9 }).length),
    brotli: sum((b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length),
    files: files.map(([u]) => new URL(u).pathname),
  };
}

const update = await firstLink('/area/E05011376', /^\/updates\/\d+/);
const day = await firstLink('/live', /^\/live\/[^/?#]+$/);
const session = await firstLink('/ask', /^\/ask\/\d+/);
const pages = [
  ['home', '/'],
  ['areas', '/areas'],
  ['area feed', '/area/E05011376'],
  ['update', update],
  ['live', '/live'],
  ['live day', day],
  ['ask', '/ask'],
  ['Q&A session', session],
  ['staff: publish', '/publish', 'officer.gmp'],
];
const rows = [];
for (const [label, path, user] of pages) rows.push(await measure(label, path, user));
await browser.close();
server.kill('SIGINT');

console.log('\nJS + WASM a fresh phone browser downloads per page (KiB; gzip -9, brotli q11)');
console.log(`  ${'page'.padEnd(16)} ${'path'.padEnd(26)} ${'JS'.padStart(8)} ${'WASM'.padStart(9)} ${'raw'.padStart(9)} ${'gzip'.padStart(8)} ${'brotli'.padStart(8)}`);
for (const r of rows) {
  console.log(
    `  ${r.label.padEnd(16)} ${r.path.slice(0, 26).padEnd(26)} ${kib(r.js).padStart(8)} ${kib(r.wasm).padStart(9)} ${kib(r.raw).padStart(9)} ${kib(r.gzip).padStart(8)} ${kib(r.brotli).padStart(8)}`,
  );
}
const files = [...new Set(rows.flatMap((r) => r.files))];
console.log(`  files: ${files.join(', ')}`);

// What the WASM is made of. The shipped file has lost its names to wasm-opt, so twiggy reads
// the same code as wasm-bindgen's input (names kept); its sizes are before wasm-opt's pass.
const named = process.env.SIZE_NAMED_WASM;
if (!named || !existsSync(named)) {
  console.log('\ntwiggy: no named WASM (SIZE_NAMED_WASM) to read');
} else if (spawnSync('twiggy', ['--version']).status !== 0) {
  console.log('\ntwiggy is not installed (cargo install twiggy)');
} else {
  // Everything twiggy sees, as CSV: Name,ShallowSize,ShallowSizePercent,RetainedSize,...
  const csv = spawnSync('twiggy', ['top', '-f', 'csv', named], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const items = csv.stdout
    .split('\n')
    .slice(1)
    .map(parseCsvLine)
    .filter((f) => f.length >= 2)
    .map(([name, size]) => ({ name, size: Number(size) }))
    .filter((i) => Number.isFinite(i.size));
  const total = items.reduce((n, i) => n + i.size, 0);
  // Names and the bindgen description section are gone from the shipped file (wasm-opt strips
  // them), so only code and data count.
  const shipped = items.filter((i) => !isCustomSection(i.name));
  const code = shipped.reduce((n, i) => n + i.size, 0);
  console.log(`\nwhat ${named} is made of (twiggy; sizes before wasm-opt):`);
  console.log(`  ${kib(total)} KiB in all, ${kib(total - code)} KiB of it names and custom sections that the shipped file drops`);
  const byCrate = new Map();
  for (const i of shipped) {
    const crate = crateOf(i.name);
    byCrate.set(crate, (byCrate.get(crate) ?? 0) + i.size);
  }
  console.log(`  largest crates (of ${kib(code)} KiB of code and data):`);
  for (const [crate, size] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`    ${kib(size).padStart(8)} KiB ${((100 * size) / code).toFixed(1).padStart(5)}%  ${crate}`);
  }
  console.log('  largest items:');
  for (const i of shipped.sort((a, b) => b.size - a.size).slice(0, top)) {
    console.log(`    ${kib(i.size).padStart(8)} KiB  ${i.name.length > 110 ? i.name.slice(0, 107) + '...' : i.name}`);
  }
}

/** One CSV line, with double-quoted fields that may hold commas and doubled quotes. */
function parseCsvLine(line) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') fields.push(field), (field = '');
    else field += c;
  }
  fields.push(field);
  return fields;
}

function isCustomSection(name) {
  return /subsection|custom section|^__wasm_bindgen_unstable|^producers|^target_features|^\.debug/.test(name);
}

/** The crate an item's demangled name belongs to: `<tachys::X as Y>::f` is tachys's. */
function crateOf(name) {
  if (/^data( segment)?\b/.test(name)) return '(data segments)';
  if (/^(elem|table|type|import|export|global|memory)\b/.test(name)) return '(wasm tables, types, imports)';
  const path = name.replace(/^(<|&|mut |dyn |\*const |\*mut |\[|\()+/, '');
  const m = /^([A-Za-z_][A-Za-z0-9_]*)::/.exec(path);
  return m ? m[1] : '(unnamed)';
}
