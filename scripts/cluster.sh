#!/usr/bin/env bash
# QTable local cluster: the whole system as separate processes on this machine, behind one
# nginx entry point, on the real PostgreSQL, Kafka and Redis of scripts/infra.sh.
#
#   bash scripts/cluster.sh start [process ...]   start what is not running (default: everything), wait until ready
#   bash scripts/cluster.sh stop [--all] [process ...]
#                                                 stop nginx and the services (default: all of them);
#                                                 --all also stops PostgreSQL, Redis and Kafka
#   bash scripts/cluster.sh restart [process ...]
#   bash scripts/cluster.sh status                exit 0 only if every process is up and ready
#   bash scripts/cluster.sh env                   print `export` lines (URLs, ports, key files)
#   eval "$(bash scripts/cluster.sh env)"
#
# Processes: nginx, auth, floor, guests, reservations, realtime-gateway-1 … -N. Each service is
# `node --require tsx/cjs services/<name>/src/main.ts` (runStandalone) with its own port on
# loopback. Idempotent: `start` on a running cluster only checks it. Every wait is bounded.
#
# Environment (all optional):
#   QTABLE_CLUSTER_DIR             state: keys, logs, pid files, nginx config (default <repo>/.infra/cluster)
#   QTABLE_CLUSTER_PORT            nginx, the one entry point                   (default 8080)
#   QTABLE_CLUSTER_AUTH_PORT / _FLOOR_PORT / _GUESTS_PORT / _RESERVATIONS_PORT (8101 … 8104)
#   QTABLE_CLUSTER_GATEWAY_PORT    first gateway replica's port; replica i gets +i-1 (8111)
#   QTABLE_CLUSTER_GATEWAYS        gateway replicas, at least 2                  (default 2)
#   QTABLE_CLUSTER_DB              database name on the infra PostgreSQL         (default qtable_cluster)
#   QTABLE_CLUSTER_PREFIX          Kafka topic prefix, realtime-log and rate-limit key prefix (default qtable-cluster)
#   QTABLE_CLUSTER_ADMIN_EMAIL     first administrator                           (default admin@qtable.local)
#   QTABLE_CLUSTER_LOG_LEVEL       services' LOG_LEVEL                           (default info)
#   QTABLE_CLUSTER_NGINX_WORKERS   nginx worker processes                        (default 1)
#   QTABLE_CLUSTER_READY_WAIT      seconds to wait for each process's /ready     (default 120)
#   QTABLE_CLUSTER_SERVICE_ENV     extra KEY=VALUE pairs (space separated) given to every service
#   and the QTABLE_* variables of scripts/infra.sh (ports of PostgreSQL, Redis, Kafka).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLUSTER_DIR="${QTABLE_CLUSTER_DIR:-$REPO_ROOT/.infra/cluster}"
mkdir -p "$CLUSTER_DIR"
CLUSTER_DIR="$(cd "$CLUSTER_DIR" && pwd)"

HOST=127.0.0.1
ENTRY_PORT="${QTABLE_CLUSTER_PORT:-8080}"
AUTH_PORT="${QTABLE_CLUSTER_AUTH_PORT:-8101}"
FLOOR_PORT="${QTABLE_CLUSTER_FLOOR_PORT:-8102}"
GUESTS_PORT="${QTABLE_CLUSTER_GUESTS_PORT:-8103}"
RESERVATIONS_PORT="${QTABLE_CLUSTER_RESERVATIONS_PORT:-8104}"
GATEWAY_PORT="${QTABLE_CLUSTER_GATEWAY_PORT:-8111}"
GATEWAYS="${QTABLE_CLUSTER_GATEWAYS:-2}"
DB_NAME="${QTABLE_CLUSTER_DB:-qtable_cluster}"
PREFIX="${QTABLE_CLUSTER_PREFIX:-qtable-cluster}"
ADMIN_EMAIL="${QTABLE_CLUSTER_ADMIN_EMAIL:-admin@qtable.local}"
LOG_LEVEL="${QTABLE_CLUSTER_LOG_LEVEL:-info}"
NGINX_WORKERS="${QTABLE_CLUSTER_NGINX_WORKERS:-1}"
READY_WAIT="${QTABLE_CLUSTER_READY_WAIT:-120}"
STOP_WAIT=35   # the runtime drains within 25 s of SIGTERM

