#!/usr/bin/env bash
# Installs the system packages Distillery uses: a JDK, the Fashion-MNIST data set, speech synthesis (espeak-ng,
# flite, sox), the pocketsphinx teacher and its real test recordings, NIST sclite (reference WER scorer),
# Debian's PyTorch (model definitions), Chromium (the monitor's browser test) and docker-compose (validates the compose file). Safe to run again:
# installs only what is missing.
# As root it installs with apt-get; otherwise it prints the exact command to run and exits non-zero.
# It also extracts promtool (the lint for /metrics scrapes) from Debian's prometheus package into
# .distillery/tools/bin, without installing the Prometheus server or its service, and unpacks Apicurio Registry
# and the Node.js test tools (KafkaJS's schema registry client, the Kubernetes/Strimzi/KEDA/Prometheus Operator
# object schemas) under .distillery/tools.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tools="$root/.distillery/tools/bin"
if ! command -v promtool >/dev/null 2>&1 && [ ! -x "$tools/promtool" ] && command -v apt-get >/dev/null 2>&1; then
  download="$(mktemp -d)"
  if (cd "$download" && apt-get download -q prometheus >/dev/null 2>&1 \
      && dpkg-deb -x prometheus_*.deb extracted); then
    mkdir -p "$tools"
    cp "$download/extracted/usr/bin/promtool" "$tools/promtool"
    echo "promtool extracted to $tools/promtool" >&2
  else
    echo "Could not download Debian's prometheus package for promtool; the tests lint /metrics in Java only" >&2
  fi
  rm -rf "$download"
fi

# Apicurio Registry (a real Confluent-compatible schema registry for the wire-format tests), unpacked from its
# ready-to-run tarball on Maven Central (plugin 2.8: newer dependency plugins want its unpublished parent POM)
apicurio_version=3.0.9
apicurio="$root/.distillery/tools/apicurio-registry-$apicurio_version"
if [ ! -f "$apicurio/apicurio-registry-app-$apicurio_version-runner.jar" ]; then
  repo="${MAVEN_LOCAL_REPOSITORY:-$HOME/.m2/repository}"
  tarball="$repo/io/apicurio/apicurio-registry-app/$apicurio_version/apicurio-registry-app-$apicurio_version-all.tar.gz"
  if [ ! -f "$tarball" ]; then
    "$root/mvnw" -B -q org.apache.maven.plugins:maven-dependency-plugin:2.8:get \
      -Dartifact="io.apicurio:apicurio-registry-app:$apicurio_version:tar.gz:all" -Dtransitive=false >&2 \
      || echo "Could not fetch Apicurio Registry from Maven Central; the schema registry tests skip" >&2
  fi
  if [ -f "$tarball" ]; then
    mkdir -p "$apicurio" && tar xzf "$tarball" -C "$apicurio"
    echo "Apicurio Registry unpacked to $apicurio" >&2
  fi
fi

# Node.js tools of the tests: an independent reader of the Confluent wire format (KafkaJS's schema registry
# client) and the schemas every rendered deployment object is validated against (Kubernetes, Strimzi, KEDA,
# Prometheus Operator)
node_tools="$root/.distillery/tools/node"
if command -v npm >/dev/null 2>&1 && { [ ! -d "$node_tools/node_modules/@kafkajs/confluent-schema-registry" ] \
    || [ ! -d "$node_tools/node_modules/@kubernetes-models/prometheus-operator" ]; }; then
  mkdir -p "$node_tools"
  npm install --prefix "$node_tools" --no-audit --no-fund --silent @kafkajs/confluent-schema-registry@4.1.0 \
    kubernetes-models@5.1.0 @kubernetes-models/keda@2.0.0 @kubernetes-models/strimzi-kafka-operator@1.0.1 \
    @kubernetes-models/prometheus-operator@6.0.0 yaml@2.9.1 >&2 \
    || echo "Could not install the Node.js test tools; the decoder and manifest schema checks skip" >&2
fi

packages=(openjdk-17-jdk-headless dataset-fashion-mnist espeak-ng flite sox pocketsphinx pocketsphinx-en-us
  pocketsphinx-testdata sctk python3-torch libpocketsphinx-dev chromium openssl docker-compose)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: ${missing[*]} (no apt-get here: install their equivalents by hand)" >&2
  exit 1
fi

cmd="apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}" >&2
  bash -c "$cmd" >&2
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "Installing system packages with sudo: ${missing[*]}" >&2
  sudo bash -c "$cmd" >&2
else
  echo "Distillery needs these system packages: ${missing[*]}" >&2
  echo "Install them with:  sudo bash -c '$cmd'" >&2
  exit 1
fi
