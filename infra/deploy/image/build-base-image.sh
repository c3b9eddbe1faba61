#!/usr/bin/env bash
# Builds the image's base where no container registry is reachable: Debian 12 with a Java 17 runtime and what
# the stages call outside the JVM (Debian's PyTorch for the model definitions, espeak-ng / flite / sox for
# synthetic speech, pocketsphinx for the development teacher, Fashion-MNIST for the image student's evaluation),
# plus the non-root user `distillery` (uid 10001). Writes a `docker save` archive that Jib takes as
# `tar://` base. With a registry, any base with those packages does (see README, "Running on a cluster").
# Needs mmdebstrap (apt-get install mmdebstrap) and an apt mirror; about 5 minutes. Usage: build-base-image.sh OUT.tar
set -euo pipefail
out="${1:?usage: build-base-image.sh OUT.tar}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
packages=openjdk-17-jre-headless,ca-certificates,python3-torch,espeak-ng,flite,sox,pocketsphinx,pocketsphinx-en-us,dataset-fashion-mnist
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mmdebstrap --variant=minbase --include="$packages" \
  --aptopt='APT::Install-Recommends "false"' \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
  --customize-hook='chroot "$1" useradd --uid 10001 --user-group --create-home --shell /usr/sbin/nologin distillery' \
  bookworm "$work/rootfs.tar"
python3 "$here/rootfs-to-image.py" "$work/rootfs.tar" "$out" distillery-base:bookworm
