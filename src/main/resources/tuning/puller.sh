#!/bin/sh
# Init container of the tuning Job: copies the /data directory of an image into the data volume.
#
# Environment:
#   IMAGE_REF         the image holding the training data under /data
#   DATA_VOLUME_PATH  where the contents of /data go (the data volume, /mnt/data)
#   AUTH_DIR          directory of registry auth files (<secret>.json, docker config format),
#                     one per pull secret; may be absent or empty for public images
#
# The image is fetched with skopeo, trying each auth file in turn and then anonymous access, in
# up to three rounds. Its layers are unpacked in order and /data is copied out. The container
# fails when the image cannot be fetched or has no files under /data.
set -u

dest="${DATA_VOLUME_PATH:-/mnt/data}"
auth_dir="${AUTH_DIR:-}"

say() { echo "puller: $*"; }
die() {
  echo "puller: $*" >&2
  exit 1
}

[ -n "${IMAGE_REF:-}" ] || die "IMAGE_REF is empty"
work=$(mktemp -d) || die "cannot create a work directory"

fetch() {
  rm -rf "$work/image"
  skopeo copy --dest-decompress "$@" "docker://$IMAGE_REF" "dir:$work/image"
}

fetched=""
round=1
while [ -z "$fetched" ]; do
  if [ -n "$auth_dir" ] && [ -d "$auth_dir" ]; then
    for auth in "$auth_dir"/*.json; do
      [ -e "$auth" ] || continue
      say "fetching $IMAGE_REF with credentials ${auth##*/}"
      if fetch --authfile "$auth"; then
        fetched=yes
        break
      fi
    done
  fi
  if [ -z "$fetched" ]; then
    say "fetching $IMAGE_REF without credentials"
    if fetch; then
      fetched=yes
    fi
  fi
  if [ -z "$fetched" ]; then
    [ "$round" -lt 3 ] || die "cannot fetch $IMAGE_REF after $round rounds"
    sleep $((round * 5))
    round=$((round + 1))
  fi
done

layers=$(skopeo inspect --format '{{range .Layers}}{{.}} {{end}}' "dir:$work/image") ||
  die "cannot read the layer list of $IMAGE_REF"
mkdir -p "$work/rootfs"
for layer in $layers; do
  blob="$work/image/${layer#*:}"
  # skopeo's dir format 1.0 named layer files <hex>.tar, 1.1 plain <hex>.
  [ -e "$blob" ] || blob="$blob.tar"
  [ -e "$blob" ] || die "layer $layer of $IMAGE_REF is missing from the fetched copy"
  tar -x -f "$blob" -C "$work/rootfs" || die "cannot unpack layer $layer"
done

[ -d "$work/rootfs/data" ] || die "$IMAGE_REF has no /data directory"
[ -n "$(ls -A "$work/rootfs/data")" ] || die "/data in $IMAGE_REF is empty"
mkdir -p "$dest" || die "cannot create $dest"
cp -R "$work/rootfs/data/." "$dest/" || die "cannot copy /data to $dest"
rm -rf "$work"
say "copied /data of $IMAGE_REF to $dest"
