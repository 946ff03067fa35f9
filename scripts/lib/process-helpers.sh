# shellcheck shell=bash
# Sourced by scripts/infra.sh and scripts/cluster.sh: the process and port helpers both need.
# The sourcing script sets SCRIPT (message prefix), HOST (loopback) and STOP_WAIT (seconds).

log()  { printf '%s\n' "$*"; }
warn() { printf '%s: %s\n' "$SCRIPT" "$*" >&2; }
die()  { printf '%s: ERROR: %s\n' "$SCRIPT" "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }
since()  { local t=$(( $(now_ms) - $1 )); printf '%d.%02ds' $((t / 1000)) $(((t % 1000) / 10)); }

# Print the tail of a log so a failure explains itself without digging for files.
show_tail() {
  local file="$1" n="${2:-30}"
  if [[ -f "$file" ]]; then
    printf -- '--- last %d lines of %s ---\n' "$n" "$file" >&2
    tail -n "$n" "$file" >&2 || true
    printf -- '---\n' >&2
  fi
}

# True if something accepts TCP connections on $HOST:$1 (bash /dev/tcp: no netcat needed).
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null; }

# Alive = exists and is not a zombie. kill -0 alone succeeds on zombies, and a daemon that
# died is a zombie until its parent reaps it: we would then wait for a corpse.
is_alive() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state="$(sed -n 's/^[0-9]* (.*) \([A-Za-z]\).*/\1/p' "/proc/$1/stat" 2>/dev/null || true)"
  [[ "$state" != Z && "$state" != X ]]
}

# pid from a pid file if that process is alive (and, optionally, its command line contains $2).
alive_pid() {
  local pidfile="$1" match="${2:-}" pid
  [[ -s "$pidfile" ]] || return 1
  pid="$(head -n1 "$pidfile" | tr -dc 0-9)"
  [[ -n "$pid" ]] && is_alive "$pid" || return 1
  if [[ -n "$match" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$match" || return 1
  fi
  printf '%s\n' "$pid"
}

# SIGTERM, wait up to STOP_WAIT seconds for a clean exit, then SIGKILL.
kill_and_wait() {
  local pid="$1" name="$2" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < STOP_WAIT * 10; i++)); do
    is_alive "$pid" || return 0
    sleep 0.1
  done
  warn "$name (pid $pid) did not exit ${STOP_WAIT}s after SIGTERM; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.5
}
