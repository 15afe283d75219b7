#!/usr/bin/env bash
# JMH microbenchmarks of the frame codec. With no arguments: a short run (1 fork, 2x1 s warmup,
# 3x1 s measurement) with the GC profiler, so gc.alloc.rate.norm (bytes allocated per op) is shown.
# With arguments, they replace those defaults, e.g. bench/run-jmh.sh CodecBenchmark.decode -f 3 -prof gc
# (java -cp "$BENCH_CP" org.openjdk.jmh.Main -h lists JMH's options).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-if-needed.sh"
if [[ $# -eq 0 ]]; then
  set -- CodecBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s -prof gc
fi
cmd=(java -cp "$BENCH_CP" org.openjdk.jmh.Main "$@")
echo "+ ${cmd[*]}" >&2
exec "${cmd[@]}"
