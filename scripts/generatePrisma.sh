#!/usr/bin/env bash
# Generates each subgraph's Prisma client (into subgraphs/<name>/generated/prisma, not committed):
# one per prisma/<name>/prisma.config.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
generated=()
for config in prisma/*/prisma.config.ts; do
  subgraph=$(basename "$(dirname "$config")")
  out=$(npx --no-install prisma generate --config "$config" 2>&1) || { echo "$out" >&2; exit 1; }
  generated+=("$subgraph")
done
echo "Prisma clients generated for ${generated[*]}"
