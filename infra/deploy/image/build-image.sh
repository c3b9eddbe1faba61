#!/usr/bin/env bash
# Builds the product image as an archive, without a Docker daemon or registry: the base first (once; kept in
# .distillery/image/base.tar), then Jib puts the application on it (cli/target/distillery-image.tar).
# Load it with `podman load -i cli/target/distillery-image.tar` (or docker load) and push it where your cluster
# pulls from. With a registry, skip the base: ./mvnw -Pimage -pl cli -am package -DskipTests
# -Ddistillery.image.base=<a Java 17 base with the same packages>.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
base="$root/.distillery/image/base.tar"
if [ ! -f "$base" ]; then
  mkdir -p "$(dirname "$base")"
  bash "$root/infra/deploy/image/build-base-image.sh" "$base"
fi
cd "$root"
./mvnw -B -q -Pimage -pl cli -am package -DskipTests -DskipPrerequisites -Dspotless.check.skip=true
ls -l cli/target/distillery-image.tar
