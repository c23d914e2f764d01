#!/usr/bin/env bash
# Start a local Kubernetes control plane on 127.0.0.1:
#   etcd -> kube-apiserver (wait for /readyz) -> kube-controller-manager, kube-scheduler, kwok
# Builds the binaries first if needed (build.sh; quick when cached).
# Writes PKI, kubeconfigs, pids and logs under <cache>/run/ and prints the admin kubeconfig path.
# Already up (all recorded processes alive and /readyz ok): prints the kubeconfig and exits 0.
# Partly up: refuses; run down.sh first.
#
# Env: KAITO_SIM_CACHE, KAITO_SIM_APISERVER_PORT (16443), KAITO_SIM_ETCD_CLIENT_PORT (23790),
#      KAITO_SIM_ETCD_PEER_PORT (23800), KAITO_SIM_KCM_PORT (10357), KAITO_SIM_SCHEDULER_PORT (10359),
#      KAITO_SIM_KWOK_PORT (10347), KAITO_SIM_ETCD_DATA (default /dev/shm/...), KAITO_SIM_NO_BUILD=1,
#      KAITO_SIM_TIMEOUT (seconds to wait for each component, default 120),
#      KAITO_SIM_KEEP_ON_FAILURE=1 (do not stop started processes when up.sh fails)
set -euo pipefail
# shellcheck source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

TIMEOUT="${KAITO_SIM_TIMEOUT:-120}"
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)
PIDS="$SIM_RUN/pids"
LOGS="$SIM_RUN/logs"
T0="$(now)"

command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"
command -v curl >/dev/null || die "curl not found (apt-get install curl)"

if [ "${KAITO_SIM_NO_BUILD:-0}" != 1 ]; then
  "$CLUSTER_DIR/build.sh"
fi
for b in "${COMPONENTS[@]}"; do
  [ -x "$SIM_BIN/$b" ] || die "$SIM_BIN/$b missing; run $CLUSTER_DIR/build.sh"
done
[ -x "$KUBECTL" ] || die "$KUBECTL missing; run $CLUSTER_DIR/build.sh"

apiserver_ready() {
  [ -f "$SIM_PKI/ca.crt" ] && [ "$(curl -s --max-time 3 --cacert "$SIM_PKI/ca.crt" "$SIM_APISERVER_URL/readyz" 2>/dev/null)" = ok ]
}

# ---- already running? -------------------------------------------------------
alive=() dead=()
for c in "${COMPONENTS[@]}"; do
  if [ -f "$PIDS/$c.pid" ] && pid_alive "$(cat "$PIDS/$c.pid")"; then alive+=("$c"); else dead+=("$c"); fi
done
if [ "${#alive[@]}" -eq "${#COMPONENTS[@]}" ] && apiserver_ready; then
  log "cluster already up (pids in $PIDS); reusing it"
  echo "$ADMIN_KUBECONFIG"
  exit 0
fi
if [ "${#alive[@]}" -gt 0 ]; then
  die "cluster is partly up (running: ${alive[*]}; not running: ${dead[*]}). Run $CLUSTER_DIR/down.sh first."
fi

# ---- ports free? -----------------------------------------------------------
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$SIM_ETCD_CLIENT_PORT" "$SIM_ETCD_PEER_PORT" "$SIM_APISERVER_PORT" "$SIM_KCM_PORT" "$SIM_SCHED_PORT" "$SIM_KWOK_PORT"; do
  port_busy "$p" && die "port 127.0.0.1:$p is already in use (another cluster? override with KAITO_SIM_*_PORT, see README)"
done

mkdir -p "$SIM_RUN" "$PIDS" "$LOGS" "$SIM_PKI"
chmod 700 "$SIM_RUN"

