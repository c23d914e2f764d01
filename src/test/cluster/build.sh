#!/usr/bin/env bash
# Build the local control plane from Go modules into the version-keyed cache:
#   kube-apiserver, kube-controller-manager, kube-scheduler, kubectl  (wrapper module k8s/)
#   etcd                                                             (wrapper module etcd/)
#   kwok                                                             (go install, GOBIN)
# Idempotent: a binary is rebuilt only when missing or when its wrapper lock
# files (go.mod/go.sum) changed.
#
# Usage: build.sh [--update-lock] [--force]
#   --update-lock  regenerate k8s/go.mod, k8s/go.sum, etcd/go.mod, etcd/go.sum in the
#                  repository for KAITO_SIM_K8S_VERSION / KAITO_SIM_ETCD_VERSION
#                  (replace block generated from the go.mod the module proxy serves)
#   --force        rebuild even if the binaries exist
# Env: KAITO_SIM_CACHE, KAITO_SIM_K8S_VERSION, KAITO_SIM_ETCD_VERSION, KAITO_SIM_KWOK_VERSION,
#      KAITO_SIM_NICE (default 19), KAITO_SIM_SKIP_KUBECTL=1
set -euo pipefail
# shellcheck source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

UPDATE_LOCK=0 FORCE=0
for a in "$@"; do
  case "$a" in
    --update-lock) UPDATE_LOCK=1 ;;
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) die "unknown argument: $a (see --help)" ;;
  esac
done

command -v go >/dev/null || { [ -x /usr/local/go/bin/go ] && PATH="$PATH:/usr/local/go/bin"; }
command -v go >/dev/null || die "go not found in PATH (Go >= 1.25 needed; 1.26 for kwok ${KWOK_VERSION})"
go_env
NICE=(nice -n "${KAITO_SIM_NICE:-19}")
mkdir -p "$SIM_BIN"
TIMES="$SIM_DIR/build-times.txt"
K8S_MINOR="${K8S_VERSION#1.}"; K8S_MINOR="${K8S_MINOR%%.*}"
STAGING_VERSION="0.${K8S_VERSION#1.}"
K8S_CMDS=(kube-apiserver kube-controller-manager kube-scheduler)
[ "${KAITO_SIM_SKIP_KUBECTL:-0}" = 1 ] || K8S_CMDS+=(kubectl)

record() { echo "$(date -u +%FT%TZ) $1 ${2}s" >> "$TIMES"; log "$1 done in ${2}s"; }

# go.mod of a module version as served by the proxy (downloads the module too).
served_gomod() {
  local f
  f="$("${NICE[@]}" go mod download -json "$1" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')"
  [ -f "$f" ] || die "the module proxy did not serve $1"
  echo "$f"
}

# (Re)generate the k8s wrapper module in directory $1 for K8S_VERSION.
gen_k8s_wrapper() {
  local w="$1" kmod m gd gov tools=()
  log "generating k8s wrapper module in $w for k8s.io/kubernetes v$K8S_VERSION"
  mkdir -p "$w"; rm -f "$w/go.mod" "$w/go.sum"
  (cd "$w" && go mod init kaito.sh/test/cluster/k8s 2>/dev/null)
  kmod="$(served_gomod "k8s.io/kubernetes@v$K8S_VERSION")"
  # Every staging module the root go.mod requires at the fake version v0.0.0
  # is published as k8s.io/<m> v0.<minor>.<patch>.
  for m in $(awk '$1 ~ /^k8s\.io\// && $2 == "v0.0.0" {print $1}' "$kmod" | sort -u); do
    (cd "$w" && go mod edit -replace="$m=$m@v$STAGING_VERSION")
  done
  gd="$(sed -n 's/^godebug default=//p' "$kmod")"
  [ -z "$gd" ] || (cd "$w" && go mod edit -godebug="default=$gd")
  for m in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    tools+=("k8s.io/kubernetes/cmd/$m@v$K8S_VERSION")
  done
  (cd "$w" && "${NICE[@]}" go get -tool "${tools[@]}")
  gov="$(awk '$1=="go"{print $2; exit}' "$kmod")"
  (cd "$w" && go mod edit -go="$gov" -toolchain=none && "${NICE[@]}" go mod tidy)
}

# (Re)generate the etcd wrapper module (go.mod/go.sum; main.go is committed) in $1.
gen_etcd_wrapper() {
  local w="$1" emod gov
  log "generating etcd wrapper module in $w for go.etcd.io/etcd/server/v3 v$ETCD_VERSION"
  mkdir -p "$w"; rm -f "$w/go.mod" "$w/go.sum"
  [ -f "$w/main.go" ] || cp "$CLUSTER_DIR/etcd/main.go" "$w/main.go"
  (cd "$w" && go mod init kaito.sh/test/cluster/etcd 2>/dev/null)
  emod="$(served_gomod "go.etcd.io/etcd/server/v3@v$ETCD_VERSION")"
  (cd "$w" && "${NICE[@]}" go get "go.etcd.io/etcd/server/v3@v$ETCD_VERSION")
  gov="$(awk '$1=="go"{print $2; exit}' "$emod")"
  (cd "$w" && go mod edit -go="$gov" -toolchain=none && "${NICE[@]}" go mod tidy)
}

