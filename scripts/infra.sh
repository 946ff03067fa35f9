#!/usr/bin/env bash
# QTable local infrastructure: PostgreSQL, Redis and a single-node Kafka (KRaft),
# as real servers on loopback, for integration tests, CI and the local cluster.
#
#   bash scripts/infra.sh start  [postgres|redis|kafka ...]   install if missing, start, wait until ready
#   bash scripts/infra.sh stop   [postgres|redis|kafka ...]   stop cleanly (default: all)
#   bash scripts/infra.sh restart [service ...]
#   bash scripts/infra.sh status [service ...]                exit 0 only if all named are up
#   bash scripts/infra.sh env                                 print `export` lines for the clients
#   eval "$(bash scripts/infra.sh env)"
#
# Everything is idempotent: `start` on a healthy stack is a fast no-op. No systemd,
# no Docker: each server is launched directly and tracked by a pid file.
#
# Environment (all optional):
#   QTABLE_INFRA_DIR             state: data, logs, pid files, env file   (default <repo>/.infra)
#   QTABLE_CACHE_DIR             downloaded Kafka jars (survive `rm -rf .infra`) (default ~/.cache/qtable)
#   QTABLE_PG_PORT               55432
#   QTABLE_REDIS_PORT            56379
#   QTABLE_KAFKA_PORT            59092   (PLAINTEXT listener, what clients use)
#   QTABLE_KAFKA_CONTROLLER_PORT 59093   (KRaft controller listener)
#   QTABLE_KAFKA_HEAP            "-Xms256m -Xmx512m"
#
# Layout under $QTABLE_INFRA_DIR:
#   env                 the `export` lines of `env`, rewritten on every start
#   pg/                 owned by the postgres OS user: data/ (0700), postgres.log, run/ (socket)
#                       -> moved to /var/tmp/qtable-infra/<hash>/pg when the postgres user
#                          cannot traverse the repo path (see pg_pick_root)
#   redis/              redis.conf, redis.pid, redis.log
#   kafka/              server.properties, log4j.properties, data/, kafka.pid, kafka.log
set -euo pipefail

# --------------------------------------------------------------------------- settings

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INFRA_DIR="${QTABLE_INFRA_DIR:-$REPO_ROOT/.infra}"
mkdir -p "$INFRA_DIR"
INFRA_DIR="$(cd "$INFRA_DIR" && pwd)"   # absolute: it ends up in config files
CACHE_DIR="${QTABLE_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/qtable}"

PG_PORT="${QTABLE_PG_PORT:-55432}"
REDIS_PORT="${QTABLE_REDIS_PORT:-56379}"
KAFKA_PORT="${QTABLE_KAFKA_PORT:-59092}"
KAFKA_CONTROLLER_PORT="${QTABLE_KAFKA_CONTROLLER_PORT:-59093}"
KAFKA_HEAP="${QTABLE_KAFKA_HEAP:--Xms256m -Xmx512m}"

HOST=127.0.0.1            # every server binds loopback only
PG_USER=qtable PG_PASSWORD=qtable PG_DB=qtable

PG_WAIT=30 REDIS_WAIT=30 KAFKA_WAIT=60 STOP_WAIT=30   # seconds; every wait is bounded

KAFKA_POM="$REPO_ROOT/scripts/kafka/pom.xml"
# Single source of truth for the version is the pom; the jar cache is named after it.
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$KAFKA_POM")"
KAFKA_LIBS="$CACHE_DIR/kafka-$KAFKA_VERSION/libs"
KAFKA_DIR="$INFRA_DIR/kafka"
REDIS_DIR="$INFRA_DIR/redis"

ALL_SERVICES=(postgres redis kafka)

# --------------------------------------------------------------------------- helpers

SCRIPT=infra
# shellcheck source=scripts/lib/process-helpers.sh
source "$REPO_ROOT/scripts/lib/process-helpers.sh"

# Who holds a port, for error messages only.
port_owner() {
  if command -v ss >/dev/null; then ss -Hltnp "sport = :$1" 2>/dev/null | sed 's/^/    /' || true; fi
}

