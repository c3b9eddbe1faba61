#!/usr/bin/env bash
# The image's smoke run (opt-in; needs rootful podman): loads cli/target/distillery-image.tar, checks the
# entrypoint, the user and the probes' endpoint, then runs the image's `demo` at a small size and checks its
# report as CI checks the launcher's. Exits 0 with a message where podman is missing.
# Usage: infra/deploy/image/smoke-image.sh [IMAGES] [UTTERANCES]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
images="${1:-2000}"
utterances="${2:-10}"
if ! command -v podman >/dev/null 2>&1; then
  echo "smoke-image: no podman here, skipped (apt-get install podman runc)" >&2
  exit 0
fi
archive="$root/cli/target/distillery-image.tar"
[ -f "$archive" ] || { echo "smoke-image: no $archive: run infra/deploy/image/build-image.sh" >&2; exit 1; }
# ulimits within the sandbox's limits, and runc where it is installed (crun fails in some sandboxes)
run=(podman run --rm --ulimit nofile=1024:1024 --ulimit nproc=1000:1000)
if command -v runc >/dev/null 2>&1; then
  run+=(--runtime runc)
fi
image="$(podman load -q -i "$archive" | sed -n 's/^Loaded image[^:]*: //p' | tail -1)"
echo "== image $image, $(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')"

echo "== entrypoint and user"
version="$("${run[@]}" "$image" --version)"
echo "$version"
case "$version" in
  "distillery "[0-9]*) ;;
  *) echo "smoke-image: --version printed '$version', not the build's version" >&2; exit 1 ;;
esac
user="$("${run[@]}" --entrypoint id "$image" -u)"
[ "$user" = 10001 ] || { echo "smoke-image: runs as uid $user, not 10001" >&2; exit 1; }

echo "== demo --images $images --utterances $utterances"
out="$(mktemp -d)"
"${run[@]}" -v "$out:/home/distillery/smoke:U" "$image" demo --images "$images" --utterances "$utterances" \
  --eval-utterances 10 --teacher-epochs 1 --duration 900 --work-dir /home/distillery/smoke/demo
python3 "$root/.ci/check-demo-report.py" "$out/demo/report/REPORT.md" "$images" "$utterances"
echo "smoke-image: passed; report in $out/demo/report/REPORT.md"
