#!/usr/bin/env bash
# The README's main command. On a fresh machine (JDK 17+; Go >= 1.26 and openssl/curl when no cluster
# is configured):
#   1. builds the operator (./mvnw package);
#   2. uses the current kube context when one is configured and reachable; otherwise starts the local
#      control plane of this directory (up.sh: kube-apiserver, KCM, scheduler, etcd, kwok; it builds
#      them from Go modules first, ~14 min cold on 2 cores);
#   3. installs deploy/crds and the Namespace, ServiceAccount and RBAC of deploy/operator.yaml, and,
#      on the local control plane, the webhook configuration pointed at https://127.0.0.1 (the API
#      server cannot reach a remote operator, so a current context gets no webhook);
#   4. runs the packaged operator on this machine with the simulated cloud provider, as the
#      ServiceAccount kaito-system/kaito-operator (a TokenRequest token: exactly the generated RBAC);
#   5. applies the seed's fine-tuning example with its placeholders replaced (output image
#      localhost:5000/phi-3-adapter:0.0.1, push secret local-push-secret, created too) in namespace
#      kaito-demo and prints the Workspace's status as it changes, until WorkspaceSucceeded=True.
# Then it leaves the cluster and the operator running and prints how to use and stop them.
#
# Usage: demo.sh          run the demo (again: the operator is restarted, the Workspace recreated)
#        demo.sh stop     delete the demo Workspace, stop the operator and, if the demo started it,
#                         the local control plane (down.sh)
# Env: KAITO_DEMO_CLUSTER=auto|local|current (auto: current when KUBECONFIG or ~/.kube/config exists),
#      KAITO_DEMO_NAMESPACE (kaito-demo), KAITO_DEMO_HTTP_PORT (18080), KAITO_DEMO_HTTPS_PORT (18443),
#      KAITO_DEMO_TIMEOUT (seconds to wait for success, 300), KAITO_DEMO_SKIP_BUILD=1, plus up.sh's.
set -euo pipefail
# shellcheck source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

REPO="$(cd "$CLUSTER_DIR/../../.." && pwd)"
STATE="$SIM_CACHE_ROOT/demo"
NS="${KAITO_DEMO_NAMESPACE:-kaito-demo}"
HTTP_PORT="${KAITO_DEMO_HTTP_PORT:-18080}"
HTTPS_PORT="${KAITO_DEMO_HTTPS_PORT:-18443}"
TIMEOUT="${KAITO_DEMO_TIMEOUT:-300}"
WS=workspace-tuning-phi-3
SEED="$REPO/examples/fine-tuning/kaito_workspace_tuning_phi_3.yaml"
JAR="$REPO/target/quarkus-app/quarkus-run.jar"
WEBHOOK=validation.workspace.kaito.sh

# kubectl against the demo's cluster (set by use_cluster / read from the state).
kc() { "$KC" --kubeconfig "$KCFG" "$@"; }

operator_pid() { # prints the pid of the demo's operator if it is running
  local pid
  pid="$(cat "$STATE/operator.pid" 2>/dev/null || true)"
  pid_alive "$pid" && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'quarkus-run.jar' && echo "$pid"
}

stop_operator() {
  local pid
  pid="$(operator_pid || true)"
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do pid_alive "$pid" || break; sleep 0.2; done
  if pid_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  log "operator (pid $pid) stopped"
}

# ---- stop ---------------------------------------------------------------------------------------------
if [ "${1:-}" = stop ]; then
  [ -f "$STATE/env" ] || die "no demo state in $STATE: nothing to stop"
  # shellcheck disable=SC1091
  . "$STATE/env"   # MODE, STARTED_CLUSTER, KCFG, KC
  if [ -n "$(operator_pid || true)" ]; then
    log "deleting Workspaces in $NS (the operator releases their nodes)"
    kc delete workspaces --all -n "$NS" --ignore-not-found --timeout=120s >&2 || true
  fi
  kc delete validatingwebhookconfiguration "$WEBHOOK" --ignore-not-found >&2 2>/dev/null || true
  stop_operator
  kc delete namespace "$NS" --ignore-not-found --wait=false >&2 2>/dev/null || true
  if [ "$MODE" = local ] && [ "${STARTED_CLUSTER:-1}" = 1 ]; then
    "$CLUSTER_DIR/down.sh"
  elif [ "$MODE" = local ]; then
    log "the local control plane was up before the demo: left up (stop it with $CLUSTER_DIR/down.sh)"
  else
    log "the current context keeps the CRDs and RBAC; remove them with:"
    log "  kubectl delete -f $REPO/deploy/operator.yaml -f $REPO/deploy/crds/"
  fi
  rm -f "$STATE/env" "$STATE/operator.pid"
  exit 0