# Refuse to "start" on a port some other process already holds: tests would
# otherwise silently talk to the wrong server.
assert_port_free() {
  local port="$1" name="$2"
  if port_open "$port"; then
    die "$name: port $HOST:$port is already in use by another process (not ours):
$(port_owner "$port")
    stop it, or pick another port (QTABLE_*_PORT)."
  fi
}

SUDO=""
[[ $EUID -eq 0 ]] || SUDO="sudo"

APT_UPDATED=0
# Non-interactive apt install. `apt-get update` runs only when something is
# actually missing, at most once per invocation.
apt_install() {
  command -v apt-get >/dev/null || die "missing $*, and no apt-get to install it with"
  export DEBIAN_FRONTEND=noninteractive
  if [[ $APT_UPDATED -eq 0 ]]; then
    $SUDO apt-get update -qq >/dev/null || die "apt-get update failed"
    APT_UPDATED=1
  fi
  # Debian's maintainer scripts would start the packaged default instances
  # (postgres "15/main" on 5432, redis on 6379) through init scripts. We never
  # want those: a policy-rc.d that answers 101 ("action forbidden") stops it.
  # Only add one if the machine has none, and only remove our own.
  local own_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  local rc=0
  $SUDO apt-get install -y -qq --no-install-recommends "$@" >/tmp/qtable-apt.$$.log 2>&1 || rc=$?
  [[ $own_policy -eq 1 ]] && $SUDO rm -f /usr/sbin/policy-rc.d
  if [[ $rc -ne 0 ]]; then
    show_tail /tmp/qtable-apt.$$.log 40
    die "apt-get install $* failed (exit $rc)"
  fi
  rm -f /tmp/qtable-apt.$$.log
}

# The lock serialises concurrent invocations (e.g. parallel test targets each
# calling `start`). Daemons are launched with `9>&-` so they don't inherit it.
take_lock() {
  exec 9>"$INFRA_DIR/.lock"
  flock -w 180 9 || die "another scripts/infra.sh has held $INFRA_DIR/.lock for 180s"
}

# --------------------------------------------------------------------------- postgres

PG_BIN="" PG_ROOT="" PG_DATA="" PG_LOG="" PG_SOCK=""

pg_find_bin() {
  local d
  # An existing cluster must be run by its own major version.
  if [[ -n "$PG_DATA" && -f "$PG_DATA/PG_VERSION" ]]; then
    d="/usr/lib/postgresql/$(cat "$PG_DATA/PG_VERSION")/bin"
    [[ -x "$d/postgres" ]] && { PG_BIN="$d"; return 0; }
  fi
  d="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
  [[ -n "$d" && -x "$d/postgres" ]] && { PG_BIN="$d"; return 0; }
  return 1
}

pg_ensure_installed() {
  if ! pg_find_bin || ! id postgres >/dev/null 2>&1; then
    log "postgres: installing Debian package postgresql ..."
    apt_install postgresql
    pg_find_bin || die "postgresql installed but no /usr/lib/postgresql/*/bin/postgres"
  fi
}

# Run a command as the postgres OS user: postgres, initdb and pg_ctl refuse to
# run as root. cd / because the caller's cwd may not be readable by postgres.
as_pg() {
  if [[ $EUID -eq 0 ]]; then
    (cd / && runuser -u postgres -- env HOME="$PG_ROOT" "$@")
  else
    (cd / && env HOME="$PG_ROOT" "$@")
  fi
}

