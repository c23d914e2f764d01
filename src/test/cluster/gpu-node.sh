#!/usr/bin/env bash
# Create (or update) a fake GPU node managed by kwok and wait until it is Ready.
#
# Usage: gpu-node.sh NAME INSTANCE_TYPE GPU_COUNT GPU_MEMORY_MIB [GPU_PRODUCT] [KEY=VALUE ...]
#   e.g. gpu-node.sh gpu-a100-0 Standard_NC24ads_A100_v4 1 81920 NVIDIA-A100-PCIE-80GB sim/pool=gpu-a100
# The trailing KEY=VALUE arguments are extra node labels (e.g. for a Workspace labelSelector).
# Labels: kubernetes.io/hostname, node.kubernetes.io/instance-type, accelerator=nvidia and the
# GPU feature discovery labels nvidia.com/gpu.product, nvidia.com/gpu.count, nvidia.com/gpu.memory
# (MiB per GPU). Status: capacity and allocatable with nvidia.com/gpu=GPU_COUNT, PATCHed on the
# status subresource after the create so that it surely lands.
# Env: KAITO_SIM_NODE_CPU (24), KAITO_SIM_NODE_MEMORY (220Gi), KAITO_SIM_NODE_PODS (110),
#      KAITO_SIM_TIMEOUT (seconds to wait for Ready, default 120), KAITO_SIM_CACHE
set -euo pipefail
# shellcheck source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

[ $# -ge 4 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
NAME="$1" ITYPE="$2" COUNT="$3" MEM="$4"
PRODUCT="NVIDIA-A100-PCIE-80GB"
shift 4
if [ $# -gt 0 ] && [[ "$1" != *=* ]]; then PRODUCT="$1"; shift; fi
[[ "$COUNT" =~ ^[0-9]+$ ]] || die "GPU_COUNT must be an integer: $COUNT"
[[ "$MEM" =~ ^[0-9]+$ ]] || die "GPU_MEMORY_MIB must be an integer (MiB per GPU): $MEM"
[[ "$NAME" =~ ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$ ]] || die "invalid node name: $NAME"
CPU="${KAITO_SIM_NODE_CPU:-24}" MEMORY="${KAITO_SIM_NODE_MEMORY:-220Gi}" PODS="${KAITO_SIM_NODE_PODS:-110}"
TIMEOUT="${KAITO_SIM_TIMEOUT:-120}"
[ -x "$KUBECTL" ] && [ -f "$ADMIN_KUBECONFIG" ] || die "cluster not set up; run $CLUSTER_DIR/up.sh first"

extra=""
for kv in "$@"; do
  [[ "$kv" == *=* ]] || die "extra label must be KEY=VALUE: $kv"
  extra+="    \"${kv%%=*}\": \"${kv#*=}\""$'\n'
done

resources="{\"cpu\": \"$CPU\", \"memory\": \"$MEMORY\", \"pods\": \"$PODS\", \"ephemeral-storage\": \"1Ti\", \"nvidia.com/gpu\": \"$COUNT\"}"
T0="$(now)"
manifest="$(cat <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $NAME
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/hostname: "$NAME"
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
    node.kubernetes.io/instance-type: "$ITYPE"
    accelerator: nvidia
    nvidia.com/gpu.present: "true"
    nvidia.com/gpu.product: "$PRODUCT"
    nvidia.com/gpu.count: "$COUNT"
    nvidia.com/gpu.memory: "$MEM"
$extra
status:
  capacity: $resources
  allocatable: $resources
EOF
)"
if k get node "$NAME" >/dev/null 2>&1; then
  echo "$manifest" | k apply -f - >/dev/null
  log "node $NAME exists; labels updated"
else
  echo "$manifest" | k create -f - >/dev/null
  log "node $NAME created"
fi
k patch node "$NAME" --subresource=status --type=merge \
  -p "{\"status\": {\"capacity\": $resources, \"allocatable\": $resources}}" >/dev/null

k wait --for=condition=Ready "node/$NAME" --timeout="${TIMEOUT}s" >/dev/null \
  || die "node $NAME not Ready after ${TIMEOUT}s (is kwok running? see $SIM_RUN/logs/kwok.log)"
got="$(k get node "$NAME" -o jsonpath='{.status.allocatable.nvidia\.com/gpu}')"
[ "$got" = "$COUNT" ] || die "node $NAME allocatable nvidia.com/gpu is '$got', expected $COUNT"
log "node $NAME Ready with nvidia.com/gpu=$COUNT ($PRODUCT, ${MEM}MiB) after $(elapsed "$T0")s"
