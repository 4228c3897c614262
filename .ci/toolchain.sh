#!/usr/bin/env bash
# Installs what building and testing Beat needs, and nothing that is already there.
#
# Two kinds of machine are supported:
#   * a developer laptop with rustup: `rustup target add wasm32-unknown-unknown` does it;
#   * a Debian machine whose rustup cannot download targets (see TOOLCHAIN notes in README):
#     Debian's rustc-web 1.96 plus a wasm32 std built once from rust-web-src.
# Tools are cached outside the clone (~/.cargo/bin, $BEAT_CACHE) so a second run takes seconds.
#
# Prints `export` lines for the environment the build needs; the Makefile evals them.
set -euo pipefail

CACHE="${BEAT_CACHE:-$HOME/.cache/beat}"
CARGO_LEPTOS_VERSION=0.3.11
BINARYEN_VERSION=132
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$CACHE"

log() { printf '[toolchain] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root for: $*"; exit 1
  fi
}

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >&2
}

# --- Rust with a wasm32 target -------------------------------------------------------------
rustup_has_wasm() {
  command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown
}

RUST_BIN=""
if rustup_has_wasm; then
  log "rustup has wasm32-unknown-unknown"
elif command -v rustup >/dev/null && [ ! -f /etc/debian_version ] \
  && timeout 120 rustup target add wasm32-unknown-unknown >&2; then
  log "installed wasm32-unknown-unknown with rustup"
elif [ -f /etc/debian_version ]; then
  # rustup cannot download targets here (it hangs), so use Debian's toolchain for both halves.
  apt_install rustc-web cargo-web rust-web-src rust-web-clippy rustfmt-web lld-22
  RUST_BIN=/usr/bin
  WASM_LIB=/usr/lib/rustlib/wasm32-unknown-unknown/lib
  if ! ls "$WASM_LIB"/libstd-*.rlib >/dev/null 2>&1; then
    log "building the wasm32 standard library once (about 30 s)"
    scratch="$(mktemp -d)"
    mkdir -p "$scratch/src"
    printf '[package]\nname = "wasm-std-scratch"\nversion = "0.0.0"\nedition = "2021"\n[lib]\npath = "src/lib.rs"\n' >"$scratch/Cargo.toml"
    printf '#![no_std]\n' >"$scratch/src/lib.rs"
    (cd "$scratch" && PATH="/usr/bin:$PATH" CARGO_TARGET_DIR="$scratch/target" RUSTC_BOOTSTRAP=1 /usr/bin/cargo build --release \
      --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort,panic_unwind,proc_macro >&2)
    as_root mkdir -p "$WASM_LIB"
    find "$scratch/target/wasm32-unknown-unknown/release/deps" -name '*.rlib' \
      ! -name 'libwasm_std_scratch-*' -exec cp {} "$WASM_LIB/" \;
    rm -rf "$scratch"
  fi
else
  log "no wasm32-unknown-unknown target: run 'rustup target add wasm32-unknown-unknown'"
  exit 1
fi

if [ -n "$RUST_BIN" ]; then
  export PATH="$RUST_BIN:$HOME/.cargo/bin:$PATH"
  export CARGO="$RUST_BIN/cargo" RUSTC="$RUST_BIN/rustc"
else
  export PATH="$HOME/.cargo/bin:$PATH"
fi

# --- cargo-leptos and wasm-bindgen ------------------------------------------------------------
if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "cargo install cargo-leptos $CARGO_LEPTOS_VERSION (10-25 min the first time)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads >&2
fi

# wasm-bindgen's CLI must match the library version in Cargo.lock exactly.
BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' "$ROOT/Cargo.lock")"
if ! wasm-bindgen --version 2>/dev/null | grep -q " $BINDGEN_VERSION\$"; then
  log "cargo install wasm-bindgen-cli $BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "=$BINDGEN_VERSION" --force >&2
fi

# --- wasm-opt (npm binaryen; Debian's binaryen 108 breaks the bundle) ---------------------------
if ! "$CACHE/npm/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  log "npm install binaryen@$BINARYEN_VERSION"
  npm install --silent --no-audit --no-fund --prefix "$CACHE/npm" "binaryen@$BINARYEN_VERSION" >&2
fi
export PATH="$CACHE/npm/node_modules/.bin:$PATH"

# --- Chromium for the browser tests ------------------------------------------------------------
# Debian's build (Playwright cannot download its own browser here); elsewhere Playwright's.
if [ -f /etc/debian_version ]; then
  apt_install chromium
  export BEAT_CHROMIUM=/usr/bin/chromium
elif [ ! -x "${BEAT_CHROMIUM:-/nonexistent}" ]; then
  (cd "$ROOT/end2end" && npm ci --silent --no-audit --no-fund && npx playwright install chromium) >&2
fi

printf 'export PATH=%q\n' "$PATH"
[ -n "${BEAT_CHROMIUM:-}" ] && printf 'export BEAT_CHROMIUM=%q\n' "$BEAT_CHROMIUM"
[ -n "$RUST_BIN" ] && printf 'export CARGO=%q RUSTC=%q\n' "$CARGO" "$RUSTC"
exit 0
