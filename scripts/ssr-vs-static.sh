#!/usr/bin/env bash
# An area's page as the server renders it, against the same bytes served as a static file by
# the same server (the same middleware: security headers, logging, compression when asked
# for), with wrk: 32 connections, 2 threads, ROUNDS rounds of SECONDS each, taking turns.
# Prints requests/s and p99 for each, and the ratio of the medians.
#
#   make ssr-bench                       demo data, the page store on (as served)
#   STORE_SECONDS=0 make ssr-bench       every request rendered (the page store off)
#   SSR_DB=~/.cache/beat/year.db SSR_PAGE=/area/E05011376 make ssr-bench
#                                        a year of updates (make bench-year fills it)
#
# wrk runs on the same two cores as the server, for both, as a phone's requests would not:
# the figures compare the two ways of answering, they are not the server's capacity.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${BEAT_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/beat/target}/release/beat}"
PORT="${SSR_PORT:-3350}"
PAGE="${SSR_PAGE:-/area/E05011376}"
ROUNDS="${ROUNDS:-3}"
SECONDS_EACH="${SECONDS_EACH:-10}"
SITE="${LEPTOS_SITE_ROOT:-$ROOT/target/site}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v wrk >/dev/null; then
  echo "apt-get install wrk" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq wrk >&2
fi
[ -x "$BIN" ] || { echo "no release binary at $BIN: run make build" >&2; exit 1; }

work="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
# A copy of the site, so the static page is served from where the app's own files are.
cp -r "$SITE" "$work/site"
if [ -n "${SSR_DB:-}" ]; then
  db_url="sqlite://$SSR_DB"
  demo=()
else
  db_url="sqlite://$work/beat.db"
  demo=(--demo)
fi
export BEAT_PAGE_STORE_SECONDS="${STORE_SECONDS:-${BEAT_PAGE_STORE_SECONDS:-10}}"
BEAT_DATABASE_URL="$db_url" LEPTOS_SITE_ROOT="$work/site" RUST_LOG=warn \
  BEAT_SECRET_KEY="$(printf 'beef%.0s' {1..16})" "$BIN" serve "${demo[@]}" --addr "127.0.0.1:$PORT" \
  >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 240); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/readyz" 2>/dev/null && break
  sleep 0.25
done

base="http://127.0.0.1:$PORT"
curl -fsS -o "$work/site/static-page.html" "$base$PAGE"
bytes=$(wc -c <"$work/site/static-page.html")
curl -fsS -o /dev/null "$base/static-page.html" || { echo "the static copy is not served" >&2; exit 1; }

run() { # url -> "requests/s p99_ms"
  wrk -t2 -c32 -d"${SECONDS_EACH}s" --latency "$1" | awk '
    /Requests\/sec/ { rps = $2 }
    /^ +99%/ { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; p99 = v }
    /Non-2xx/ { bad = $NF }
    END { printf "%d %.2f %d\n", rps, p99, bad }'
}

echo "page $PAGE, $bytes bytes; page store: ${BEAT_PAGE_STORE_SECONDS} s (0 = every request rendered)"
echo "wrk -t2 -c32 -d${SECONDS_EACH}s, $ROUNDS rounds taking turns, $(nproc) cores shared with the server"
printf '%-6s %-26s %-26s\n' round "rendered: req/s, p99 ms" "static file: req/s, p99 ms"
ssr=() static=()
for i in $(seq 1 "$ROUNDS"); do
  read -r a ap abad < <(run "$base$PAGE")
  read -r b bp bbad < <(run "$base/static-page.html")
  [ "${abad:-0}" = 0 ] && [ "${bbad:-0}" = 0 ] || echo "non-2xx answers: rendered $abad, static $bbad"
  printf '%-6s %-26s %-26s\n' "$i" "$a, $ap" "$b, $bp"
  ssr+=("$a") static+=("$b")
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ms=$(median "${ssr[@]}") mt=$(median "${static[@]}")
awk -v s="$ms" -v t="$mt" 'BEGIN { printf "median: rendered %d req/s, static %d req/s, ratio %.2fx\n", s, t, s / t }'