[[ "$GATEWAYS" =~ ^[0-9]+$ && "$GATEWAYS" -ge 2 ]] || { echo "cluster: QTABLE_CLUSTER_GATEWAYS must be a number >= 2" >&2; exit 2; }
[[ "$DB_NAME" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "cluster: QTABLE_CLUSTER_DB must be a lower-case identifier" >&2; exit 2; }
[[ "$PREFIX" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "cluster: QTABLE_CLUSTER_PREFIX: letters, digits, dots, dashes, underscores" >&2; exit 2; }

LOG_DIR="$CLUSTER_DIR/logs"
RUN_DIR="$CLUSTER_DIR/run"
SECRETS_DIR="$CLUSTER_DIR/secrets"
NGINX_DIR="$CLUSTER_DIR/nginx"
SERVICES=(auth floor guests reservations)

# --------------------------------------------------------------------------- helpers

SCRIPT=cluster
# shellcheck source=scripts/lib/process-helpers.sh
source "$REPO_ROOT/scripts/lib/process-helpers.sh"

# HTTP status of GET $2 on port $1 (000 when nothing answers). Plain bash: no curl needed.
http_status() {
  # shellcheck disable=SC2016  # expanded by the inner bash
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n" "$3" "$1" >&3
    IFS=" " read -r _ code _ <&3
    printf "%s" "$code"' _ "$HOST" "$1" "$2" 2>/dev/null || printf '000'
}

take_lock() {
  exec 9>"$CLUSTER_DIR/.lock"
  flock -w 300 9 || die "another scripts/cluster.sh has held $CLUSTER_DIR/.lock for 300s"
}

# --------------------------------------------------------------------------- processes

gateway_names() { local i; for ((i = 1; i <= GATEWAYS; i++)); do printf 'realtime-gateway-%d\n' "$i"; done; }
all_processes() { printf '%s\n' "${SERVICES[@]}"; gateway_names; }

service_of() { [[ "$1" == realtime-gateway-* ]] && printf 'realtime-gateway' || printf '%s' "$1"; }

port_of() {
  case "$1" in
    auth) printf '%s' "$AUTH_PORT" ;;
    floor) printf '%s' "$FLOOR_PORT" ;;
    guests) printf '%s' "$GUESTS_PORT" ;;
    reservations) printf '%s' "$RESERVATIONS_PORT" ;;
    realtime-gateway-*) printf '%s' $((GATEWAY_PORT + ${1#realtime-gateway-} - 1)) ;;
    *) return 1 ;;
  esac
}

proc_pid() { alive_pid "$RUN_DIR/$1.pid" "services/$(service_of "$1")/src/main.ts"; }
proc_ready() { [[ "$(http_status "$(port_of "$1")" /ready)" == 200 ]]; }

# --------------------------------------------------------------------------- one-time setup

# The ES256 pair auth signs with (private: auth only) and every service verifies with.
ensure_keys() {
  mkdir -p "$SECRETS_DIR"
  chmod 0700 "$SECRETS_DIR"
  [[ -s "$SECRETS_DIR/jwt-private.pem" && -s "$SECRETS_DIR/jwt-public.pem" ]] && return 0
  (
    umask 077
    node -e '
      const { generateKeyPairSync } = require("node:crypto");
      const fs = require("node:fs");
      const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
      fs.writeFileSync(process.argv[1] + "/jwt-private.pem", privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
      fs.writeFileSync(process.argv[1] + "/jwt-public.pem", publicKey.export({ type: "spki", format: "pem" }), { mode: 0o600 });
    ' "$SECRETS_DIR"
  ) || die "could not generate the JWT key pair"
  log "keys: generated an ES256 key pair in $SECRETS_DIR"
}

ensure_admin_password() {
  [[ -s "$SECRETS_DIR/admin-password" ]] && return 0
  (umask 077; node -e 'process.stdout.write(require("node:crypto").randomBytes(18).toString("base64url"))' >"$SECRETS_DIR/admin-password")
}

INFRA_DATABASE_URL="" REDIS_URL="" KAFKA_BROKERS=""
load_infra_env() {
  local line
  while IFS= read -r line; do
    case "$line" in
      "export DATABASE_URL="*) INFRA_DATABASE_URL="${line#export DATABASE_URL=}" ;;
      "export REDIS_URL="*) REDIS_URL="${line#export REDIS_URL=}" ;;
      "export KAFKA_BROKERS="*) KAFKA_BROKERS="${line#export KAFKA_BROKERS=}" ;;
    esac
  done < <(bash "$REPO_ROOT/scripts/infra.sh" env)
  [[ -n "$INFRA_DATABASE_URL" && -n "$REDIS_URL" && -n "$KAFKA_BROKERS" ]] || die "scripts/infra.sh env printed no DATABASE_URL/REDIS_URL/KAFKA_BROKERS"
}

