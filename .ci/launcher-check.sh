#!/usr/bin/env bash
# Checks the launcher's build rules on a checkout whose ./distillery has run once (the CI demo did):
# run output never triggers a build; commands started together after a change build once and both succeed;
# a build never replaces the jars under a command that is still running.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
fail() { echo "launcher-check: FAILED: $*" >&2; exit 1; }
log=$(mktemp -d)

echo "== run output is not a change: a config.pbtxt under .distillery/ does not rebuild"
mkdir -p .distillery/model-repository/launcher-check
echo 'name: "launcher-check"' > .distillery/model-repository/launcher-check/config.pbtxt
./distillery wer --help >"$log/wer.out" 2>"$log/wer.err" || fail "wer --help exited non-zero"
grep -q "^distillery: building" "$log/wer.err" && fail "wer --help rebuilt after a config.pbtxt was written under .distillery/"
rm -rf .distillery/model-repository/launcher-check

echo "== a running command keeps its jars while a later command rebuilds"
./distillery kafka --data-dir "$log/kafka" --port 0 >"$log/kafka.out" 2>&1 &
kafka=$!
for _ in $(seq 1 60); do
  grep -q "serving\|Kafka broker" "$log/kafka.out" 2>/dev/null && break
  sleep 1
done
kill -0 "$kafka" 2>/dev/null || fail "the broker did not start: $(cat "$log/kafka.out")"
running_app=$(tr '\0' '\n' <"/proc/$kafka/cmdline" | grep -o '[^:]*/.distillery/app/[^/]*' | head -1)
[ -n "$running_app" ] || fail "cannot tell which build the broker runs from"

echo "== commands started together after a source change build once, and both succeed"
touch cli/src/main/java/io/distillery/cli/Distillery.java
./distillery --version >"$log/a.out" 2>"$log/a.err" &
a=$!
./distillery --version >"$log/b.out" 2>"$log/b.err" &
b=$!
wait "$a" || fail "the first of two concurrent commands failed: $(cat "$log/a.err")"
wait "$b" || fail "the second of two concurrent commands failed: $(cat "$log/b.err")"
builds=$(cat "$log/a.err" "$log/b.err" | grep -c "^distillery: building" || true)
[ "$builds" -eq 1 ] || fail "expected one build for two concurrent commands, saw $builds"
grep -q "distillery" "$log/a.out" && grep -q "distillery" "$log/b.out" || fail "--version printed nothing"

kill -0 "$kafka" 2>/dev/null || fail "the running broker died during the rebuild"
[ -f "$running_app/distillery-cli-0.1.0.jar" ] || fail "the rebuild removed the running broker's build $running_app"
new_app=$(readlink -f .distillery/app/current)
[ "$new_app" != "$(readlink -f "$running_app")" ] || fail "the rebuild did not make a new build"
kill "$kafka"
wait "$kafka" 2>/dev/null || true
rm -rf "$log"
echo "launcher-check: passed"