# Pick the wrapper directory: the committed one when its pinned version is the one
# asked for, else a generated one in the cache (does not touch the repository).
# Prints "<dir> <-mod flag>".
wrapper_dir() { # name module version
  local name="$1" mod="$2" ver="$3" repo="$CLUSTER_DIR/$1" gen="$SIM_DIR/src/$1"
  if [ "$UPDATE_LOCK" = 1 ]; then
    "gen_${name}_wrapper" "$repo" >&2; echo "$repo readonly"; return
  fi
  if [ "$(_gomod_version "$repo/go.mod" "$mod")" = "v$ver" ] && [ -f "$repo/go.sum" ]; then
    echo "$repo readonly"; return
  fi
  if [ ! -f "$gen/go.mod" ] || [ "$(_gomod_version "$gen/go.mod" "$mod")" != "v$ver" ]; then
    log "version v$ver differs from the committed $name/go.mod; using a generated wrapper in the cache"
    "gen_${name}_wrapper" "$gen" >&2
  fi
  echo "$gen mod"
}

stamp_of() { local d="$1"; shift; cat "$d/go.mod" "$d/go.sum" "$@" | sha256sum | cut -c1-16; }

build_k8s() {
  local out dir modflag stamp b t0 ld p
  out="$(wrapper_dir k8s k8s.io/kubernetes "$K8S_VERSION")"; read -r dir modflag <<<"$out"
  stamp="$(stamp_of "$dir")"
  ld="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $p.gitVersion=v$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$K8S_MINOR"
    ld+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  for b in "${K8S_CMDS[@]}"; do
    if [ "$FORCE" = 0 ] && [ -x "$SIM_BIN/$b" ] && [ "$(cat "$SIM_BIN/.$b.stamp" 2>/dev/null)" = "$stamp" ]; then
      log "$b v$K8S_VERSION: up to date"; continue
    fi
    log "building $b v$K8S_VERSION (cold: several minutes)"
    t0="$(now)"
    (cd "$dir" && "${NICE[@]}" go build -mod="$modflag" -trimpath -buildvcs=false -ldflags "$ld" \
        -o "$SIM_BIN/.$b.tmp" "k8s.io/kubernetes/cmd/$b")
    mv -f "$SIM_BIN/.$b.tmp" "$SIM_BIN/$b"
    echo "$stamp" > "$SIM_BIN/.$b.stamp"
    record "$b" "$(elapsed "$t0")"
  done
  "$SIM_BIN/kube-apiserver" --version | grep -qx "Kubernetes v$K8S_VERSION" \
    || die "kube-apiserver --version does not report v$K8S_VERSION: $("$SIM_BIN/kube-apiserver" --version)"
}

build_etcd() {
  local out dir modflag stamp t0
  out="$(wrapper_dir etcd go.etcd.io/etcd/server/v3 "$ETCD_VERSION")"; read -r dir modflag <<<"$out"
  stamp="$(stamp_of "$dir" "$dir/main.go")"
  if [ "$FORCE" = 0 ] && [ -x "$SIM_BIN/etcd" ] && [ "$(cat "$SIM_BIN/.etcd.stamp" 2>/dev/null)" = "$stamp" ]; then
    log "etcd v$ETCD_VERSION: up to date"; return
  fi
  log "building etcd v$ETCD_VERSION"
  t0="$(now)"
  (cd "$dir" && "${NICE[@]}" go build -mod="$modflag" -trimpath -buildvcs=false -ldflags "-s -w" \
      -o "$SIM_BIN/.etcd.tmp" .)
  mv -f "$SIM_BIN/.etcd.tmp" "$SIM_BIN/etcd"
  echo "$stamp" > "$SIM_BIN/.etcd.stamp"
  record etcd "$(elapsed "$t0")"
  "$SIM_BIN/etcd" --version | grep -q "etcd Version: $ETCD_VERSION" \
    || die "etcd --version does not report $ETCD_VERSION"
}

build_kwok() {
  local t0 tmp
  if [ "$FORCE" = 0 ] && [ -x "$SIM_BIN/kwok" ]; then
    log "kwok v$KWOK_VERSION: up to date"; return
  fi
  log "installing kwok v$KWOK_VERSION"
  t0="$(now)"
  tmp="$SIM_DIR/.gobin"; rm -rf "$tmp"; mkdir -p "$tmp"
  GOBIN="$tmp" "${NICE[@]}" go install -trimpath -buildvcs=false -ldflags "-s -w" \
      "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION"
  mv -f "$tmp/kwok" "$SIM_BIN/kwok"; rmdir "$tmp"
  record kwok "$(elapsed "$t0")"
}

T0="$(now)"
log "versions: kubernetes v$K8S_VERSION, etcd v$ETCD_VERSION, kwok v$KWOK_VERSION; cache $SIM_DIR"
build_etcd
build_kwok
build_k8s
kwok_stage_dir >/dev/null   # the stage YAMLs must be in GOMODCACHE for up.sh
log "all binaries ready in $SIM_BIN (build.sh took $(elapsed "$T0")s)"