cluster_database_url() { printf '%s/%s' "${INFRA_DATABASE_URL%/*}" "$DB_NAME"; }

# A database of its own, so cluster runs never mix with the tests' databases.
ensure_database() {
  # shellcheck disable=SC2016  # JavaScript, not shell
  (cd "$REPO_ROOT" && node -e '
    const { Client } = require("pg");
    const [url, name] = process.argv.slice(1);
    (async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name]);
      if (rowCount === 0) {
        await client.query(`create database "${name}"`);
        console.log(`database: created ${name}`);
      }
      await client.end();
    })().catch((err) => { console.error(err.message); process.exit(1); });
  ' "$INFRA_DATABASE_URL" "$DB_NAME") || die "could not create database $DB_NAME"
}

ensure_nginx_installed() {
  command -v nginx >/dev/null && return 0
  [[ -x /usr/sbin/nginx ]] && return 0
  command -v apt-get >/dev/null || die "nginx is missing, and no apt-get to install it with"
  log "nginx: installing Debian package nginx ..."
  local sudo=""; [[ $EUID -eq 0 ]] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null || die "apt-get update failed"
  # Keep the package's own nginx (port 80) from being started by its maintainer script.
  local own_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  local rc=0
  $sudo apt-get install -y -qq --no-install-recommends nginx >"$LOG_DIR/apt-nginx.log" 2>&1 || rc=$?
  [[ $own_policy -eq 1 ]] && $sudo rm -f /usr/sbin/policy-rc.d
  [[ $rc -eq 0 ]] || { show_tail "$LOG_DIR/apt-nginx.log"; die "apt-get install nginx failed"; }
}

nginx_bin() { command -v nginx 2>/dev/null || printf '/usr/sbin/nginx'; }

# --------------------------------------------------------------------------- services

# The environment of one service process: nothing inherited from the caller's shell but
# PATH/HOME, so a stray DATABASE_URL of a test session cannot leak in.
service_env() {
  local name="$1" service; service="$(service_of "$1")"
  printf '%s\0' \
    "PATH=$PATH" "HOME=${HOME:-/root}" "NODE_ENV=production" \
    "HOST=$HOST" "PORT=$(port_of "$name")" "LOG_LEVEL=$LOG_LEVEL" \
    "DATABASE_URL=$(cluster_database_url)" "KAFKA_BROKERS=$KAFKA_BROKERS" "KAFKA_TOPIC_PREFIX=$PREFIX" \
    "KAFKA_CLIENT_ID=$name" "REDIS_URL=$REDIS_URL" "REALTIME_LOG_PREFIX=$PREFIX" \
    "JWT_PUBLIC_KEY=$(cat "$SECRETS_DIR/jwt-public.pem")" "TRUST_PROXY=true"
  case "$service" in
    auth)
      printf '%s\0' "JWT_PRIVATE_KEY=$(cat "$SECRETS_DIR/jwt-private.pem")" \
        "ADMIN_EMAIL=$ADMIN_EMAIL" "ADMIN_PASSWORD=$(cat "$SECRETS_DIR/admin-password")" \
        "RATE_LIMIT_KEY_PREFIX=$PREFIX:auth" ;;
    realtime-gateway)
      # A new deployment's consumer group starts at the topics' beginning: otherwise events
      # written while the group first forms would never reach a socket. Each event is logged
      # once (by event id), so this replays nothing twice.
      printf '%s\0' "FANOUT_FROM_BEGINNING=true" ;;
  esac
  local pair
  for pair in ${QTABLE_CLUSTER_SERVICE_ENV:-}; do printf '%s\0' "$pair"; done
}

