#!/usr/bin/env bash
# Soak: exchange simulator -> sender -> mutual TLS -> receiver, three JVMs on loopback, at a fixed
# rate for a chosen time. Every minute one CSV row: RSS and GC of each JVM, the receiver's interval
# latency percentiles (offset-corrected, µs) and cumulative counts. Ends with a summary (RSS and
# latency drift, counts). Not a CI stage: run it by hand, e.g.
#   scripts/soak.sh --minutes 30 --rate 10000 --out /tmp/soak
set -euo pipefail
cd "$(dirname "$0")/.."

MINUTES=30; RATE=10000; OUT=""; SYMBOLS=BTCUSDT,ETHUSDT,SOLUSDT,BNBUSDT,XRPUSDT; HEAP=192m
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES="$2"; shift 2;;
    --rate) RATE="$2"; shift 2;;
    --out) OUT="$2"; shift 2;;
    --symbols) SYMBOLS="$2"; shift 2;;
    --heap) HEAP="$2"; shift 2;;
    -h|--help) sed -n 2,7p "$0"; exit 0;;
    *) echo "soak: unknown option $1 (see --help)" >&2; exit 2;;
  esac
done
OUT="${OUT:-$(mktemp -d /tmp/quoterelay-soak.XXXXXX)}"
mkdir -p "$OUT"
command -v jstat >/dev/null || { echo "soak: jstat (JDK) is needed for GC sampling" >&2; exit 2; }

if [ ! -d receiver-service/target/lib ] || [ ! -d sender/target/lib ] || [ ! -d simulator/target/lib ] || [ ! -d certs-tool/target/lib ]; then
  ./mvnw -q -B -ntp -DskipTests -pl receiver-service,sender,simulator,certs-tool -am install
fi
# A private copy of each module's classes and libraries: a rebuild in the working tree during a
# long soak must not change the code under the running JVMs.
for m in certs-tool simulator receiver-service sender; do
  mkdir -p "$OUT/cp/$m" && cp -r "$m/target/classes" "$m/target/lib" "$OUT/cp/$m/"
