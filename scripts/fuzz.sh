#!/usr/bin/env bash
# make fuzz: runs every cargo-fuzz target in fuzz/ for FUZZ_SECONDS each (default 60) from its
# committed corpus and seeds, minimises the corpus (`cargo fuzz cmin`: the smallest set of
# inputs that reaches the same coverage, which is what fuzz/corpus commits), then prints
# executions, corpus size and crashes per target.
# cargo-fuzz passes compiler flags only nightly accepts: RUSTC_BOOTSTRAP is set for this
# build alone, never for the app's. libFuzzer without a sanitizer (Debian's rustc ships no
# ASan runtime); Rust's own checks (bounds, overflow, debug assertions) stay on.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${FUZZ_SECONDS:-60}"
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${BEAT_CACHE:-$HOME/.cache/beat}/fuzz-target"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --version 0.13.1 --locked
targets="${FUZZ_TARGETS:-$(cargo fuzz list)}"
# FUZZ_TARGETS=feed builds only what it names.
for t in $targets; do cargo fuzz build --sanitizer none --debug-assertions "$t" 2>&1 | tail -3; done
logs="$CARGO_TARGET_DIR/logs"
mkdir -p "$logs"
failed=0
printf '%-16s %12s %8s %10s %8s %8s\n' target executions seconds exec/s corpus crashes
for t in $targets; do
  mkdir -p "corpus/$t" "seeds/$t"
  mkdir -p "artifacts/$t"
  before=$(ls "artifacts/$t" | wc -l)
  cargo fuzz run --sanitizer none --debug-assertions "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 -print_final_stats=1 >"$logs/$t.log" 2>&1 || failed=1
  runs=$(grep -oP 'stat::number_of_executed_units:\s*\K\d+' "$logs/$t.log" | tail -1 || true)
  took=$(grep -oP 'Done \d+ runs in \K\d+' "$logs/$t.log" | tail -1 || true)
  crashes=$(( $(ls "artifacts/$t" | wc -l) - before ))
  cargo fuzz cmin --sanitizer none --debug-assertions "$t" "corpus/$t" >"$logs/$t.cmin.log" 2>&1 || failed=1
  printf '%-16s %12s %8s %10s %8s %8s\n' "$t" "${runs:-?}" "${took:-?}" "$(( ${runs:-0} / (${took:-1} > 0 ? ${took:-1} : 1) ))" "$(ls "corpus/$t" | wc -l)" "$crashes"
  [ "$crashes" -eq 0 ] || { failed=1; grep -m5 -E 'panicked|ERROR|SUMMARY' "$logs/$t.log" || true; }
done
echo "logs: $logs"
exit $failed