# Where the cluster lives. Normally $INFRA_DIR/pg. But postgres must be able to
# traverse every directory above its data dir, and a repo checked out under a
# 0700 home (e.g. /root/...) is not traversable by the postgres user; then the
# cluster goes to /var/tmp/qtable-infra/<hash of INFRA_DIR>/pg instead, which
# `status` prints.
pg_pick_root() {
  chmod 0755 "$INFRA_DIR" 2>/dev/null || true
  if [[ $EUID -ne 0 ]] || runuser -u postgres -- test -x "$INFRA_DIR" 2>/dev/null; then
    PG_ROOT="$INFRA_DIR/pg"
  else
    PG_ROOT="/var/tmp/qtable-infra/$(printf %s "$INFRA_DIR" | md5sum | cut -c1-12)/pg"
  fi
  PG_DATA="$PG_ROOT/data"
  PG_LOG="$PG_ROOT/postgres.log"
  PG_SOCK="$PG_ROOT/run"
  # Unix socket paths are limited to ~107 bytes; deep checkouts overflow that.
  if (( ${#PG_SOCK} + 16 > 100 )); then
    PG_SOCK="/tmp/qtable-pg-$(printf %s "$PG_ROOT" | md5sum | cut -c1-12)"
  fi
}

pg_pid() { [[ -n "$PG_DATA" ]] && alive_pid "$PG_DATA/postmaster.pid" postgres; }

pg_ready() { "$PG_BIN/pg_isready" -q -h "$HOST" -p "$PG_PORT" -t 2 >/dev/null 2>&1; }

pg_initdb() {
  mkdir -p "$PG_ROOT"
  chown postgres:postgres "$PG_ROOT" 2>/dev/null || true
  chmod 0700 "$PG_ROOT"
  # --no-locale: the C locale exists on every machine (no locales package needed);
  # trust on the unix socket only (admin bootstrap), passwords over TCP.
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --no-locale \
    --auth-local=trust --auth-host=scram-sha-256 >"$PG_ROOT/initdb.log" 2>&1 \
    || { show_tail "$PG_ROOT/initdb.log"; die "postgres: initdb failed"; }
  # Our settings live in qtable.conf (rewritten on every start, so port changes apply).
  printf "\ninclude_if_exists = 'qtable.conf'\n" | as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null
}

pg_write_conf() {
  as_pg mkdir -p "$PG_SOCK"
  as_pg chmod 0700 "$PG_SOCK"
  as_pg tee "$PG_DATA/qtable.conf" >/dev/null <<EOF
# Written by scripts/infra.sh on every start; edits are lost.
listen_addresses = '$HOST'
port = $PG_PORT
unix_socket_directories = '$PG_SOCK'
# Tests CREATE DATABASE per test file and run many pools in parallel.
max_connections = 300
# Modest: a shared 2-core machine.
shared_buffers = 128MB
work_mem = 4MB
fsync = on
log_destination = 'stderr'
logging_collector = off
log_min_messages = warning
log_min_error_statement = error
log_line_prefix = '%m [%p] %q%u@%d '
EOF
}

# Idempotent: the role (superuser, so it can CREATE DATABASE per test file) and the database.
pg_ensure_role_db() {
  as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres \
    >/dev/null 2>"$PG_ROOT/bootstrap.err" <<EOF || { cat "$PG_ROOT/bootstrap.err" >&2; die "postgres: creating role/database failed"; }
SELECT format('CREATE ROLE %I', '$PG_USER')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER') \gexec
ALTER ROLE "$PG_USER" WITH LOGIN SUPERUSER CREATEDB PASSWORD '$PG_PASSWORD';
SELECT format('CREATE DATABASE %I OWNER %I', '$PG_DB', '$PG_USER')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$PG_DB') \gexec
EOF
}

start_postgres() {
  local t0; t0=$(now_ms)
  pg_ensure_installed
  pg_pick_root
  pg_find_bin || die "postgres: no server binaries for the cluster in $PG_DATA"
  if pg_pid >/dev/null && pg_ready; then
    pg_ensure_role_db
    log "postgres: already running on $HOST:$PG_PORT"
    return 0
  fi
  if pg_pid >/dev/null; then
    # Running but not answering: maybe still starting (another invocation) or hung.
    local i; for ((i = 0; i < PG_WAIT * 10; i++)); do pg_ready && break; sleep 0.1; done
    pg_ready || { show_tail "$PG_LOG"; die "postgres: process is up but not ready after ${PG_WAIT}s"; }
    pg_ensure_role_db
    log "postgres: already running on $HOST:$PG_PORT"
    return 0
  fi
  assert_port_free "$PG_PORT" postgres
  [[ -f "$PG_DATA/PG_VERSION" ]] || pg_initdb
  # Repair ownership/mode in case someone copied or touched the dir as root.
  chown -R postgres:postgres "$PG_ROOT" 2>/dev/null || true
  chmod 0700 "$PG_DATA"
  pg_write_conf
  # pg_ctl -w waits (bounded by -t) until the server accepts connections; pg_ctl
  # detaches the postmaster into its own session, so it outlives this script.
  if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$PG_WAIT" start >/dev/null 2>&1 9>&-; then
    show_tail "$PG_LOG"
    die "postgres: failed to start within ${PG_WAIT}s (data dir $PG_DATA)"
  fi
  local i; for ((i = 0; i < PG_WAIT * 10; i++)); do pg_ready && break; sleep 0.1; done
  pg_ready || { show_tail "$PG_LOG"; die "postgres: not accepting TCP on $HOST:$PG_PORT"; }
  pg_ensure_role_db
  log "postgres: started on $HOST:$PG_PORT in $(since "$t0") (data $PG_DATA)"
}

stop_postgres() {
  pg_find_bin 2>/dev/null || { log "postgres: not installed"; return 0; }
  pg_pick_root
  local pid
  if ! pid="$(pg_pid)"; then log "postgres: not running"; return 0; fi
  # fast = roll back open transactions and disconnect clients, then clean shutdown.
  if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t "$STOP_WAIT" stop >/dev/null 2>&1; then
    warn "postgres: pg_ctl stop failed; signalling pid $pid"
    kill_and_wait "$pid" postgres
  fi
  log "postgres: stopped"
}

status_postgres() {
  if ! pg_find_bin 2>/dev/null; then log "postgres: not installed"; return 1; fi
  pg_pick_root
  local pid
  if pid="$(pg_pid)" && pg_ready; then
    log "postgres: running  pid $pid  $HOST:$PG_PORT  data $PG_DATA"
  elif [[ -n "${pid:-}" ]]; then
    log "postgres: NOT READY pid $pid  $HOST:$PG_PORT  (log $PG_LOG)"; return 1
  else
    log "postgres: stopped  ($HOST:$PG_PORT, data $PG_DATA)"; return 1
  fi
}

# --------------------------------------------------------------------------- redis

REDIS_BIN=""

redis_ensure_installed() {
  REDIS_BIN="$(command -v redis-server || true)"
  [[ -z "$REDIS_BIN" && -x /usr/bin/redis-server ]] && REDIS_BIN=/usr/bin/redis-server
  if [[ -z "$REDIS_BIN" ]]; then
    log "redis: installing Debian package redis-server ..."
    apt_install redis-server redis-tools
    REDIS_BIN="$(command -v redis-server || echo /usr/bin/redis-server)"
    [[ -x "$REDIS_BIN" ]] || die "redis-server installed but binary not found"
  fi
}

# PING over a raw socket: works without redis-cli and costs no extra process but bash.
redis_ping() {
  # shellcheck disable=SC2016  # $1/$2/$line expand in the inner bash
  timeout 2 bash -c '
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf "PING\r\n" >&3
    IFS= read -r line <&3
    [[ $line == +PONG* ]]' _ "$HOST" "$REDIS_PORT" 2>/dev/null
}

redis_pid() { alive_pid "$REDIS_DIR/redis.pid" redis-server; }

redis_write_conf() {
  mkdir -p "$REDIS_DIR"
  cat >"$REDIS_DIR/redis.conf" <<EOF
# Written by scripts/infra.sh on every start; edits are lost.
bind $HOST
port $REDIS_PORT
protected-mode yes
daemonize yes
pidfile $REDIS_DIR/redis.pid
logfile $REDIS_DIR/redis.log
loglevel warning
dir $REDIS_DIR
# Throwaway cache/pubsub for tests: no persistence at all.
save ""
appendonly no
maxmemory 512mb
maxmemory-policy noeviction
EOF
}

start_redis() {
  local t0; t0=$(now_ms)
  redis_ensure_installed
  if redis_pid >/dev/null && redis_ping; then
    log "redis: already running on $HOST:$REDIS_PORT"
    return 0
  fi
  local pid
  if pid="$(redis_pid)"; then
    warn "redis: pid $pid alive but not answering PING; restarting it"
    kill_and_wait "$pid" redis
  fi
  rm -f "$REDIS_DIR/redis.pid"
  assert_port_free "$REDIS_PORT" redis
  redis_write_conf
  : >"$REDIS_DIR/redis.log"
  # daemonize yes: redis forks into its own session and writes the pid file.
  "$REDIS_BIN" "$REDIS_DIR/redis.conf" </dev/null >>"$REDIS_DIR/redis.log" 2>&1 9>&- \
    || { show_tail "$REDIS_DIR/redis.log"; die "redis: redis-server failed to launch"; }
  local i; for ((i = 0; i < REDIS_WAIT * 10; i++)); do redis_ping && break; sleep 0.1; done
  redis_ping || { show_tail "$REDIS_DIR/redis.log"; die "redis: no PONG on $HOST:$REDIS_PORT after ${REDIS_WAIT}s"; }
  log "redis: started on $HOST:$REDIS_PORT in $(since "$t0")"
}

stop_redis() {
  local pid
  if ! pid="$(redis_pid)"; then log "redis: not running"; rm -f "$REDIS_DIR/redis.pid"; return 0; fi
  # With save "" a SIGTERM shutdown is immediate (nothing to persist).
  kill_and_wait "$pid" redis
  rm -f "$REDIS_DIR/redis.pid"
  log "redis: stopped"
}

status_redis() {
  local pid
  if pid="$(redis_pid)" && redis_ping; then
    log "redis: running  pid $pid  $HOST:$REDIS_PORT"
  elif [[ -n "${pid:-}" ]]; then
    log "redis: NOT READY pid $pid  $HOST:$REDIS_PORT  (log $REDIS_DIR/redis.log)"; return 1
  else
    log "redis: stopped  ($HOST:$REDIS_PORT)"; return 1
  fi
}

# --------------------------------------------------------------------------- kafka

JAVA=""
KAFKA_CONF="$KAFKA_DIR/server.properties"
KAFKA_LOG="$KAFKA_DIR/kafka.log"
KAFKA_PID="$KAFKA_DIR/kafka.pid"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_STARTED_MSG="Kafka Server started"   # logged at INFO by kafka.server.KafkaRaftServer

kafka_ensure_java() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; return; fi
  JAVA="$(command -v java || true)"
  if [[ -z "$JAVA" ]]; then
    log "kafka: installing Debian package openjdk-17-jre-headless ..."
    apt_install openjdk-17-jre-headless
    JAVA="$(command -v java)" || die "java installed but not on PATH"
  fi
}

# The broker's jars come from Maven Central (the Apache release tarball is not
# reachable from our machines). Cached outside the repo; a marker holding the
# pom's checksum tells a complete, current copy from a half-finished one.
kafka_ensure_libs() {
  local marker="$KAFKA_LIBS/.complete" sum
  sum="$(md5sum "$KAFKA_POM" | cut -d' ' -f1)"
  [[ -f "$marker" && "$(cat "$marker")" == "$sum" ]] && return 0
  if ! command -v mvn >/dev/null; then
    log "kafka: installing Debian package maven ..."
    apt_install maven
  fi
  log "kafka: fetching Apache Kafka $KAFKA_VERSION jars from Maven Central into $KAFKA_LIBS ..."
  # Copy into a scratch dir and swap it in, so an interrupted download never
  # looks complete.
  local tmp="$KAFKA_LIBS.tmp.$$" out="$CACHE_DIR/kafka-$KAFKA_VERSION/mvn.log"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  if ! mvn -B -q -f "$KAFKA_POM" dependency:copy-dependencies \
      -DoutputDirectory="$tmp" >"$out" 2>&1; then
    rm -rf "$tmp"
    show_tail "$out" 40
    die "kafka: mvn dependency:copy-dependencies failed"
  fi
  ls "$tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || die "kafka: no kafka_2.13 jar in $tmp"
  printf '%s\n' "$sum" >"$tmp/.complete"
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
}

kafka_java() { "$JAVA" -cp "$KAFKA_LIBS/*" "$@"; }

kafka_write_conf() {
  mkdir -p "$KAFKA_DATA"
  cat >"$KAFKA_CONF" <<EOF
# Written by scripts/infra.sh on every start; edits are lost.
# Single node that is both KRaft controller and broker (no ZooKeeper).
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_DATA
# One broker: every internal topic must make do with one replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
default.replication.factor=1
min.insync.replicas=1
# Fewer internal partitions than the default 50: the first consumer group /
# transactional producer creates these topics, and 50 partitions cost seconds here.
offsets.topic.num.partitions=10
transaction.state.log.num.partitions=10
# Consumers in tests join immediately instead of waiting 3 s for more members.
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
num.partitions=3
delete.topic.enable=true
# After an unclean exit (kill -9, which fault tests may do) the restarted
# controller keeps the broker fenced until the old broker session expires:
# 9 s by default. Heartbeats are loopback-local, so a short session is safe.
broker.heartbeat.interval.ms=500
broker.session.timeout.ms=3000
# Small thread pools: shared 2-core machine.
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.hours=24
log.segment.bytes=67108864
EOF
  cat >"$KAFKA_DIR/log4j.properties" <<'EOF'
# Written by scripts/infra.sh. Everything goes to stdout, which infra.sh
# redirects to kafka.log next to this file.
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
# The readiness check waits for this logger's INFO line "... Kafka Server started".
log4j.logger.kafka.server.KafkaRaftServer=INFO
EOF
}

# Format the KRaft metadata/log dir once; meta.properties marks it done.
kafka_format() {
  [[ -f "$KAFKA_DATA/meta.properties" ]] && return 0
  local id
  id="$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)"
  [[ -n "$id" ]] || die "kafka: StorageTool random-uuid produced nothing"
  if ! kafka_java -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" \
      kafka.tools.StorageTool format -t "$id" -c "$KAFKA_CONF" >"$KAFKA_DIR/format.log" 2>&1; then
    show_tail "$KAFKA_DIR/format.log"
    die "kafka: storage format failed"
  fi
  printf '%s\n' "$id" >"$KAFKA_DIR/cluster.id"
}

kafka_pid() { alive_pid "$KAFKA_PID" kafka.Kafka; }

kafka_ready() { grep -qF "$KAFKA_STARTED_MSG" "$KAFKA_LOG" 2>/dev/null && port_open "$KAFKA_PORT"; }

# Launch without waiting, so `start` can bring postgres and redis up while the JVM boots.
# Sets KAFKA_LAUNCHED=0 if a broker was already running (nothing launched). A flag,
# not a return code: `if f; then` would switch errexit off inside f.
KAFKA_LAUNCHED=0
kafka_launch() {
  KAFKA_LAUNCHED=0
  # Never touch the jar cache under a running broker.
  if kafka_pid >/dev/null; then return 0; fi
  kafka_ensure_java
  kafka_ensure_libs
  rm -f "$KAFKA_PID"
  assert_port_free "$KAFKA_PORT" kafka
  assert_port_free "$KAFKA_CONTROLLER_PORT" "kafka controller"
  kafka_write_conf
  kafka_format
  # A fresh log per run: readiness is "this run logged 'Kafka Server started'".
  [[ -f "$KAFKA_LOG" ]] && mv -f "$KAFKA_LOG" "$KAFKA_LOG.prev"
  # setsid: own session, so the broker survives the caller's process group being
  # killed (CI steps, terminals). $! is java itself: setsid and nohup exec in place.
  # shellcheck disable=SC2086  # KAFKA_HEAP is a list of JVM flags
  setsid nohup "$JAVA" $KAFKA_HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_CONF" \
    </dev/null >"$KAFKA_LOG" 2>&1 9>&- &
  echo $! >"$KAFKA_PID"
  KAFKA_LAUNCHED=1
}

kafka_wait() {
  local t0="$1" i pid
  for ((i = 0; i < KAFKA_WAIT * 5; i++)); do
    kafka_ready && { log "kafka: started on $HOST:$KAFKA_PORT in $(since "$t0") (Kafka $KAFKA_VERSION)"; return 0; }
    if ! pid="$(kafka_pid)"; then
      show_tail "$KAFKA_LOG" 40
      die "kafka: broker process exited during startup"
    fi
    sleep 0.2
  done
  show_tail "$KAFKA_LOG" 40
  die "kafka: not ready after ${KAFKA_WAIT}s (pid $pid still running; log $KAFKA_LOG)"
}

stop_kafka() {
  local pid
  if ! pid="$(kafka_pid)"; then log "kafka: not running"; rm -f "$KAFKA_PID"; return 0; fi
  # SIGTERM runs Kafka's shutdown hook: controlled shutdown, flush, clean log close
  # (so the next start skips log recovery).
  local t0; t0=$(now_ms)
  kill_and_wait "$pid" kafka
  rm -f "$KAFKA_PID"
  log "kafka: stopped in $(since "$t0")"
}

status_kafka() {
  local pid
  if pid="$(kafka_pid)" && kafka_ready; then
    log "kafka: running  pid $pid  $HOST:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT)  Kafka $KAFKA_VERSION"
  elif [[ -n "${pid:-}" ]]; then
    log "kafka: NOT READY pid $pid  $HOST:$KAFKA_PORT  (log $KAFKA_LOG)"; return 1
  else
    log "kafka: stopped  ($HOST:$KAFKA_PORT)"; return 1
  fi
}

# --------------------------------------------------------------------------- commands

env_lines() {
  cat <<EOF
export DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@$HOST:$PG_PORT/$PG_DB
export REDIS_URL=redis://$HOST:$REDIS_PORT
export KAFKA_BROKERS=$HOST:$KAFKA_PORT
EOF
}

write_env_file() { env_lines >"$INFRA_DIR/env"; }

# Validate service names into SVCS (default: all). Runs in the main shell so
# that die() really ends the script.
SVCS=()
parse_services() {
  local s
  SVCS=()
  if [[ $# -eq 0 ]]; then SVCS=("${ALL_SERVICES[@]}"); return; fi
  for s in "$@"; do
    case "$s" in
      postgres|pg|postgresql) SVCS+=(postgres) ;;
      redis) SVCS+=(redis) ;;
      kafka) SVCS+=(kafka) ;;
      *) die "unknown service '$s' (expected: ${ALL_SERVICES[*]})" ;;
    esac
  done
}