# ---- PKI, tokens, kubeconfigs (kept across restarts) -------------------------
gen_pki() {
  local P="$SIM_PKI" tok u
  log "creating PKI and tokens in $P"
  (
    cd "$P"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=kaito-sim-ca" \
      -keyout ca.key -out ca.crt 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" -keyout apiserver.key -out apiserver.csr 2>/dev/null
    printf '%s\n' \
      "subjectAltName=IP:127.0.0.1,DNS:localhost,IP:10.96.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local" \
      "extendedKeyUsage=serverAuth" "keyUsage=digitalSignature,keyEncipherment" > apiserver.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
      -extfile apiserver.ext -out apiserver.crt 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    : > tokens.csv
    # token,user,uid,"groups"
    for u in admin kcm scheduler kwok alice; do
      tok="$(openssl rand -hex 24)"; echo "$tok" > "$u.token"
      case "$u" in
        admin)     echo "$tok,kaito-sim-admin,u-admin,\"system:masters\"" ;;
        kcm)       echo "$tok,system:kube-controller-manager,u-kcm" ;;
        scheduler) echo "$tok,system:kube-scheduler,u-scheduler" ;;
        kwok)      echo "$tok,kwok,u-kwok,\"system:masters\"" ;;
        alice)     echo "$tok,alice,u-alice,\"dev-team\"" ;;   # restricted user for RBAC tests
      esac >> tokens.csv
    done
    chmod 600 ./*.key ./*.token tokens.csv
  )
}
write_kubeconfig() { # file user
  local ca; ca="$(base64 -w0 < "$SIM_PKI/ca.crt")"
  umask 077
  cat > "$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kaito-sim
  cluster:
    server: $SIM_APISERVER_URL
    certificate-authority-data: $ca
users:
- name: $2
  user:
    token: $(cat "$SIM_PKI/$2.token")
contexts:
- name: kaito-sim
  context: {cluster: kaito-sim, user: $2, namespace: default}
current-context: kaito-sim
EOF
}
[ -f "$SIM_PKI/tokens.csv" ] && [ -f "$SIM_PKI/sa.pub" ] && [ -f "$SIM_PKI/apiserver.crt" ] || gen_pki
# Kubeconfigs are rewritten every time (the apiserver port may have changed).
write_kubeconfig "$ADMIN_KUBECONFIG" admin
for u in kcm scheduler kwok alice; do write_kubeconfig "$SIM_RUN/$u.kubeconfig" "$u"; done

# ---- process helpers ---------------------------------------------------------
STARTED=()
on_failure() {
  local rc=$?
  [ "$rc" -eq 0 ] && return
  echo "up.sh failed (exit $rc). Last log lines:" >&2
  for c in "${STARTED[@]}"; do
    echo "---- $LOGS/$c.log" >&2; tail -n 15 "$LOGS/$c.log" >&2 || true
  done
  if [ "${KAITO_SIM_KEEP_ON_FAILURE:-0}" != 1 ] && [ "${#STARTED[@]}" -gt 0 ]; then
    echo "stopping what was started (set KAITO_SIM_KEEP_ON_FAILURE=1 to keep it)" >&2
    "$CLUSTER_DIR/down.sh" >&2 || true
  fi
}
trap on_failure EXIT

start() { # name args...
  local name="$1" pid; shift
  # setsid: own session, so a Ctrl-C in the calling terminal does not stop the cluster.
  setsid "$SIM_BIN/$name" "$@" >"$LOGS/$name.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" > "$PIDS/$name.pid"
  STARTED+=("$name")
  sleep 0.3
  pid_alive "$pid" || die "$name exited at once; see $LOGS/$name.log"
  case "$(readlink "/proc/$pid/exe" 2>/dev/null || true)" in
    "$SIM_BIN/$name"*) ;;
    *) die "pid $pid recorded for $name is not $SIM_BIN/$name" ;;
  esac
  log "started $name (pid $pid)"
}

wait_for() { # what name command...
  local what="$1" name="$2" deadline=$((SECONDS + TIMEOUT)); shift 2
  until "$@" >/dev/null 2>&1; do
    pid_alive "$(cat "$PIDS/$name.pid")" || die "$name died while waiting for $what; see $LOGS/$name.log"
    [ "$SECONDS" -lt "$deadline" ] || die "timed out after ${TIMEOUT}s waiting for $what; see $LOGS/$name.log"
    sleep 0.25
  done
  log "$what: ok after $(elapsed "$T0")s"
}
etcd_healthy() { curl -sf --max-time 2 "http://127.0.0.1:$SIM_ETCD_CLIENT_PORT/health" | grep -q '"health":"true"'; }
secure_healthz() { # port
  [ "$(curl -sk --max-time 2 -H "Authorization: Bearer $(cat "$SIM_PKI/admin.token")" "https://127.0.0.1:$1/healthz")" = ok ]
}
kwok_healthz() { curl -sf --max-time 2 "http://127.0.0.1:$SIM_KWOK_PORT/healthz" >/dev/null; }

# ---- etcd ----------------------------------------------------------------------
if [ -d "$SIM_ETCD_DATA" ]; then   # stale data from a run that was not stopped with down.sh
  [ -d "$SIM_ETCD_DATA/member" ] || [ -z "$(ls -A "$SIM_ETCD_DATA")" ] \
    || die "$SIM_ETCD_DATA exists and does not look like an etcd data directory; refusing to delete it"
  rm -rf "$SIM_ETCD_DATA"
fi
mkdir -p "$(dirname "$SIM_ETCD_DATA")"
echo "$SIM_ETCD_DATA" > "$SIM_RUN/etcd-data-dir"
start etcd --name kaito-sim --data-dir "$SIM_ETCD_DATA" \
  --listen-client-urls "http://127.0.0.1:$SIM_ETCD_CLIENT_PORT" \
  --advertise-client-urls "http://127.0.0.1:$SIM_ETCD_CLIENT_PORT" \
  --listen-peer-urls "http://127.0.0.1:$SIM_ETCD_PEER_PORT" \
  --initial-advertise-peer-urls "http://127.0.0.1:$SIM_ETCD_PEER_PORT" \
  --initial-cluster "kaito-sim=http://127.0.0.1:$SIM_ETCD_PEER_PORT" --initial-cluster-state new \
  --auto-compaction-mode=periodic --auto-compaction-retention=5m \
  --quota-backend-bytes=8589934592 --unsafe-no-fsync --log-level=warn
wait_for "etcd /health" etcd etcd_healthy

# ---- kube-apiserver ------------------------------------------------------------
start kube-apiserver \
  --etcd-servers="http://127.0.0.1:$SIM_ETCD_CLIENT_PORT" \
  --bind-address=127.0.0.1 --secure-port="$SIM_APISERVER_PORT" --advertise-address=127.0.0.1 \
  --endpoint-reconciler-type=none \
  --tls-cert-file="$SIM_PKI/apiserver.crt" --tls-private-key-file="$SIM_PKI/apiserver.key" \
  --client-ca-file="$SIM_PKI/ca.crt" \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$SIM_PKI/sa.pub" --service-account-signing-key-file="$SIM_PKI/sa.key" \
  --service-cluster-ip-range=10.96.0.0/16 \
  --authorization-mode=Node,RBAC --token-auth-file="$SIM_PKI/tokens.csv" \
  --allow-privileged=true --profiling=false --v=1
wait_for "kube-apiserver /readyz" kube-apiserver apiserver_ready

# ---- kube-controller-manager ---------------------------------------------------
start kube-controller-manager \
  --kubeconfig="$SIM_RUN/kcm.kubeconfig" \
  --authentication-kubeconfig="$SIM_RUN/kcm.kubeconfig" --authorization-kubeconfig="$SIM_RUN/kcm.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$SIM_KCM_PORT" \
  --leader-elect=false --use-service-account-credentials=true --controllers='*' \
  --service-account-private-key-file="$SIM_PKI/sa.key" --root-ca-file="$SIM_PKI/ca.crt" \
  --cluster-signing-cert-file="$SIM_PKI/ca.crt" --cluster-signing-key-file="$SIM_PKI/ca.key" \
  --kube-api-qps=100 --kube-api-burst=200 --concurrent-gc-syncs=20 --v=1

# ---- kube-scheduler --------------------------------------------------------------
cat > "$SIM_RUN/scheduler.yaml" <<EOF
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
clientConnection:
  kubeconfig: $SIM_RUN/scheduler.kubeconfig
  qps: 100
  burst: 200
leaderElection:
  leaderElect: false
EOF
start kube-scheduler --config="$SIM_RUN/scheduler.yaml" \
  --authentication-kubeconfig="$SIM_RUN/scheduler.kubeconfig" --authorization-kubeconfig="$SIM_RUN/scheduler.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$SIM_SCHED_PORT" --v=1

# ---- kwok: stages assembled at run time from the kwok module in GOMODCACHE ------
STAGES="$(kwok_stage_dir)"
{
  # kwok v0.8.0 does not apply its defaults to a KwokConfiguration given with --config
  # (only to the built-in one), so every defaulted option is spelled out here.
  cat <<'EOF'
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  cidr: 10.244.0.0/16
  nodeIP: 127.0.0.1
  nodeLeaseDurationSeconds: 40
  nodeLeaseParallelism: 4
  podPlayStageParallelism: 4
  nodePlayStageParallelism: 4
  podsOnNodeSyncParallelism: 1
  enablePodsOnNodeSyncListPager: true
  enablePodsOnNodeSyncStreamWatch: false
  manageAllNodes: false
  enableDebuggingHandlers: true
  enableContentionProfiling: false
  enableProfilingHandler: false
EOF
  for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
           pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    [ -f "$STAGES/$f" ] || die "kwok stage $STAGES/$f not found"
    echo '---'; cat "$STAGES/$f"
  done
} > "$SIM_RUN/kwok.yaml"
start kwok --kubeconfig="$SIM_RUN/kwok.kubeconfig" --config="$SIM_RUN/kwok.yaml" \
  --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
  --node-lease-duration-seconds=40 --cidr=10.244.0.0/16 --node-ip=127.0.0.1 \
  --server-address="127.0.0.1:$SIM_KWOK_PORT"

wait_for "kube-controller-manager /healthz" kube-controller-manager secure_healthz "$SIM_KCM_PORT"
wait_for "kube-scheduler /healthz" kube-scheduler secure_healthz "$SIM_SCHED_PORT"
wait_for "kwok /healthz" kwok kwok_healthz
# KCM creates the default ServiceAccount per namespace; pods need it for admission.
wait_for "default ServiceAccount" kube-controller-manager k get serviceaccount default -n default

cat > "$SIM_RUN/env" <<EOF
export KUBECONFIG='$ADMIN_KUBECONFIG'
export KAITO_SIM_KUBECTL='$KUBECTL'
export KAITO_SIM_APISERVER='$SIM_APISERVER_URL'
EOF
log "cluster up in $(elapsed "$T0")s: $SIM_APISERVER_URL (Kubernetes v$K8S_VERSION); logs in $LOGS"
log "use: export KUBECONFIG=$ADMIN_KUBECONFIG   (or: source $SIM_RUN/env)"
trap - EXIT
echo "$ADMIN_KUBECONFIG"
