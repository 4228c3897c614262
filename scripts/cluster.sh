#!/usr/bin/env bash
# Beat as a cluster on one machine, as it runs in production (without the CDN):
#
#   nginx :8080 (load balancer + HTTP cache) -> 3 x `beat serve` (:3101-3103) -> PostgreSQL
#
# PostgreSQL is a scratch one of its own (initdb under $BEAT_CACHE/cluster, or the postgres
# user's home when run as root; port 55432) unless
# BEAT_DATABASE_URL names one. The first node loads the demo data; the others start once it is
# ready. nginx sends each request to a node that is up (a node answering 502/503, or not at
# all, is skipped for 5 s), keeps public pages and feeds as their Cache-Control says, and
# never keeps or serves from its cache anything for a browser with a session.
#
# Ctrl-C stops everything. Environment: BEAT_BIN (the release binary), NODES (3),
# CLUSTER_PORT (8080), BEAT_DATABASE_URL, CLUSTER_DETACH=1 (start, print, leave running;
# scripts/cluster.sh stop ends it). The nodes inherit the environment (BEAT_* settings).
#
# For the drills, on a detached cluster:
#   scripts/cluster.sh node N       start node N again (after a kill -9) and wait until ready
#   scripts/cluster.sh db-stop      stop its own PostgreSQL (fast: connections are cut)
#   scripts/cluster.sh db-start     start it again
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${BEAT_CACHE:-$HOME/.cache/beat}"
WORK="$CACHE/cluster"
BIN="${BEAT_BIN:-$CACHE/target/release/beat}"
NODES="${NODES:-3}"
PORT="${CLUSTER_PORT:-8080}"
PG_PORT=55432
# As root, PostgreSQL runs as the postgres user, who cannot reach into root's home.
# nginx's workers, as nobody, likewise: they write its cache and temporary files.
if [ "$(id -u)" = 0 ]; then
  PG_DIR=/var/lib/postgresql/beat-cluster NGINX_DIR=/var/tmp/beat-cluster-nginx
else
  PG_DIR="$WORK/pg" NGINX_DIR="$WORK/nginx"
fi
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$ROOT/target/site}"

log() { printf '[cluster] %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

stop() {
  for pidfile in "$WORK"/node*.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
  [ -f "$NGINX_DIR/nginx.pid" ] && nginx -p "$NGINX_DIR" -c nginx.conf -s quit 2>/dev/null || true
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  fi
}

KEY="$WORK/beat.key"
start_node() {
  local n=$1; shift
  "$BIN" serve --addr "127.0.0.1:$((3100 + n))" --secret-key-file "$KEY" \
    --trusted-proxies 127.0.0.1/32 --public-url "http://127.0.0.1:$PORT" "$@" \
    >>"$WORK/node$n.log" 2>&1 &
  echo $! >"$WORK/node$n.pid"
}
ready() {
  for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$((3100 + $1))/readyz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  log "node $1 did not become ready; see $WORK/node$1.log"
  exit 1
}
# initdb and postgres refuse to run as root: run them as the postgres user.
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  stop | node | db-stop | db-start)
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    case "$1" in
      stop) stop; log "stopped" ;;
      node)
        export BEAT_DATABASE_URL="$(cat "$WORK/database_url")"
        start_node "$2"; ready "$2"; log "node $2 is ready" ;;
      db-stop)
        [ -f "$PG_DIR/data/postmaster.pid" ] || { log "no PostgreSQL of the cluster's own is running"; exit 1; }
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null ;;
      db-start)
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
          -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null ;;
    esac
    exit 0 ;;
esac

# --- What it needs, from Debian's packages ---------------------------------------------------
missing=()
command -v nginx >/dev/null || missing+=(nginx)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "${BEAT_DATABASE_URL:-}" ] || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  as_root apt-get update -qq
  # Packages start their own services on install; this cluster runs its own copies.
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >&2
  as_root service nginx stop >/dev/null 2>&1 || true
fi
[ -x "$BIN" ] || { log "no release binary at $BIN: run make build"; exit 1; }
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"

mkdir -p "$WORK"
stop
trap 'stop; log "stopped"' EXIT
trap 'exit 130' INT TERM

# --- PostgreSQL -------------------------------------------------------------------------------
if [ -z "${BEAT_DATABASE_URL:-}" ]; then
  if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
    log "initdb in $PG_DIR"
    rm -rf "$PG_DIR"
    mkdir -p "$PG_DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
    as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres >/dev/null
  fi
  bash "$0" db-start
  "$PG_BIN/psql" -h 127.0.0.1 -p $PG_PORT -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'beat'" \
    | grep -q 1 || "$PG_BIN/createdb" -h 127.0.0.1 -p $PG_PORT -U postgres beat
  export BEAT_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/beat"
fi
log "database $BEAT_DATABASE_URL"
echo "$BEAT_DATABASE_URL" >"$WORK/database_url"

# --- The nodes --------------------------------------------------------------------------------
[ -f "$KEY" ] || (umask 077; od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$KEY")
rm -f "$WORK"/node*.log
start_node 1 --demo
ready 1
for n in $(seq 2 "$NODES"); do start_node "$n"; done
for n in $(seq 2 "$NODES"); do ready "$n"; done

# --- nginx ------------------------------------------------------------------------------------
mkdir -p "$NGINX_DIR/cache" "$NGINX_DIR/logs"
[ "$(id -u)" = 0 ] && chown -R nobody "$NGINX_DIR"
upstreams=""
for n in $(seq 1 "$NODES"); do upstreams+="        server 127.0.0.1:$((3100 + n)) max_fails=1 fail_timeout=5s;"$'\n'; done
sed -e "s|@PORT@|$PORT|g" -e "s|@WORK@|$NGINX_DIR|g" "$ROOT/scripts/cluster/nginx.conf" \
  | awk -v ups="$upstreams" '{ if ($0 ~ /^[ \t]*@UPSTREAMS@[ \t]*$/) printf "%s", ups; else print }' >"$NGINX_DIR/nginx.conf"
nginx -p "$NGINX_DIR" -c nginx.conf -t -q
nginx -p "$NGINX_DIR" -c nginx.conf

cat >&2 <<EOF
[cluster] Beat: http://127.0.0.1:$PORT  (nginx -> $NODES nodes on 127.0.0.1:3101-$((3100 + NODES)) -> PostgreSQL)
[cluster] logs: $WORK/node*.log, $NGINX_DIR/logs; X-Cache-Status on each answer says HIT, MISS, STALE...
EOF
if [ "${CLUSTER_DETACH:-}" = 1 ]; then
  trap - EXIT
  exit 0
fi
log "Ctrl-C stops the cluster"
while sleep 3600; do :; done
