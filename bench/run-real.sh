#!/usr/bin/env bash
# The headline benchmark: emit -> executor callback latency of the floor (../shared/floor/relay2hop.c),
# the Python pair (../shared/python-pair) and this product, one after another, with the same emitter
# stamps and clock, on real Binance captures at their recorded pace and at 100/1000/10000 msg/s.
# Prints per-peer lines and one markdown table (with ratios); saved under bench/target/real/.
#   bench/run-real.sh --quick     # smoke check, about 4 minutes
#   bench/run-real.sh             # the full run, about 15 minutes
#   bench/run-real.sh --help
# The floor needs gcc, the Python pair python3-msgpack and python3-websockets: bench/install-peers.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-if-needed.sh"
props=()
# The services' JVM options (space-separated; {role} = simulator, sender or receiver), instead of the
# containers' defaults. The services run on the JDK that runs the bench: JAVA_HOME if set.
if [[ -n "${REAL_SERVICE_OPTS:-}" ]]; then props+=("-Dreal.serviceOpts=$REAL_SERVICE_OPTS"); fi
cmd=("${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx512m "${props[@]}" -cp "$BENCH_CP" io.quoterelay.bench.real.RealBench "$@")
echo "+ ${cmd[*]}" >&2
cd "$root"
exec "${cmd[@]}"