launch_process() {
  local name="$1" service port logfile
  service="$(service_of "$name")"; port="$(port_of "$name")"; logfile="$LOG_DIR/$name.log"
  if port_open "$port"; then
    die "$name: port $HOST:$port is in use by a process that is not this cluster's (QTABLE_CLUSTER_*_PORT to move it):
$(ss -Hltnp "sport = :$port" 2>/dev/null || true)"
  fi
  [[ -f "$logfile" ]] && mv -f "$logfile" "$logfile.prev"
  local -a envs=()
  mapfile -d '' envs < <(service_env "$name")
  # setsid: its own session, so the process outlives the caller (a test runner, a terminal).
  (cd "$REPO_ROOT" && exec setsid env -i "${envs[@]}" node --require tsx/cjs "services/$service/src/main.ts" \
    </dev/null >"$logfile" 2>&1 9>&-) &
  echo $! >"$RUN_DIR/$name.pid"
}

wait_ready() {
  local name="$1" t0="$2" i pid
  for ((i = 0; i < READY_WAIT * 5; i++)); do
    if proc_ready "$name"; then log "$name: ready on $HOST:$(port_of "$name") in $(since "$t0")"; return 0; fi
    if ! pid="$(proc_pid "$name")"; then
      show_tail "$LOG_DIR/$name.log"
      die "$name: exited during start-up (log $LOG_DIR/$name.log)"
    fi
    sleep 0.2
  done
  show_tail "$LOG_DIR/$name.log"
  die "$name: not ready after ${READY_WAIT}s (pid $pid, log $LOG_DIR/$name.log)"
}

# Starts the named processes that are not running, together, then waits for each.
start_processes() {
  local name t0 pid
  local -a launched=()
  t0=$(now_ms)
  for name in "$@"; do
    if pid="$(proc_pid "$name")"; then
      proc_ready "$name" && { log "$name: already running (pid $pid, $HOST:$(port_of "$name"))"; continue; }
      launched+=("$name")   # starting (another invocation) or not ready: wait for it below
      continue
    fi
    launch_process "$name"
    launched+=("$name")
  done
  for name in "${launched[@]}"; do wait_ready "$name" "$t0"; done
}

stop_process() {
  local name="$1" pid
  if ! pid="$(proc_pid "$name")"; then rm -f "$RUN_DIR/$name.pid"; return 0; fi
  kill_and_wait "$pid" "$name"
  rm -f "$RUN_DIR/$name.pid"
  log "$name: stopped"
}

# --------------------------------------------------------------------------- nginx

gateway_upstreams() {
  local i list=""
  for ((i = 1; i <= GATEWAYS; i++)); do list+="${list:+,}$HOST:$((GATEWAY_PORT + i - 1))"; done
  printf '%s' "$list"
}

render_nginx() {
  mkdir -p "$NGINX_DIR/tmp"
  local render="$REPO_ROOT/scripts/render-nginx-routes.js"
  (cd "$REPO_ROOT" && node "$render" --part server --out "$NGINX_DIR/routes-server.conf" \
    && node "$render" --part http --out "$NGINX_DIR/routes-http.conf" \
      --upstream "auth=$HOST:$AUTH_PORT" --upstream "floor=$HOST:$FLOOR_PORT" \
      --upstream "guests=$HOST:$GUESTS_PORT" --upstream "reservations=$HOST:$RESERVATIONS_PORT" \
      --upstream "realtime-gateway=$(gateway_upstreams)") || die "nginx: rendering the route table failed"
  local user_directive=""
  # As root, workers drop to nobody (they only proxy: no file they need to write).
  [[ $EUID -eq 0 ]] && user_directive="user nobody nogroup;"
  sed -e "s|@USER_DIRECTIVE@|$user_directive|" -e "s|@WORKERS@|$NGINX_WORKERS|" \
      -e "s|@NGINX_DIR@|$NGINX_DIR|g" -e "s|@LOG_DIR@|$LOG_DIR|g" -e "s|@LISTEN@|$HOST:$ENTRY_PORT|" \
      "$REPO_ROOT/scripts/cluster/nginx.conf.template" >"$NGINX_DIR/nginx.conf.new"
  "$(nginx_bin)" -t -q -c "$NGINX_DIR/nginx.conf.new" -p "$NGINX_DIR" 2>"$NGINX_DIR/test.log" \
    || { cat "$NGINX_DIR/test.log" >&2; die "nginx: the generated configuration is invalid ($NGINX_DIR/nginx.conf.new)"; }
}

