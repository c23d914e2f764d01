#!/bin/sh
# Container of the tuning Job: publishes the trained adapter as an OCI image.
#
# Environment:
#   ADAPTER_DIR      the training output directory (the results volume)
#   SENTINEL_PATH    file the trainer writes when training has finished
#   IMAGE_REF        where to push the adapter image
#   MODEL_NAME       base model, recorded as manifest annotation sh.kaito.model.name
#   REGISTRY_CONFIG  docker config.json with push credentials
#   TRAINER_MARKER   text in the command line of the trainer's processes; the pod shares one
#                    process namespace, so the trainer is visible under /proc
#
# It waits for the sentinel. If the trainer goes away without writing it, training failed and
# the pusher fails too (otherwise it would wait forever and the Job would never finish). Then it
# packs adapter_config.json and adapter_model.safetensors under /data in a single gzip layer,
# with an image config naming that layer's diff ID, and pushes it with ORAS (three attempts).
set -u

grace="${TRAINER_GRACE_SECONDS:-120}"
poll="${POLL_SECONDS:-5}"

say() { echo "pusher: $*"; }
die() {
  echo "pusher: $*" >&2
  exit 1
}

for v in ADAPTER_DIR SENTINEL_PATH IMAGE_REF MODEL_NAME REGISTRY_CONFIG TRAINER_MARKER; do
  eval "value=\${$v:-}"
  [ -n "$value" ] || die "$v is empty"
done

trainer_running() {
  for cmdline in /proc/[0-9]*/cmdline; do
    args=$(tr '\000' ' ' <"$cmdline" 2>/dev/null) || continue
    case "$args" in
      *"$TRAINER_MARKER"*) return 0 ;;
    esac
  done
  return 1
}

say "waiting for $SENTINEL_PATH"
waited=0
seen=""
while [ ! -e "$SENTINEL_PATH" ]; do
  if trainer_running; then
    seen=yes
  elif [ -e "$SENTINEL_PATH" ]; then
    break
  elif [ -n "$seen" ] || [ "$waited" -ge "$grace" ]; then
    die "the trainer stopped without writing $SENTINEL_PATH: training failed, nothing to push"
  fi
  sleep "$poll"
  waited=$((waited + poll))
done
say "training finished"

work=$(mktemp -d) || die "cannot create a work directory"
mkdir "$work/data" || die "cannot create $work/data"
for file in adapter_config.json adapter_model.safetensors; do
  [ -s "$ADAPTER_DIR/$file" ] || die "$ADAPTER_DIR/$file is missing or empty"
  cp "$ADAPTER_DIR/$file" "$work/data/" || die "cannot copy $file"
done

cd "$work" || die "cannot enter $work"
tar -c -f layer.tar data || die "cannot pack the adapter"
diff_id=$(sha256sum layer.tar | cut -d ' ' -f 1)
gzip -n -9 layer.tar || die "cannot compress the adapter layer"
printf '{"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$diff_id" >config.json

attempt=1
while :; do
  say "pushing to $IMAGE_REF (attempt $attempt of 3)"
  if oras push --registry-config "$REGISTRY_CONFIG" \
    --annotation "sh.kaito.model.name=$MODEL_NAME" \
    --config "config.json:application/vnd.oci.image.config.v1+json" \
    "$IMAGE_REF" "layer.tar.gz:application/vnd.oci.image.layer.v1.tar+gzip"; then
    break
  fi
  [ "$attempt" -lt 3 ] || die "cannot push $IMAGE_REF after $attempt attempts"
  sleep $((attempt * 10))
  attempt=$((attempt + 1))
done
say "pushed the adapter to $IMAGE_REF"
