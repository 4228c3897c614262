#!/usr/bin/env bash
# Lighthouse (npm lighthouse 12, Debian Chromium, mobile defaults: a mid-range phone on
# slow 4G, simulated) against an area's feed page of the release build. Prints the four
# category scores, LCP and total bytes; keeps the full reports in target/lighthouse/.
#
#   make lighthouse            (builds first)      RUNS=3 make lighthouse   (median of 3)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${BEAT_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/beat/target}/release/beat}"
PORT="${LIGHTHOUSE_PORT:-3300}"
PAGE="${LIGHTHOUSE_PAGE:-/area/E05011376}"
RUNS="${RUNS:-3}"
OUT="$ROOT/target/lighthouse"
export CHROME_PATH="${CHROME_PATH:-$(command -v chromium || command -v chromium-browser || command -v google-chrome)}"
mkdir -p "$OUT"

# npm install, not ci: lighthouse 12 asks for third-party-web "latest", which no lock file satisfies for long.
(cd "$ROOT/scripts/lighthouse" && npm install --silent --no-audit --no-fund)

db="$(mktemp -d)/beat.db"
BEAT_DATABASE_URL="sqlite://$db" LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$ROOT/target/site}" \
  BEAT_SECRET_KEY="$(printf 'beef%.0s' {1..16})" "$BIN" serve --demo --addr "127.0.0.1:$PORT" >"$OUT/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/areas" 2>/dev/null && break
  sleep 0.25
done

for i in $(seq 1 "$RUNS"); do
  "$ROOT/scripts/lighthouse/node_modules/.bin/lighthouse" "http://127.0.0.1:$PORT$PAGE" \
    --quiet --output=json --output-path="$OUT/run-$i.json" \
    --chrome-flags="--headless=new --no-sandbox --disable-background-networking" >/dev/null
done

node - "$OUT" "$RUNS" "$PAGE" <<'JS'
const [dir, runs, page] = process.argv.slice(2);
const fs = require('fs');
const reports = Array.from({ length: Number(runs) }, (_, i) => JSON.parse(fs.readFileSync(`${dir}/run-${i + 1}.json`, 'utf8')));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pick = (f) => median(reports.map(f));
const score = (id) => Math.round(pick((r) => r.categories[id].score) * 100);
const r0 = reports[0];
console.log(`Lighthouse ${r0.lighthouseVersion}, ${r0.configSettings.formFactor}, throttling ${r0.configSettings.throttlingMethod}, ${runs} run(s), median`);
console.log(`page            ${page}`);
for (const [id, name] of [['performance', 'performance'], ['accessibility', 'accessibility'], ['best-practices', 'best practices'], ['seo', 'SEO']]) {
  console.log(`${name.padEnd(16)}${score(id)}`);
}
console.log(`LCP             ${Math.round(pick((r) => r.audits['largest-contentful-paint'].numericValue))} ms`);
console.log(`TBT             ${Math.round(pick((r) => r.audits['total-blocking-time'].numericValue))} ms`);
console.log(`CLS             ${pick((r) => r.audits['cumulative-layout-shift'].numericValue).toFixed(3)}`);
console.log(`total bytes     ${Math.round(pick((r) => r.audits['total-byte-weight'].numericValue) / 1024)} KiB`);
for (const r of reports) {
  const failed = Object.values(r.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary');
  if (failed.length) console.log(`not passed: ${failed.map((a) => a.id).join(', ')}`);
  break;
}
JS
