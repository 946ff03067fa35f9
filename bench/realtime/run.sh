#!/usr/bin/env bash
# Runs the realtime benchmark (bench/realtime/realtime-bench.ts) with an open-file limit that fits
# thousands of sockets in one process: as high as the hard limit allows, up to 65536.
set -euo pipefail
cd "$(dirname "$0")/../.."
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
exec node --require tsx/cjs bench/realtime/realtime-bench.ts "$@"
