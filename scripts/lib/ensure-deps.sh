# Sourced by start.sh and test.sh: installs npm dependencies from the lockfile when they are
# missing or older than the lockfile, so a fresh clone needs no manual step.
ensure_node_deps() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "Installing npm dependencies (npm ci)..."
    npm ci --no-audit --no-fund --loglevel=error
  fi
}
