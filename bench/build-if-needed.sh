#!/usr/bin/env bash
# Sourced by run-e2e.sh, run-floor.sh and run-jmh.sh: builds bench (and the modules it uses) when its jar is
# missing or older than any source it is made from. Tests are skipped: they ran in `./mvnw verify`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$(ls "$root"/bench/target/bench-*.jar 2>/dev/null | head -n 1 || true)"
stale=""
if [[ -z "$jar" || ! -d "$root/bench/target/lib" ]]; then
  stale="no bench jar yet"
elif [[ -n "$(find "$root/bench/src/main" "$root/bench/pom.xml" "$root/protocol/src/main" "$root/protocol/pom.xml" \
              "$root/certs-tool/src/main" "$root/certs-tool/pom.xml" "$root/ops/src/main" "$root/ops/pom.xml" \
              "$root/sender/src/main" "$root/sender/pom.xml" "$root/receiver/src/main" "$root/receiver/pom.xml" \
              "$root/simulator/src/main" "$root/simulator/pom.xml" \
              "$root/pom.xml" -newer "$jar" -print -quit)" ]]; then
  stale="sources newer than $jar"
fi
if [[ -n "$stale" ]]; then
  echo "building bench ($stale): ./mvnw -q -B -pl bench -am package -DskipTests" >&2
  (cd "$root" && ./mvnw -q -B -pl bench -am package -DskipTests)
fi
BENCH_CP="$root/bench/target/*:$root/bench/target/lib/*"