fi
[ $# -eq 0 ] || die "usage: $0 [stop]"

T0="$(now)"
step() { echo; echo "== $*" >&2; }
mkdir -p "$STATE"; chmod 700 "$STATE"

# ---- 1. build -----------------------------------------------------------------------------------------
command -v java >/dev/null || die "java not found (JDK 17+ needed)"
command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"
command -v curl >/dev/null || die "curl not found (apt-get install curl)"
if [ "${KAITO_DEMO_SKIP_BUILD:-0}" != 1 ]; then
  step "building the operator: ./mvnw -B -q package -DskipTests"
  t="$(now)"
  (cd "$REPO" && ./mvnw -B -q package -DskipTests) >&2
  log "built in $(elapsed "$t")s"
fi
[ -f "$JAR" ] || die "$JAR missing (build failed?)"

# ---- 2. cluster ---------------------------------------------------------------------------------------
MODE="${KAITO_DEMO_CLUSTER:-auto}"
if [ "$MODE" = auto ]; then
  if [ -n "${KUBECONFIG:-}" ] || [ -f "$HOME/.kube/config" ]; then MODE=current; else MODE=local; fi
fi
case "$MODE" in
  local)
    # Whether `demo.sh stop` may stop the control plane: only if a demo started it (this run or an
    # earlier one whose state says so).
    STARTED_CLUSTER=1
    if cluster_running; then
      STARTED_CLUSTER="$(sed -n "s/^STARTED_CLUSTER='\([01]\)'$/\1/p" "$STATE/env" 2>/dev/null || true)"
      STARTED_CLUSTER="${STARTED_CLUSTER:-0}"
    fi
    step "starting the local control plane (src/test/cluster/up.sh)"
    t="$(now)"
    KCFG="$("$CLUSTER_DIR/up.sh")"
    KC="$KUBECTL"
    log "control plane up in $(elapsed "$t")s"
    ;;
  current)
    KC="$(command -v kubectl || true)"; [ -n "$KC" ] || KC="$KUBECTL"
    [ -x "$KC" ] || die "kubectl not found (needed for the current context); or run with KAITO_DEMO_CLUSTER=local"
    KCFG="$STATE/current.kubeconfig"
    "$KC" config view --minify --raw --flatten > "$KCFG" 2>/dev/null \
      || die "no current kube context; run with KAITO_DEMO_CLUSTER=local to start the local control plane"
    step "using the current kube context $("$KC" config current-context)"
    kc version >/dev/null 2>&1 || die "the current context's API server does not answer; KAITO_DEMO_CLUSTER=local starts a local one"
    ;;
  *) die "KAITO_DEMO_CLUSTER must be auto, local or current (not $MODE)" ;;
esac
cat > "$STATE/env" <<EOF
MODE='$MODE'
STARTED_CLUSTER='${STARTED_CLUSTER:-0}'
KCFG='$KCFG'
KC='$KC'
EOF

# ---- 3. install ---------------------------------------------------------------------------------------
step "installing the CRDs and the operator's RBAC from deploy/"
# A namespace still being deleted (an earlier `demo.sh stop`, end-to-end tests) accepts no new objects.
for ns in kaito-system "$NS"; do
  if [ "$(kc get namespace "$ns" -o jsonpath='{.status.phase}' 2>/dev/null || true)" = Terminating ]; then
    log "namespace $ns is being deleted: waiting until it is gone"
    kc wait --for=delete "namespace/$ns" --timeout=180s >/dev/null
  fi