wants() { [[ " ${SVCS[*]} " == *" $1 "* ]]; }

cmd_start() {
  parse_services "$@"
  take_lock
  write_env_file
  # Kafka's JVM takes the longest to boot: launch it first, bring postgres and
  # redis up meanwhile, then wait for it.
  local kafka_t0
  kafka_t0=$(now_ms)
  if wants kafka; then kafka_launch; fi
  if wants postgres; then start_postgres; fi
  if wants redis; then start_redis; fi
  if wants kafka; then
    if [[ $KAFKA_LAUNCHED -eq 1 ]]; then kafka_wait "$kafka_t0"
    elif kafka_ready; then log "kafka: already running on $HOST:$KAFKA_PORT"
    else kafka_wait "$kafka_t0"   # launched by someone else and still booting
    fi
  fi
}

cmd_stop() {
  parse_services "$@"
  take_lock
  # Reverse start order: kafka first, so nothing is mid-flight when the stores go.
  if wants kafka; then stop_kafka; fi
  if wants redis; then stop_redis; fi
  if wants postgres; then stop_postgres; fi
}

cmd_status() {
  parse_services "$@"
  local s rc=0
  for s in "${SVCS[@]}"; do "status_$s" || rc=3; done
  return $rc
}

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

main() {
  local cmd="${1:-}"; shift || true
  case "$cmd" in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    restart) cmd_stop "$@"; cmd_start "$@" ;;
    status) cmd_status "$@" ;;
    env) env_lines ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
