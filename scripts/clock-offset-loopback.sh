#!/usr/bin/env bash
# The receiver's clock-offset estimate where the truth is known: sender (with its exchange
# simulator) and receiver as two JVMs on this host, so the true offset is 0. Prints, once a second,
# the offset and rtt_min the receiver reports (its error bound is rtt_min / 2). Not a CI stage:
# run it by hand, e.g.
#   scripts/clock-offset-loopback.sh --seconds 60 --rate 1000
# Uses the system-tests probes (ProbeReceiverMain, ProbeSenderMain); builds them (reactor
# test-compile, nothing installed) if needed.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_TO_RUN=60; RATE=1000; PORT=17443
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_TO_RUN="$2"; shift 2;;
    --rate) RATE="$2"; shift 2;;
    --port) PORT="$2"; shift 2;;
    -h|--help) sed -n 2,8p "$0"; exit 0;;
    *) echo "clock-offset-loopback: unknown option $1 (see --help)" >&2; exit 2;;
  esac
done

./mvnw -q -B -ntp -o -pl system-tests -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
CP="$(cat system-tests/target/cp.txt):system-tests/target/test-classes"
WORK="$(mktemp -d /tmp/quoterelay-clock.XXXXXX)"
cat > "$WORK/Pki.java" <<'JAVA'
public class Pki {
    public static void main(String[] a) throws Exception {
        io.quoterelay.certs.PkiFiles.generate(java.nio.file.Path.of(a[0]), java.util.List.of("127.0.0.1"),
            java.util.List.of("localhost"), java.util.List.of("sender"), true);
    }
}
JAVA
java -cp "$CP" "$WORK/Pki.java" "$WORK/pki"
P="$WORK/pki"
java -Xmx128m -cp "$CP" io.quoterelay.systemtests.ProbeReceiverMain "$PORT" "$P/server.crt" "$P/server.key" "$P/ca.crt" \
  > "$WORK/receiver.out" 2>&1 &
RECEIVER=$!
java -Xmx128m -cp "$CP" io.quoterelay.systemtests.ProbeSenderMain 127.0.0.1 "$PORT" "$P/ca.crt" "$P/sender.crt" \
  "$P/sender.key" "$RATE" > "$WORK/sender.out" 2>&1 < /dev/null &
SENDER=$!
trap 'kill $SENDER $RECEIVER 2>/dev/null || true' EXIT
echo "start: $(uptime)"
for i in $(seq 1 "$SECONDS_TO_RUN"); do
  sleep 1
  # STATS fields: ... 11 = clockOffsetNs, 12 = clockRttNs (see ProbeReceiverMain).
  { grep '^STATS' "$WORK/receiver.out" || true; } | tail -1 | awk -v t="$i" \
    '{ if ($13 != "") printf "t=%ds delivered=%s offset_us=%+.1f rtt_min_us=%.1f bound_us=%.1f\n", t, $3, $13/1000, $14/1000, $14/2000 }'
done
echo "end: $(uptime); logs in $WORK"