done
kc apply --server-side --force-conflicts -f "$REPO/deploy/crds/" >&2
kc wait --for=condition=Established crd/workspaces.kaito.sh crd/machines.kaito.sh --timeout=60s >/dev/null
# The Namespace, ServiceAccount, (Cluster)Roles and (Cluster)RoleBindings of operator.yaml (not the
# Deployment, Service and webhook configuration: the operator runs here, not in the cluster).
awk 'BEGIN{RS="\n---\n"} /(^|\n)kind: (Namespace|ServiceAccount|ClusterRole|ClusterRoleBinding|Role|RoleBinding)\n/ {printf "---\n%s\n", $0}' \
  "$REPO/deploy/operator.yaml" | kc apply -f - >&2

# Identity: a token of the ServiceAccount, so the operator has exactly the generated permissions.
server="$(kc config view --minify --raw -o jsonpath='{.clusters[0].cluster.server}')"
ca="$(kc config view --minify --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')"
token="$(kc create token kaito-operator -n kaito-system --duration=24h)"
umask 077
{
  echo "apiVersion: v1"; echo "kind: Config"
  echo "clusters:"; echo "- name: demo"; echo "  cluster:"; echo "    server: $server"
  if [ -n "$ca" ]; then echo "    certificate-authority-data: $ca"; else echo "    insecure-skip-tls-verify: true"; fi
  echo "users:"; echo "- name: kaito-operator"; echo "  user:"; echo "    token: $token"
  echo "contexts:"; echo "- name: demo"; echo "  context: {cluster: demo, user: kaito-operator, namespace: kaito-system}"
  echo "current-context: demo"
} > "$STATE/operator.kubeconfig"
umask 022

# The webhook's serving certificate for 127.0.0.1 (self-signed; it is its own CA bundle).
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -addext "extendedKeyUsage=serverAuth" \
  -keyout "$STATE/tls.key" -out "$STATE/tls.crt" 2>/dev/null

# ---- 4. operator --------------------------------------------------------------------------------------
step "starting the operator (simulated cloud provider, ServiceAccount kaito-system/kaito-operator)"
stop_operator
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$HTTP_PORT" "$HTTPS_PORT"; do
  port_busy "$p" && die "port 127.0.0.1:$p is in use (set KAITO_DEMO_HTTP_PORT / KAITO_DEMO_HTTPS_PORT)"
done
(
  cd "$STATE"
  env -u KUBERNETES_SERVICE_HOST -u KUBERNETES_SERVICE_PORT \
    KUBECONFIG="$STATE/operator.kubeconfig" KUBERNETES_NAMESPACE=kaito-system \
    QUARKUS_OPERATOR_SDK_CONTROLLERS_WORKSPACE_NAMESPACES=JOSDK_ALL_NAMESPACES \
    QUARKUS_OPERATOR_SDK_CONTROLLERS_MACHINE_NAMESPACES=JOSDK_ALL_NAMESPACES \
    KAITO_WEBHOOK_CERTIFICATES=files KAITO_CLOUD_PROVIDER=simulated KAITO_SIMULATED_NODE_DELAY=2s \
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$HTTP_PORT" QUARKUS_HTTP_SSL_PORT="$HTTPS_PORT" \
    QUARKUS_HTTP_SSL_CERTIFICATE_FILES="$STATE/tls.crt" QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES="$STATE/tls.key" \
    setsid java -Xmx512m -jar "$JAR" > "$STATE/operator.log" 2>&1 < /dev/null &
  echo $! > "$STATE/operator.pid"
)
t="$(now)"
until curl -sf --max-time 2 "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null; do
  [ -n "$(operator_pid || true)" ] || { tail -n 40 "$STATE/operator.log" >&2; die "the operator exited; log: $STATE/operator.log"; }
  [ "$(elapsed "$t" | cut -d. -f1)" -lt 120 ] || { tail -n 40 "$STATE/operator.log" >&2; die "the operator is not ready after 120 s"; }
  sleep 0.5
done
log "operator ready in $(elapsed "$t")s (pid $(cat "$STATE/operator.pid"), log $STATE/operator.log)"

WEBHOOK_ON=0
if [ "$MODE" = local ]; then
  kc apply -f - >&2 <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: $WEBHOOK
webhooks:
  - name: $WEBHOOK
    admissionReviewVersions: [v1]
    clientConfig:
      url: https://127.0.0.1:$HTTPS_PORT/validate/workspace.kaito.sh
      caBundle: $(base64 -w0 < "$STATE/tls.crt")
    failurePolicy: Fail
    rules:
      - apiGroups: [kaito.sh]
        apiVersions: [v1alpha1, v1beta1]
        operations: [CREATE, UPDATE]
        resources: [workspaces]
        scope: Namespaced
    sideEffects: None
    timeoutSeconds: 10
