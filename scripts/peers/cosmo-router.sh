#!/usr/bin/env bash
# Builds WunderGraph Cosmo Router (a benchmark baseline only, never a project
# dependency) into the git-ignored .tmp/peers/cosmo-router/ folder, installs the
# `wgc` CLI beside it, and composes an execution config for our subgraphs with the
# default routing URLs as a smoke test. bench/lib/peers.ts composes again at start
# with the routing URLs of the run.
#
# Cached: a second run finds bin/router and wgc in place and does nothing.
# Exits non-zero with a reason when something cannot be built.
#
#   bash scripts/peers/cosmo-router.sh            # build + install + compose
#   COSMO_GIT_DIR=/path/to/cosmo.git bash ...     # where to take the source from
set -euo pipefail

ROUTER_VERSION=0.341.0
WGC_VERSION=0.112.7
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEER_DIR="$ROOT/.tmp/peers/cosmo-router"
BIN="$PEER_DIR/bin/router"
WGC_DIR="$PEER_DIR/wgc"
WGC="$WGC_DIR/node_modules/.bin/wgc"
SUBGRAPHS=(users studies patients epro labs edc inventory exports)

fail() {
  echo "cosmo-router: NOT BUILT: $*" >&2
  exit 1
}

mkdir -p "$PEER_DIR"

build_router() {
  if [[ -x "$BIN" && "$(cat "$PEER_DIR/bin/VERSION" 2>/dev/null)" == "$ROUTER_VERSION" ]]; then
    echo "cosmo-router: router $ROUTER_VERSION already built ($BIN)"
    return
  fi
  command -v go >/dev/null || fail "the Go toolchain is not installed"

  # The router module is not served by the Go module proxy, so its source comes
  # from a git copy of the wundergraph/cosmo monorepo (tag router@<version>).
  local git_dir="${COSMO_GIT_DIR:-/work/.mirror/wundergraph+cosmo/repo}"
  local tag="router@$ROUTER_VERSION"
  [[ -d "$git_dir" ]] ||
    fail "no git copy of github.com/wundergraph/cosmo at $git_dir (set COSMO_GIT_DIR to a clone that has tag $tag)"
  git --git-dir="$git_dir" rev-parse --verify --quiet "$tag^{commit}" >/dev/null ||
    fail "$git_dir has no tag $tag"

  local src="$PEER_DIR/src"
  rm -rf "$src"
  mkdir -p "$src"
  echo "cosmo-router: extracting router/ at $tag"
  # (A partial mirror may print "invalid object" for big files elsewhere in the
  # monorepo; only the archive's exit status and router/ matter.)
  git --git-dir="$git_dir" archive -o "$src/router.tar" "$tag" router 2>"$src/archive.log" || {
    cat "$src/archive.log" >&2
    fail "git archive of router/ at $tag failed"
  }
  tar -xf "$src/router.tar" -C "$src" && rm "$src/router.tar"
  [[ -f "$src/router/go.mod" ]] || fail "router/go.mod is missing from the archive of $tag"

  # go.withmatt.com/connect-brotli is refused by the module proxy. The router only
  # uses it for control-plane self-registration (unused here: no Cosmo token), so
  # a tiny local module with the same API stands in for it.
  local standin="$src/connect-brotli-standin"
  mkdir -p "$standin"
  cat >"$standin/go.mod" <<'GOMOD'
module go.withmatt.com/connect-brotli

go 1.21

require (
	connectrpc.com/connect v1.19.2
	github.com/andybalholm/brotli v1.1.0
)
GOMOD
  cat >"$standin/brotli.go" <<'GOSRC'
// Package brotli is a local stand-in for go.withmatt.com/connect-brotli: it
// registers Brotli ("br") as a connect compression algorithm.
package brotli

import (
	"connectrpc.com/connect"
	"github.com/andybalholm/brotli"
)

// Name is the content-coding token of Brotli.
const Name = "br"

// reader adds the Close a connect.Decompressor needs (nothing to release).
type reader struct{ *brotli.Reader }

func (r reader) Close() error { return nil }

// both carries a client option and a handler option; embedding the two
// interfaces promotes both of their methods, so it is a connect.Option.
type both struct {
	connect.ClientOption
	connect.HandlerOption
}

// WithCompression lets a connect client send and accept Brotli, and a handler
// accept and answer with it.
func WithCompression() connect.Option {
	newDecompressor := func() connect.Decompressor { return reader{brotli.NewReader(nil)} }
	newCompressor := func() connect.Compressor { return brotli.NewWriter(nil) }
	return both{
		connect.WithAcceptCompression(Name, newDecompressor, newCompressor),
		connect.WithCompression(Name, newDecompressor, newCompressor),
	}
}
GOSRC
  (
    cd "$src/router"
    go mod edit -replace go.withmatt.com/connect-brotli=../connect-brotli-standin
    echo "cosmo-router: building (one job, niced; takes several minutes)"
    local started=$SECONDS
    nice -n 19 env CGO_ENABLED=0 GOFLAGS="-p=1 -buildvcs=false" go build -p=1 -trimpath \
      -ldflags "-X github.com/wundergraph/cosmo/router/core.Version=$ROUTER_VERSION" \
      -o "$PEER_DIR/bin/router.partial" ./cmd/router ||
      fail "go build of the router failed (see the output above)"
    echo "cosmo-router: built in $((SECONDS - started)) s"
  )
  mv "$PEER_DIR/bin/router.partial" "$BIN"
  echo "$ROUTER_VERSION" >"$PEER_DIR/bin/VERSION"
}