nginx_pid() { alive_pid "$NGINX_DIR/nginx.pid" nginx; }

start_nginx() {
  ensure_nginx_installed
  render_nginx
  local pid
  if pid="$(nginx_pid)"; then
    if cmp -s "$NGINX_DIR/nginx.conf.new" "$NGINX_DIR/nginx.conf"; then
      rm -f "$NGINX_DIR/nginx.conf.new"
      log "nginx: already running (pid $pid, http://$HOST:$ENTRY_PORT)"
      return 0
    fi
    mv -f "$NGINX_DIR/nginx.conf.new" "$NGINX_DIR/nginx.conf"
    "$(nginx_bin)" -c "$NGINX_DIR/nginx.conf" -p "$NGINX_DIR" -s reload || die "nginx: reload failed"
    log "nginx: configuration reloaded (pid $pid)"
    return 0
  fi
  mv -f "$NGINX_DIR/nginx.conf.new" "$NGINX_DIR/nginx.conf"
  port_open "$ENTRY_PORT" && die "nginx: port $HOST:$ENTRY_PORT is in use by another process (QTABLE_CLUSTER_PORT to move it)"
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  "$(nginx_bin)" -c "$NGINX_DIR/nginx.conf" -p "$NGINX_DIR" 9>&- 2>>"$LOG_DIR/nginx-error.log" \
    || { show_tail "$LOG_DIR/nginx-error.log"; die "nginx: failed to start"; }
  local i
  for ((i = 0; i < 50; i++)); do port_open "$ENTRY_PORT" && break; sleep 0.1; done
  port_open "$ENTRY_PORT" || { show_tail "$LOG_DIR/nginx-error.log"; die "nginx: not listening on $HOST:$ENTRY_PORT"; }
  log "nginx: started on http://$HOST:$ENTRY_PORT"
}

stop_nginx() {
  local pid
  if ! pid="$(nginx_pid)"; then return 0; fi
  # QUIT: graceful; open WebSockets would hold it up to the proxy timeouts, so bounded.
  kill -QUIT "$pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 50; i++)); do is_alive "$pid" || break; sleep 0.1; done
  is_alive "$pid" && kill_and_wait "$pid" nginx
  log "nginx: stopped"
}

# --------------------------------------------------------------------------- commands

# Validates process names into NAMES (in the main shell, so that die() ends the script).
NAMES=()
expand_names() {
  local n i
  NAMES=()
  for n in "$@"; do
    case "$n" in
      nginx|auth|floor|guests|reservations) NAMES+=("$n") ;;
      realtime-gateway|gateways) for ((i = 1; i <= GATEWAYS; i++)); do NAMES+=("realtime-gateway-$i"); done ;;
      realtime-gateway-[0-9]*)
        i="${n#realtime-gateway-}"
        [[ "$i" =~ ^[0-9]+$ && $i -ge 1 && $i -le $GATEWAYS ]] || die "no such gateway replica: $n (QTABLE_CLUSTER_GATEWAYS=$GATEWAYS)"
        NAMES+=("$n") ;;
      *) die "unknown process '$n' (nginx, auth, floor, guests, reservations, realtime-gateway[-N])" ;;
    esac
  done
}

print_banner() {
  cat <<EOF

  QTable local cluster: http://$HOST:$ENTRY_PORT  (nginx; routes from helm/qtable/routes.yaml)
    auth $AUTH_PORT, floor $FLOOR_PORT, guests $GUESTS_PORT, reservations $RESERVATIONS_PORT, gateways $(gateway_upstreams | tr ',' ' ')
  Admin login:  $ADMIN_EMAIL
  Password:     $(cat "$SECRETS_DIR/admin-password")
  Logs:         $LOG_DIR
  Database:     $DB_NAME   Kafka topic / Redis prefix: $PREFIX

EOF
}

