#!/usr/bin/env bash
# End to end: exchange simulator -> sender -> TLS -> receiver -> executor callback, three JVMs on
# 127.0.0.1, open loop; latency from each update's due time to the callback. Per rate, one block:
#   e2e rate@1000/s lat_us p50=.. p90=.. p99=.. p99.9=.. max=.. n=.. achieved=../s gaps=0 conflated=0 conflated_rx=0 missing=0 ...
#   e2e rate@1000/s stages_us ...      (exchange, sender, link, receiver)
#   e2e rate@1000/s cost cpu_s_per_10k ... rss_peak_mb ... gc ... alloc_b_per_msg receiver_io=..
# then the sustained and constrained runs, the floor from the same run, and a markdown table.
# Defaults take about 6 minutes; e.g. bench/run-e2e.sh --rates 1000 --sustain-seconds 0 --constrained false --floor false
# Arguments go to E2eBench (--help lists them). Service JVM options: E2E_SERVICE_OPTS (space-separated).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-if-needed.sh"
props=()
if [[ -n "${E2E_SERVICE_OPTS:-}" ]]; then props+=("-De2e.serviceOpts=$E2E_SERVICE_OPTS"); fi
cmd=(java -Xmx256m "${props[@]}" -cp "$BENCH_CP" io.quoterelay.bench.e2e.E2eBench "$@")
echo "+ ${cmd[*]}" >&2
cd "$root"
exec "${cmd[@]}"
