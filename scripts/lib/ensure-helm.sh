#!/usr/bin/env bash
# Prints the path of a helm v3.22.0 binary, building it first when there is none.
#
#   HELM="$(bash scripts/lib/ensure-helm.sh)" && "$HELM" lint helm/qtable
#
# No prebuilt binary can be downloaded here, so helm is built from its Go module (the Go
# module proxy) into a cache outside the repository, once per machine: about 2 minutes cold
# on 2 cores, seconds when Go's build cache is warm. The link flags are the ones helm's own
# Makefile sets: without them `helm version` is empty and helm assumes Kubernetes 1.20, which
# fails the chart's kubeVersion (>= 1.27) and skews lint's deprecation checks.
#
# Order: $HELM_BIN if set; a helm v3.22.x on PATH; the cached build; else build (under a lock,
# since parallel test workers may ask at the same time). Logs go to stderr, the path to stdout.
set -euo pipefail

HELM_VERSION=v3.22.0
# Kubernetes version helm 3.22 is built against (its go.mod: k8s.io/client-go v0.37).
KUBE_MAJOR=1
KUBE_MINOR=37
BIN_DIR="${QTABLE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/qtable/bin}"
CACHED="$BIN_DIR/helm"
STAMP="$BIN_DIR/helm.version"

log() { echo "ensure-helm: $*" >&2; }

if [ -n "${HELM_BIN:-}" ]; then
  [ -x "$HELM_BIN" ] || { log "HELM_BIN=$HELM_BIN is not an executable"; exit 1; }
  echo "$HELM_BIN"
  exit 0
fi

if command -v helm >/dev/null 2>&1; then
  on_path="$(command -v helm)"
  if "$on_path" version --template '{{.Version}}' 2>/dev/null | grep -q '^v3\.22\.'; then
    echo "$on_path"
    exit 0
  fi
fi

cached_ok() { [ -x "$CACHED" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$HELM_VERSION" ]; }

if cached_ok; then
  echo "$CACHED"
  exit 0
fi

command -v go >/dev/null 2>&1 || { log "no helm $HELM_VERSION and no Go toolchain to build it"; exit 1; }
mkdir -p "$BIN_DIR"
exec 9>"$BIN_DIR/.helm.lock"
flock 9
if ! cached_ok; then
  log "building helm $HELM_VERSION from the Go module proxy into $BIN_DIR (about 2 minutes the first time)..."
  started=$(date +%s)
  ldflags="-w -s -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
  for pkg in helm.sh/helm/v3/pkg/chartutil helm.sh/helm/v3/pkg/lint/rules; do
    ldflags="$ldflags -X $pkg.k8sVersionMajor=$KUBE_MAJOR -X $pkg.k8sVersionMinor=$KUBE_MINOR"
  done
  # Outside the repository, so that no go.mod around us is consulted.
  (cd "$BIN_DIR" && GOBIN="$BIN_DIR" GOFLAGS=-mod=mod GO111MODULE=on \
    go install -ldflags "$ldflags" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION") >&2
  echo "$HELM_VERSION" >"$STAMP"
  log "built in $(($(date +%s) - started)) s"
fi
echo "$CACHED"
