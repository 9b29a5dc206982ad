#!/usr/bin/env bash
# Generates each subgraph's Prisma client (into subgraphs/<name>/generated/prisma, not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
for subgraph in users studies patients epro labs; do
  out=$(npx --no-install prisma generate --config "prisma/$subgraph/prisma.config.ts" 2>&1) || { echo "$out" >&2; exit 1; }
done
echo "Prisma clients generated for users, studies, patients, epro, labs"
