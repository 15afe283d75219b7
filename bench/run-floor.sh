#!/usr/bin/env bash
# The floor: a bare TLS 1.3 ping-pong between this JVM and a child JVM on 127.0.0.1 (Netty epoll,
# BoringSSL, mutual TLS, the relay's framing, 64-byte frame bodies). Prints one line per measurement:
#   floor tls-pingpong rtt_us p50=.. p90=.. p99=.. p99.9=.. max=.. n=..
# Arguments go to TlsPingPong (--help lists them), e.g. bench/run-floor.sh --measured 20000 --rates none
# JAVA_OPTS applies to both JVMs (the server child inherits -X/-XX/-D options).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-if-needed.sh"
# Fixed, pre-touched heap and the containers' collector: no heap growth or page faults mid-run.
JAVA_OPTS="${JAVA_OPTS:--Xms256m -Xmx256m -XX:+AlwaysPreTouch -XX:+UseSerialGC}"
cmd=(java $JAVA_OPTS -cp "$BENCH_CP" io.quoterelay.bench.floor.TlsPingPong "$@")
echo "+ ${cmd[*]}" >&2
exec "${cmd[@]}"