done
cp_of() { echo "$OUT/cp/$1/classes:$OUT/cp/$1/lib/*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

java -cp "$(cp_of certs-tool)" io.quoterelay.certs.CertsTool --out "$OUT/certs" --ip 127.0.0.1 --dns localhost --client sender >/dev/null
SIM_PORT=$(free_port); RECV_PORT=$(free_port)
JOPTS=(-Xmx"$HEAP" -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError)

java "${JOPTS[@]}" -cp "$(cp_of simulator)" io.quoterelay.simulator.SimulatorMain --host 127.0.0.1 --port "$SIM_PORT" \
  --symbols "$SYMBOLS" --rate "$RATE" >"$OUT/simulator.log" 2>&1 &
SIM=$!; PIDS+=("$SIM")
java "${JOPTS[@]}" -cp "$(cp_of receiver-service)" io.quoterelay.receiver.service.ReceiverMain --bind 127.0.0.1 --port "$RECV_PORT" \
  --cert "$OUT/certs/server.crt" --key "$OUT/certs/server.key" --ca-cert "$OUT/certs/ca.crt" \
  --stats-interval 60s --metrics-port 0 >"$OUT/receiver.log" 2>&1 &
RECV=$!; PIDS+=("$RECV")
STREAMS=$(echo "$SYMBOLS" | tr 'A-Z' 'a-z' | sed 's/,/@bookTicker\//g')@bookTicker
java "${JOPTS[@]}" -cp "$(cp_of sender)" io.quoterelay.sender.SenderMain --receiver-host 127.0.0.1 --receiver-port "$RECV_PORT" \
  --ca-cert "$OUT/certs/ca.crt" --client-cert "$OUT/certs/sender.crt" --client-key "$OUT/certs/sender.key" \
  --binance-url "ws://127.0.0.1:$SIM_PORT/stream?streams=$STREAMS" --stats-interval 60s --metrics-port 0 \
  >"$OUT/sender.log" 2>&1 &
SEND=$!; PIDS+=("$SEND")

CSV="$OUT/soak.csv"
echo "minute,recv_rss_kb,send_rss_kb,sim_rss_kb,recv_ygc,recv_fgc,recv_gc_s,send_ygc,send_fgc,send_gc_s,interval_msgs,rate_per_s,p50_us,p90_us,p99_us,p999_us,max_us,gaps,dup,conflated,resets,bad_frames,conns" >"$CSV"
echo "soak: $MINUTES min at $RATE msg/s, symbols $SYMBOLS, heap $HEAP each; output in $OUT"

rss() { awk '/VmRSS/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
gc() { jstat -gcutil "$1" 2>/dev/null | awk 'NR==2{printf "%s,%s,%s", $7, $9, $13}' || echo ",,"; }
field() { grep -o " $1=[^ ]*" <<<"$2" | head -1 | cut -d= -f2 | tr -d '/s'; }

START=$(date +%s)
for ((m = 1; m <= MINUTES; m++)); do
  # Wait for the minute's stats line instead of sleeping a fixed time past it.
  DEADLINE=$((START + m * 60 + 5))
  while [ "$(date +%s)" -lt "$DEADLINE" ]; do
    for p in "$SIM" "$RECV" "$SEND"; do
      kill -0 "$p" 2>/dev/null || { echo "soak: process $p died; see $OUT/*.log" >&2; exit 1; }
    done
    sleep 1
  done
  LINE=$(grep "stats 60s\|stats 6[0-9]s\|stats 5[0-9]s" "$OUT/receiver.log" | tail -1 || true)
  ROW="$m,$(rss "$RECV"),$(rss "$SEND"),$(rss "$SIM"),$(gc "$RECV"),$(gc "$SEND")"
  ROW="$ROW,$(field msgs "$LINE"),$(field rate "$LINE"),$(field p50 "$LINE"),$(field p90 "$LINE"),$(field p99 "$LINE")"
  ROW="$ROW,$(field p99.9 "$LINE"),$(field max "$LINE"),$(field gaps "$LINE"),$(field dup "$LINE")"
  ROW="$ROW,$(field conflated "$LINE"),$(field resets "$LINE"),$(field bad_frames "$LINE"),$(field conns "$LINE")"
  echo "$ROW" >>"$CSV"
  echo "$ROW"
done

python3 - "$CSV" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
if not rows:
    sys.exit("soak: no samples")
def col(name):
    return [float(r[name]) for r in rows if r[name] not in ("", None)]
first, last = rows[0], rows[-1]
half = rows[len(rows) // 2:]
print("\nsummary over %d minutes" % len(rows))
for who in ("recv", "send"):
    rss = col(who + "_rss_kb")
    print("  %s RSS MiB: first %.0f, last %.0f, max %.0f (drift over the second half %+.1f MiB)"
          % (who, rss[0] / 1024, rss[-1] / 1024, max(rss) / 1024,
             (float(half[-1][who + "_rss_kb"]) - float(half[0][who + "_rss_kb"])) / 1024))
    print("  %s GC: %s young, %s full, %.2f s total" % (who, last[who + "_ygc"], last[who + "_fgc"], float(last[who + "_gc_s"] or 0)))
for p in ("p50_us", "p99_us", "p999_us", "max_us"):
    v = col(p)
    if v:
        print("  latency %s: first %.0f, last %.0f, median of minutes %.0f, worst minute %.0f"
              % (p, v[0], v[-1], sorted(v)[len(v) // 2], max(v)))
msgs = col("interval_msgs")
print("  delivered %.0f in sampled minutes (mean %.0f/s); gaps %s, dup %s, conflated %s, resets %s, bad frames %s, connections %s"
      % (sum(msgs), sum(msgs) / (60 * len(msgs)), last["gaps"], last["dup"], last["conflated"], last["resets"], last["bad_frames"], last["conns"]))
PY
