#!/bin/sh
# Init container of the tuning Job: fetches the training data.
#
# Environment:
#   DATA_URLS         space-separated http(s) URLs, one file each
#   DATA_VOLUME_PATH  directory to write the files to (the data volume, /mnt/data)
#   DOWNLOAD_ATTEMPTS attempts per URL before giving up (default 3)
#
# Each URL becomes one file named after the last path segment of the URL (query and fragment
# dropped). An attempt counts only when curl succeeds, the final HTTP status is 200 and the file
# is not empty; anything else is retried, and the container fails with the reason once a URL has
# used up its attempts. Query strings are never printed: they often carry access tokens.
set -u

attempts="${DOWNLOAD_ATTEMPTS:-3}"
dest="${DATA_VOLUME_PATH:-/mnt/data}"

say() { echo "data-downloader: $*"; }
die() {
  echo "data-downloader: $*" >&2
  exit 1
}

[ -n "${DATA_URLS:-}" ] || die "DATA_URLS is empty: no training data to download"
mkdir -p "$dest" || die "cannot create $dest"

index=0
for url in $DATA_URLS; do
  index=$((index + 1))
  shown="${url%%[?#]*}"
  file="${shown##*/}"
  [ -n "$file" ] || file="data-$index"
  # Two URLs may end in the same name (train.jsonl from two data sets): keep both files.
  [ ! -e "$dest/$file" ] || file="$index-$file"
  target="$dest/$file"

  attempt=1
  while :; do
    say "downloading $shown to $target (attempt $attempt of $attempts)"
    status=$(curl --silent --show-error --location --proto '=http,https' \
      --connect-timeout 30 --output "$target" --write-out '%{http_code}' "$url")
    code=$?
    if [ "$code" -ne 0 ]; then
      reason="curl failed with exit code $code"
    elif [ "$status" != "200" ]; then
      reason="HTTP status $status"
    elif [ ! -s "$target" ]; then
      reason="the downloaded file is empty"
    else
      say "downloaded $shown ($(wc -c <"$target" | tr -d ' ') bytes)"
      break
    fi
    rm -f "$target"
    if [ "$attempt" -ge "$attempts" ]; then
      die "giving up on $shown after $attempt attempts: $reason"
    fi
    say "attempt $attempt failed: $reason; retrying"
    sleep $((attempt * 2))
    attempt=$((attempt + 1))
  done
done
say "all $index files downloaded to $dest"
