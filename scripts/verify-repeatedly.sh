#!/usr/bin/env bash
# Runs the README's test command N times, each from a fresh clone of the committed HEAD, and
# reports each run's result and time: a flaky test blocks CI, and one green run proves little.
# Failed runs keep their Maven log and surefire reports under the output directory.
#
#   scripts/verify-repeatedly.sh [N=3] [OUT=/tmp/verify-repeatedly]
set -euo pipefail
runs="${1:-3}"
out="${2:-/tmp/verify-repeatedly}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$out"
summary="$out/summary.txt"
: > "$summary"
failed=0
for i in $(seq 1 "$runs"); do
  clone="$out/clone"
  rm -rf "$clone"
  git clone -q "$repo" "$clone"
  start=$(date +%s)
  if (cd "$clone" && ./mvnw -B -ntp verify) > "$out/run-$i.log" 2>&1; then
    result=PASS
    rm -f "$out/run-$i.log"
  else
    result=FAIL
    failed=$((failed + 1))
    mkdir -p "$out/run-$i-reports"
    (cd "$clone" && find . -path '*/surefire-reports/*' -name '*.txt' -exec cp --parents {} "$out/run-$i-reports/" \;)
  fi
  line="run $i of $runs: $result in $(( $(date +%s) - start )) s at $(git -C "$clone" log --oneline -1)"
  echo "$line" | tee -a "$summary"
  if [ "$result" = FAIL ]; then
    grep -E "<<< (FAILURE|ERROR)|^\[ERROR\]   " "$out/run-$i.log" | head -20 | tee -a "$summary"
  fi
done
rm -rf "$out/clone"
echo "$((runs - failed)) of $runs runs passed; summary in $summary"
[ "$failed" -eq 0 ]
