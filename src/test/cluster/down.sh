#!/usr/bin/env bash
# Stop exactly the processes up.sh started (by recorded pid, checked against the
# binary path so a reused pid is never signalled) and remove the etcd data.
# Safe to call twice, or when nothing is running. PKI and logs are kept.
# Env: KAITO_SIM_CACHE, KAITO_SIM_STOP_TIMEOUT (seconds before SIGKILL, default 15)
set -euo pipefail
# shellcheck source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

PIDS="$SIM_RUN/pids"
STOP_TIMEOUT="${KAITO_SIM_STOP_TIMEOUT:-15}"

# Is $1 a live process running binary $SIM_BIN/$2 ?
ours() {
  pid_alive "$1" || return 1
  case "$(readlink "/proc/$1/exe" 2>/dev/null || true)" in
    "$SIM_BIN/$2"*) return 0 ;;   # may carry " (deleted)" if rebuilt meanwhile
    *) return 1 ;;
  esac
}

stopped=0
# Reverse start order: clients first, etcd last.
for c in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
  f="$PIDS/$c.pid"
  [ -f "$f" ] || continue
  pid="$(cat "$f")"
  if ours "$pid" "$c"; then
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + STOP_TIMEOUT))
    while ours "$pid" "$c" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    if ours "$pid" "$c"; then
      log "$c (pid $pid) did not stop after ${STOP_TIMEOUT}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
    fi
    log "stopped $c (pid $pid)"
    stopped=$((stopped + 1))
  else
    log "$c (pid $pid) was not running"
  fi
  rm -f "$f"
done

data="$SIM_ETCD_DATA"
[ -f "$SIM_RUN/etcd-data-dir" ] && data="$(cat "$SIM_RUN/etcd-data-dir")"
if [ -n "$data" ] && [ -d "$data" ]; then
  # Only ever delete something that looks like an etcd data dir (or is empty).
  if [ -d "$data/member" ] || [ -z "$(ls -A "$data")" ]; then
    rm -rf "$data"
    log "removed etcd data $data"
  else
    log "not removing $data: it does not look like an etcd data directory"
  fi
fi
rm -f "$SIM_RUN/etcd-data-dir" "$SIM_RUN/env"
log "down ($stopped process(es) stopped)"
