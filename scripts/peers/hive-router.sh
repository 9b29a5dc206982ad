#!/usr/bin/env bash
# Installs Hive Router (a benchmark baseline only, never a project dependency)
# into the git-ignored .tmp/peers/hive-router/ folder.
#
# Cached: when bin/hive_router is there, nothing happens. A build from scratch
# takes about an hour on a 2-core machine (one job), so it is never run in CI.
#
# Why these flags:
# - `+nightly`: the ntex crates it depends on need a newer rustc than stable here.
# - `--features graphiql`: without it build.rs runs `npm install` of a laboratory
#   UI package that the npm registry here does not serve, and the build fails.
# - `--locked -j1`: the crate's own lock file, one compile job at a time.
set -euo pipefail

VERSION=0.3.10
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEER_DIR="$ROOT/.tmp/peers/hive-router"
BIN="$PEER_DIR/bin/hive_router"

fail() {
  echo "hive-router: NOT BUILT: $*" >&2
  exit 1
}

if [[ -x "$BIN" ]] && grep -q "hive-router $VERSION " "$PEER_DIR/.crates.toml" 2>/dev/null; then
  echo "hive-router: $VERSION already installed ($BIN)"
  exit 0
fi

command -v cargo >/dev/null || fail "cargo is not installed"
cargo +nightly --version >/dev/null 2>&1 ||
  fail "no nightly Rust toolchain (hive-router $VERSION needs rustc >= 1.97 for its ntex crates)"

mkdir -p "$PEER_DIR"
echo "hive-router: building $VERSION (about an hour with one job; logs below)"
started=$SECONDS
nice -n 19 cargo +nightly install "hive-router@$VERSION" --locked -j1 \
  --features graphiql --bin hive_router --root "$PEER_DIR" ||
  fail "cargo install hive-router@$VERSION failed (see the output above)"
[[ -x "$BIN" ]] || fail "cargo install finished but $BIN is missing"
echo "hive-router: built in $((SECONDS - started)) s ($BIN)"
