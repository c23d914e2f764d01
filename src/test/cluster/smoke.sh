#!/usr/bin/env bash
# End-to-end smoke test of the local control plane:
#   up (if not up) -> fake GPU node Ready -> Pod requesting nvidia.com/gpu: 1 scheduled and Running
#   -> Job completes (kwok pod-complete stage + KCM job controller)
#   -> Job deleted in background: its pod garbage-collected (KCM garbage collector)
#   -> namespace deleted: gone (KCM namespace controller, kwok pod-delete stage)
# Prints timings. If smoke.sh started the cluster it stops it again at the end
# (KAITO_SIM_KEEP=1 keeps it running); a cluster that was already up is left up.
# Env: KAITO_SIM_TIMEOUT (seconds per wait, default 120), KAITO_SIM_KEEP=1, plus up.sh's.
set -euo pipefail
# shellcheck source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

TIMEOUT="${KAITO_SIM_TIMEOUT:-120}"
NODE="smoke-gpu-0"
NS="kaito-smoke-$$"
declare -a TIMINGS=()
T_ALL="$(now)"
lap() { TIMINGS+=("$(printf '%-44s %6ss' "$1" "$(elapsed "$2")")"); log "$1: $(elapsed "$2")s"; }

# Is the cluster already up? (all recorded pids alive and /readyz ok)
was_up=1
for c in etcd kube-apiserver kube-controller-manager kube-scheduler kwok; do
  [ -f "$SIM_RUN/pids/$c.pid" ] && pid_alive "$(cat "$SIM_RUN/pids/$c.pid")" || was_up=0
done

cleanup() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "smoke test FAILED (exit $rc); logs in $SIM_RUN/logs" >&2
    k get nodes,pods,jobs -A -o wide >&2 2>/dev/null || true
  fi
  if [ "$was_up" = 1 ]; then
    k delete namespace "$NS" --ignore-not-found --wait=false >/dev/null 2>&1 || true
    k delete node "$NODE" --ignore-not-found >/dev/null 2>&1 || true
  elif [ "${KAITO_SIM_KEEP:-0}" != 1 ]; then
    "$CLUSTER_DIR/down.sh" >&2 || true
  else
    log "cluster kept running (KAITO_SIM_KEEP=1); stop it with $CLUSTER_DIR/down.sh"
  fi
}
trap cleanup EXIT

t="$(now)"
"$CLUSTER_DIR/up.sh" >/dev/null
if [ "$was_up" = 1 ]; then lap "up.sh (cluster already up)" "$t"; else lap "up.sh (binaries cached, cluster start)" "$t"; fi

t="$(now)"
"$CLUSTER_DIR/gpu-node.sh" "$NODE" Standard_NC24ads_A100_v4 1 81920 NVIDIA-A100-PCIE-80GB sim/pool=smoke
lap "GPU node created and Ready" "$t"
lap "cluster start to first node Ready" "$T_ALL"

t="$(now)"
k create namespace "$NS" >/dev/null
until k get serviceaccount default -n "$NS" >/dev/null 2>&1; do
  [ "$(elapsed "$t" | cut -d. -f1)" -lt "$TIMEOUT" ] || die "no default ServiceAccount in $NS (KCM serviceaccount controller)"
  sleep 0.2
done
lap "namespace + default ServiceAccount" "$t"

t="$(now)"
k apply -n "$NS" -f - >/dev/null <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: gpu-pod
spec:
  containers:
  - name: main
    image: registry.k8s.io/pause:3.10
    resources:
      limits: {nvidia.com/gpu: 1}
EOF
k wait -n "$NS" --for=jsonpath='{.status.phase}'=Running pod/gpu-pod --timeout="${TIMEOUT}s" >/dev/null \
  || die "GPU pod not Running"
node="$(k get pod -n "$NS" gpu-pod -o jsonpath='{.spec.nodeName}')"
[ "$node" = "$NODE" ] || die "GPU pod landed on '$node', expected $NODE"
lap "GPU pod scheduled and Running" "$t"

# A second GPU pod must stay Pending: the node has exactly one GPU.
k apply -n "$NS" -f - >/dev/null <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: gpu-pod-2
spec:
  containers:
  - name: main
    image: registry.k8s.io/pause:3.10
    resources:
      limits: {nvidia.com/gpu: 1}
EOF
k wait -n "$NS" --for=condition=PodScheduled=false pod/gpu-pod-2 --timeout="${TIMEOUT}s" >/dev/null \
  || die "second GPU pod was not reported unschedulable"
log "second GPU pod is Unschedulable, as expected: $(k get pod -n "$NS" gpu-pod-2 -o jsonpath='{.status.conditions[0].message}')"

t="$(now)"
k apply -n "$NS" -f - >/dev/null <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  name: smoke-job
spec:
  completions: 1
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: registry.k8s.io/pause:3.10
EOF
k wait -n "$NS" --for=condition=Complete job/smoke-job --timeout="${TIMEOUT}s" >/dev/null || die "Job did not complete"
lap "Job completed" "$t"

t="$(now)"
[ -n "$(k get pods -n "$NS" -l job-name=smoke-job -o name)" ] || die "Job pod not found"
k delete job -n "$NS" smoke-job --cascade=background >/dev/null
until [ -z "$(k get pods -n "$NS" -l job-name=smoke-job -o name)" ]; do
  [ "$(elapsed "$t" | cut -d. -f1)" -lt "$TIMEOUT" ] || die "Job pods not garbage-collected"
  sleep 0.2
done
lap "Job deleted, pod garbage-collected" "$t"

t="$(now)"
k delete namespace "$NS" --wait=false >/dev/null
k wait --for=delete "namespace/$NS" --timeout="${TIMEOUT}s" >/dev/null 2>&1 || die "namespace $NS not deleted"
lap "namespace deleted (pods removed, ns gone)" "$t"

lap "smoke test total" "$T_ALL"
echo "== smoke test passed: Kubernetes v$K8S_VERSION, etcd v$ETCD_VERSION, kwok v$KWOK_VERSION"
printf '%s\n' "${TIMINGS[@]}"
