#!/usr/bin/env bash
# Installs GraphQL Hive Gateway with its Rust query planner runtime (a benchmark
# baseline only, never a project dependency) into the git-ignored
# .tmp/peers/hive-gateway/ folder, with a package.json of its own.
#
# Cached: a second run finds the same versions installed and does nothing.
# The config the gateway runs with is scripts/peers/hive-gateway.config.mjs
# (copied next to each run by bench/lib/peers.ts).
set -euo pipefail

GATEWAY_VERSION=2.15.1
RUNTIME_VERSION=1.4.23
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEER_DIR="$ROOT/.tmp/peers/hive-gateway"
CLI="$PEER_DIR/node_modules/.bin/hive-gateway"
STAMP="$PEER_DIR/VERSION"
WANTED="@graphql-hive/gateway@$GATEWAY_VERSION @graphql-hive/router-runtime@$RUNTIME_VERSION"

fail() {
  echo "hive-gateway: NOT INSTALLED: $*" >&2
  exit 1
}

if [[ -x "$CLI" && -d "$PEER_DIR/node_modules/@graphql-hive/router-runtime" &&
  "$(cat "$STAMP" 2>/dev/null)" == "$WANTED" ]]; then
  echo "hive-gateway: $WANTED already installed"
  exit 0
fi

command -v npm >/dev/null || fail "npm is not installed"
mkdir -p "$PEER_DIR"
cat >"$PEER_DIR/package.json" <<JSON
{
  "name": "hive-gateway-peer",
  "private": true,
  "description": "Hive Gateway with the Rust query planner (benchmark baseline only)",
  "type": "module",
  "dependencies": {
    "@graphql-hive/gateway": "$GATEWAY_VERSION",
    "@graphql-hive/router-runtime": "$RUNTIME_VERSION"
  }
}
JSON
echo "hive-gateway: installing $WANTED (about two minutes)"
started=$SECONDS
# The packages ask for Node >= 22.15 but run on Node 20: engine warnings are expected.
(cd "$PEER_DIR" && nice -n 19 npm install --no-audit --no-fund --loglevel=error) ||
  fail "npm install of $WANTED failed (see the output above)"
[[ -x "$CLI" ]] || fail "npm install finished but $CLI is missing"
echo "$WANTED" >"$STAMP"
echo "hive-gateway: installed in $((SECONDS - started)) s"
