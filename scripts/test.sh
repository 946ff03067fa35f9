#!/usr/bin/env bash
# `npm test`: every check and test. Installs and starts the real servers the integration
# tests need (PostgreSQL, Redis, Kafka; scripts/infra.sh), then typechecks, lints and runs
# each project's jest suite through Nx.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-deps.sh
ensure_node_deps

bash scripts/infra.sh start
eval "$(bash scripts/infra.sh env)"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false

echo "== typecheck"
npx tsc -p tsconfig.json --noEmit
echo "== lint"
npx nx show projects >/dev/null  # builds the project graph the module-boundary rule reads
npx eslint . --max-warnings=0

echo "== tests"
rm -rf tmp/jest-results && mkdir -p tmp/jest-results
jest_args=(--ci --json --outputFile="$PWD/tmp/jest-results/\$(date +%s%N).json")
status=0
npx nx run-many -t test --parallel=2 --exclude=cluster-tests --outputStyle=stream "$@" -- "${jest_args[@]}" || status=$?
# Tests that stop and start the shared servers (Redis, Kafka, gateway replicas) run alone,
# after everything else, so they never pull a server from under another test file.
npx nx run realtime-gateway:test-faults --outputStyle=stream -- "${jest_args[@]}" || status=$?
if [ -f tests/cluster/project.json ]; then
  npx nx run cluster-tests:test --outputStyle=stream -- "${jest_args[@]}" || status=$?
fi
node scripts/lib/summarize-jest.js tmp/jest-results
exit $status