install_wgc() {
  if [[ -x "$WGC" && "$(cat "$WGC_DIR/VERSION" 2>/dev/null)" == "$WGC_VERSION" ]]; then
    echo "cosmo-router: wgc $WGC_VERSION already installed"
    return
  fi
  command -v npm >/dev/null || fail "npm is not installed"
  mkdir -p "$WGC_DIR"
  cat >"$WGC_DIR/package.json" <<JSON
{
  "name": "cosmo-router-peer-tools",
  "private": true,
  "description": "wgc for composing Cosmo Router execution configs (benchmark baseline only)",
  "dependencies": { "wgc": "$WGC_VERSION" }
}
JSON
  echo "cosmo-router: installing wgc $WGC_VERSION"
  (cd "$WGC_DIR" && npm install --no-audit --no-fund --loglevel=error) ||
    fail "npm install of wgc@$WGC_VERSION failed"
  [[ -x "$WGC" ]] || fail "wgc is missing after npm install"
  echo "$WGC_VERSION" >"$WGC_DIR/VERSION"
}

# Composes the execution config with the default local routing URLs, which
# proves that wgc accepts our subgraph SDLs.
compose_default() {
  local out="$PEER_DIR/default"
  mkdir -p "$out"
  local input="$out/graph.yaml"
  {
    echo "version: 1"
    echo "subgraphs:"
    local port=4001
    for name in "${SUBGRAPHS[@]}"; do
      echo "  - name: $name"
      echo "    routing_url: http://127.0.0.1:$port/graphql"
      echo "    schema:"
      echo "      file: $ROOT/subgraphs/$name/schema.graphql"
      port=$((port + 1))
    done
  } >"$input.new"
  local hash schemas=()
  for name in "${SUBGRAPHS[@]}"; do schemas+=("$ROOT/subgraphs/$name/schema.graphql"); done
  hash="$(cat "$input.new" "${schemas[@]}" "$WGC_DIR/VERSION" | sha256sum | cut -d' ' -f1)"
  mv "$input.new" "$input"
  if [[ -f "$out/execution-config.json" && "$(cat "$out/inputs.sha256" 2>/dev/null)" == "$hash" ]]; then
    echo "cosmo-router: execution config up to date ($out/execution-config.json)"
    return
  fi
  (cd "$out" && COSMO_TELEMETRY_DISABLED=true DO_NOT_TRACK=1 DISABLE_UPDATE_CHECK=true "$WGC" router compose -i "$input" -o "$out/execution-config.json") ||
    fail "wgc router compose failed for our subgraphs"
  echo "$hash" >"$out/inputs.sha256"
  echo "cosmo-router: composed $out/execution-config.json"
}

build_router
install_wgc
compose_default
echo "cosmo-router: ready ($BIN)"