EOF
  WEBHOOK_ON=1
else
  log "no webhook on the current context: its API server cannot call https://127.0.0.1 here"
fi

# ---- 5. the seed's example --------------------------------------------------------------------------
step "applying the seed's fine-tuning example in namespace $NS"
kc create namespace "$NS" --dry-run=client -o yaml | kc apply -f - >/dev/null
kc create secret docker-registry local-push-secret -n "$NS" --docker-server=localhost:5000 \
  --docker-username=kaito --docker-password=kaito --dry-run=client -o yaml | kc apply -f - >/dev/null
kc delete workspace "$WS" -n "$NS" --ignore-not-found --timeout=120s >/dev/null
if [ "$WEBHOOK_ON" = 1 ]; then
  # The seed as written still holds its placeholders: the webhook refuses it (the API server may
  # need a moment to pick up the new webhook configuration).
  for _ in $(seq 1 40); do
    if out="$(kc apply -n "$NS" -f "$SEED" --dry-run=server 2>&1)"; then sleep 0.25; continue; fi
    echo "As written, the seed is refused:" >&2; echo "  $out" | fold -w 120 >&2; break
  done
fi
sed -e 's#ACR_REPO_HERE.azurecr.io/IMAGE_NAME_HERE:0.0.1#localhost:5000/phi-3-adapter:0.0.1#' \
    -e 's#ACR_REGISTRY_SECRET_HERE#local-push-secret#' "$SEED" | kc apply -n "$NS" -f - >&2

step "Workspace $NS/$WS (Ctrl-C stops watching; everything keeps running)"
cond() { kc get workspace "$WS" -n "$NS" -o jsonpath="{.status.conditions[?(@.type==\"$1\")].status}" 2>/dev/null || true; }
t="$(now)"; last=""
while :; do
  ws="$(kc get workspace "$WS" -n "$NS" -o jsonpath='{.status.state}' 2>/dev/null || true)"
  machine="$(kc get machines -l "kaito.sh/workspace=$WS,kaito.sh/workspacenamespace=$NS" \
    -o jsonpath='{range .items[*]}{.metadata.name}:{.status.conditions[?(@.type=="Ready")].status}{end}' 2>/dev/null || true)"
  node="$(kc get nodes -l "kaito.sh/machine=${machine%%:*}" -o jsonpath='{.items[0].status.conditions[?(@.type=="Ready")].status}' 2>/dev/null || true)"
  job="$(kc get job "$WS" -n "$NS" -o jsonpath='{.status.succeeded}/{.spec.completions}' 2>/dev/null || true)"
  line="state=${ws:--} ResourceReady=$(cond ResourceReady) JobStarted=$(cond JobStarted) WorkspaceSucceeded=$(cond WorkspaceSucceeded) | machine ${machine:--} node-ready=${node:--} job=${job:--}"
  if [ "$line" != "$last" ]; then printf '%6ss  %s\n' "$(elapsed "$t")" "$line"; last="$line"; fi
  [ "$(cond WorkspaceSucceeded)" = True ] && break
  if [ "$(elapsed "$t" | cut -d. -f1)" -ge "$TIMEOUT" ]; then
    echo "Workspace did not succeed within ${TIMEOUT}s. Operator log tail ($STATE/operator.log):" >&2
    grep -v '^\s*at ' "$STATE/operator.log" | tail -n 15 | cut -c1-400 >&2
    echo "Everything is left running for inspection; stop it with: $0 stop" >&2
    exit 1
  fi
  sleep 1
done

echo
kc get workspace "$WS" -n "$NS"
echo
cat <<EOF
The Workspace succeeded in $(elapsed "$t")s ($(elapsed "$T0")s in all). Left running:
  cluster:  $([ "$MODE" = local ] && echo "local control plane, $SIM_APISERVER_URL" || echo "current context")
  operator: pid $(cat "$STATE/operator.pid"), log $STATE/operator.log

  export KUBECONFIG=$KCFG
  $KC get workspaces,jobs,pods -n $NS
  $KC get machines,nodes

Stop it all:  $0 stop
EOF
