#!/usr/bin/env bash
# `npm start`: the whole system in one process on its embedded defaults — embedded PostgreSQL
# (PGlite) in ./data, in-process events, one port. Nothing to install but Node.js.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-deps.sh
ensure_node_deps
exec node --require tsx/cjs services/embedded/src/main.ts