cmd_start() {
  expand_names "$@"
  local -a names=("${NAMES[@]}")
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  bash "$REPO_ROOT/scripts/infra.sh" start
  take_lock
  load_infra_env
  ensure_keys
  ensure_admin_password
  ensure_database
  # The gateways hold thousands of sockets: as many files as the hard limit allows, up to 65536.
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  if [[ ${#names[@]} -eq 0 ]]; then
    # The domain services first (they create their topics and schemas), then the gateways.
    start_processes "${SERVICES[@]}"
    local -a gws; mapfile -t gws < <(gateway_names)
    start_processes "${gws[@]}"
    start_nginx
    print_banner
    return 0
  fi
  local n
  for n in "${names[@]}"; do
    if [[ "$n" == nginx ]]; then start_nginx; else start_processes "$n"; fi
  done
}

cmd_stop() {
  local all=0 n
  local -a args=()
  for n in "$@"; do [[ "$n" == --all ]] && all=1 || args+=("$n"); done
  expand_names "${args[@]}"
  local -a names=("${NAMES[@]}")
  mkdir -p "$RUN_DIR"
  take_lock
  if [[ ${#names[@]} -eq 0 ]]; then
    stop_nginx
    # Gateways first: their clients reconnect nowhere, and nothing is mid-fan-out when the services go.
    local -a everything; mapfile -t everything < <(gateway_names; printf '%s\n' "${SERVICES[@]}")
    for n in "${everything[@]}"; do stop_process "$n" & done
    wait
    # Replicas beyond the current count (a larger QTABLE_CLUSTER_GATEWAYS earlier).
    local f
    for f in "$RUN_DIR"/realtime-gateway-*.pid; do
      [[ -e "$f" ]] || continue
      n="$(basename "$f" .pid)"; stop_process "$n"
    done
    log "cluster: stopped"
  else
    for n in "${names[@]}"; do if [[ "$n" == nginx ]]; then stop_nginx; else stop_process "$n"; fi; done
  fi
  if [[ $all -eq 1 ]]; then exec 9>&-; bash "$REPO_ROOT/scripts/infra.sh" stop; fi
}

cmd_status() {
  local rc=0 n pid
  bash "$REPO_ROOT/scripts/infra.sh" status || rc=3
  if pid="$(nginx_pid)" && port_open "$ENTRY_PORT"; then log "nginx: running  pid $pid  http://$HOST:$ENTRY_PORT"
  else log "nginx: stopped  ($HOST:$ENTRY_PORT)"; rc=3; fi
  local -a names; mapfile -t names < <(all_processes)
  for n in "${names[@]}"; do
    if pid="$(proc_pid "$n")"; then
      if proc_ready "$n"; then log "$n: running  pid $pid  $HOST:$(port_of "$n")"
      else log "$n: NOT READY pid $pid  $HOST:$(port_of "$n")  (log $LOG_DIR/$n.log)"; rc=3; fi
    else
      log "$n: stopped  ($HOST:$(port_of "$n"))"; rc=3
    fi
  done
  return $rc
}

cmd_env() {
  load_infra_env
  local n
  cat <<EOF
export QTABLE_CLUSTER_URL=http://$HOST:$ENTRY_PORT
export QTABLE_CLUSTER_DIR=$CLUSTER_DIR
export QTABLE_CLUSTER_DATABASE_URL=$(cluster_database_url)
export QTABLE_CLUSTER_PREFIX=$PREFIX
export QTABLE_CLUSTER_GATEWAY_URLS=$(gateway_upstreams | sed "s|$HOST|http://$HOST|g")
export QTABLE_CLUSTER_JWT_PRIVATE_KEY_FILE=$SECRETS_DIR/jwt-private.pem
export QTABLE_CLUSTER_JWT_PUBLIC_KEY_FILE=$SECRETS_DIR/jwt-public.pem
export QTABLE_CLUSTER_ADMIN_EMAIL=$ADMIN_EMAIL
export QTABLE_CLUSTER_ADMIN_PASSWORD_FILE=$SECRETS_DIR/admin-password
export QTABLE_CLUSTER_RUN_DIR=$RUN_DIR
export QTABLE_CLUSTER_LOG_DIR=$LOG_DIR
EOF
  for n in $(all_processes); do
    printf 'export QTABLE_CLUSTER_%s_URL=http://%s:%s\n' "$(printf '%s' "$n" | tr 'a-z-' 'A-Z_')" "$HOST" "$(port_of "$n")"
  done
}

usage() { sed -n '2,30p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

main() {
  local cmd="${1:-}"; shift || true
  case "$cmd" in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    restart) cmd_stop "$@"; exec 9>&-; cmd_start "$@" ;;
    status) cmd_status ;;
    env) cmd_env ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
