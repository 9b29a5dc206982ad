#!/usr/bin/env bash
# Ensures Debian's chromium for the browser tests (Playwright drives it through playwright-core;
# nothing is downloaded from outside the Debian archive). Idempotent. Prints, last, the browser's
# path. CHROMIUM_PATH, when set, is used as it is.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "$CHROMIUM_PATH"
  exit 0
fi
if ! command -v chromium >/dev/null 2>&1; then
  echo "chromium: installing Debian's chromium package..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) >&2
fi
command -v chromium
