#!/usr/bin/env bash
# Runs end2end/live-load.mjs with room for many open sockets (see that file).
set -euo pipefail
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "open files allowed: $(ulimit -n)"
cd "$(dirname "$0")/../end2end"
npm ci --silent --no-audit --no-fund
node live-load.mjs
