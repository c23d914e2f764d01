# shellcheck shell=bash disable=SC2034
# Common settings for the local control-plane scripts (sourced, not executed).
#
# Versions: Kubernetes and etcd come from the committed wrapper modules
# (k8s/go.mod, etcd/go.mod: our lock files); kwok is installed with `go install`
# at KWOK_VERSION (its own go.mod/go.sum are used, checked against the sum DB).

CLUSTER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

die() { echo "ERROR: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }

# Version read from a wrapper go.mod: the version required for module $2.
_gomod_version() {
  awk -v m="$2" '($1==m && $2 ~ /^v/){print $2; exit} ($1=="require" && $2==m){print $3; exit}' "$1"
}

K8S_VERSION="${KAITO_SIM_K8S_VERSION:-$(_gomod_version "$CLUSTER_DIR/k8s/go.mod" k8s.io/kubernetes)}"
K8S_VERSION="${K8S_VERSION#v}"
ETCD_VERSION="${KAITO_SIM_ETCD_VERSION:-$(_gomod_version "$CLUSTER_DIR/etcd/go.mod" go.etcd.io/etcd/server/v3)}"
ETCD_VERSION="${ETCD_VERSION#v}"
KWOK_VERSION="${KAITO_SIM_KWOK_VERSION:-0.8.0}"
KWOK_VERSION="${KWOK_VERSION#v}"
[ -n "$K8S_VERSION" ] || die "cannot read the k8s.io/kubernetes version from $CLUSTER_DIR/k8s/go.mod"
[ -n "$ETCD_VERSION" ] || die "cannot read the etcd version from $CLUSTER_DIR/etcd/go.mod"

SIM_CACHE_ROOT="${KAITO_SIM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kaito-sim}"
SIM_DIR="$SIM_CACHE_ROOT/${K8S_VERSION}-${ETCD_VERSION}-${KWOK_VERSION}"
SIM_BIN="$SIM_DIR/bin"
SIM_RUN="$SIM_DIR/run"
SIM_PKI="$SIM_RUN/pki"
KUBECTL="$SIM_BIN/kubectl"
ADMIN_KUBECONFIG="$SIM_RUN/admin.kubeconfig"

# Ports (all on 127.0.0.1). Chosen away from the usual 2379/6443/10250 range.
SIM_APISERVER_PORT="${KAITO_SIM_APISERVER_PORT:-16443}"
SIM_ETCD_CLIENT_PORT="${KAITO_SIM_ETCD_CLIENT_PORT:-23790}"
SIM_ETCD_PEER_PORT="${KAITO_SIM_ETCD_PEER_PORT:-23800}"
SIM_KCM_PORT="${KAITO_SIM_KCM_PORT:-10357}"
SIM_SCHED_PORT="${KAITO_SIM_SCHEDULER_PORT:-10359}"
SIM_KWOK_PORT="${KAITO_SIM_KWOK_PORT:-10347}"
SIM_APISERVER_URL="https://127.0.0.1:${SIM_APISERVER_PORT}"

# etcd data on tmpfs when available (fast, and nothing survives a reboot anyway).
if [ -z "${KAITO_SIM_ETCD_DATA:-}" ]; then
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    KAITO_SIM_ETCD_DATA="/dev/shm/kaito-sim-etcd-$(id -u)-${SIM_ETCD_CLIENT_PORT}"
  else
    KAITO_SIM_ETCD_DATA="$SIM_RUN/etcd-data"
  fi
fi
SIM_ETCD_DATA="$KAITO_SIM_ETCD_DATA"

# Go environment for the builds: pure Go, no workspace, no toolchain download.
go_env() {
  export CGO_ENABLED=0 GOWORK=off GOTOOLCHAIN=local GOFLAGS="${KAITO_SIM_GOFLAGS:-}"
}

# The stage YAMLs ship in kwok's module zip; read them from GOMODCACHE.
kwok_stage_dir() {
  local d
  command -v go >/dev/null || { [ -x /usr/local/go/bin/go ] && PATH="$PATH:/usr/local/go/bin"; }
  d="$(GOWORK=off GOTOOLCHAIN=local GOFLAGS='' go env GOMODCACHE)/sigs.k8s.io/kwok@v${KWOK_VERSION}/kustomize/stage"
  [ -d "$d" ] || die "kwok stage YAMLs not found at $d (run build.sh first)"
  echo "$d"
}

# kubectl against the simulated cluster as admin.
k() { "$KUBECTL" --kubeconfig "$ADMIN_KUBECONFIG" "$@"; }

# Alive and not a zombie.
pid_alive() {
  [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null || return 1
  [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

# True when every process of the local control plane recorded in $SIM_RUN/pids is running.
cluster_running() {
  local c
  for c in etcd kube-apiserver kube-controller-manager kube-scheduler kwok; do
    [ -f "$SIM_RUN/pids/$c.pid" ] && pid_alive "$(cat "$SIM_RUN/pids/$c.pid")" || return 1
  done
}
