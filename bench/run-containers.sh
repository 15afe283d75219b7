#!/usr/bin/env bash
# What the containers cost on the quote path: simulator -> sender -> receiver on one machine, the
# same images and settings, in three placements, one after another in one run:
#   bare     the two services as plain JVM processes (the image's JVM flags, no container);
#   default  the compose files' defaults: host networking, sender and receiver pinned to a core each
#            (--cpuset-cpus), 256 MB;
#   old      the earlier defaults: a bridge network with the receiver's port published (NAT, veth),
#            --cpus 0.5 (CFS quota), 256 MB.
# Each runs SECONDS (default 60) at the simulator's RATE (default 200/s) after a 10 s settle; the
# figure is the receiver's own send -> decode latency over that window (one stats line covering it:
# p50/p99/p99.9/max in µs, offset-corrected; same host, so the true offset is 0), beside gaps and
# conflated. Prints one line per placement and the machine's load.
#
#   bench/run-containers.sh TAG [SECONDS] [RATE]      images quoterelay/{receiver,sender,simulator}:TAG
#
# Needs podman (root, or CONTAINERS_CONF as in containers/lib/podman-env.sh) and the modules packaged
# (receiver/target, sender/target: `./mvnw -DskipTests package -pl receiver,sender -am`) for `bare`.
set -euo pipefail
cd "$(dirname "$0")/.."
source containers/lib/podman-env.sh
TAG="${1:?usage: $0 TAG [SECONDS] [RATE]}"; SECONDS_RUN="${2:-60}"; RATE="${3:-200}"
WORK="$(mktemp -d /tmp/quoterelay-cbench.XXXXXX)"
[ -n "${CONTAINERS_CONF:-}" ] || podman_env "$WORK"
P="qrcb$$"
PIDS=()
stop_all() {
  local c; for c in "$P-sim" "$P-rcv" "$P-snd"; do podman rm -f -t 1 "$c" >/dev/null 2>&1 || true; done
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  PIDS=()
}
trap 'stop_all; rm -rf "$WORK"' EXIT

# Certificates name the loopback and the host's address as containers on a bridge see it.
PKI="$WORK/pki"
java -jar certs-tool/target/certs-tool-*-cli.jar --out "$PKI" --ip 127.0.0.1 --dns host.containers.internal \
  --client sender >/dev/null
chown -R 10001:10001 "$PKI" 2>/dev/null || chmod -R a+rX "$PKI"
SIM_PORT=$(free_port); RELAY_PORT=$(free_port); RM_PORT=$(free_port); SM_PORT=$(free_port)
STREAM="stream?streams=btcusdt@bookTicker/ethusdt@bookTicker"
WINDOW="$(( SECONDS_RUN ))s"
JVM_FLAGS=($(podman inspect --format '{{json .Config.Entrypoint}}' "quoterelay/receiver:$TAG" \
  | python3 -c 'import json,sys; e=json.load(sys.stdin); print(" ".join(a for a in e[1:e.index("-cp")] if "SharedArchiveFile" not in a and "logback" not in a))'))

# Services' settings as environment (the same in every placement); HOST is how the sender reaches
# the simulator and the receiver, CERTS where the certificates are.
service_env() { # role host certs
  local common=(STATS_INTERVAL="$WINDOW" METRICS_BIND_ADDRESS=127.0.0.1 WARMUP_QUOTES=20000)
  if [ "$1" = receiver ]; then
    printf '%s\n' "${common[@]}" RELAY_PORT=9001 METRICS_PORT="$RM_PORT" SERVER_CERT="$3/server.crt" \
      SERVER_KEY="$3/server.key" CA_CERT="$3/ca.crt"
  else
    printf '%s\n' "${common[@]}" METRICS_PORT="$SM_PORT" RECEIVER_HOST="$2" RECEIVER_PORT="$RELAY_PORT" \
      SYMBOLS=BTCUSDT,ETHUSDT BINANCE_URL="ws://$2:$SIM_PORT/$STREAM" CA_CERT="$3/ca.crt" \
      CLIENT_CERT="$3/sender.crt" CLIENT_KEY="$3/sender.key"
  fi
}
env_args() { service_env "$@" | sed 's/^/-e\n/'; }

start_bare() {
  local role main
  for role in receiver sender; do
    main="io.quoterelay.$role.$( [ $role = receiver ] && echo ReceiverMain || echo SenderMain )"
    mapfile -t E < <(service_env "$role" 127.0.0.1 "$PKI")
    if [ $role = receiver ]; then E=("${E[@]/RELAY_PORT=9001/RELAY_PORT=$RELAY_PORT}"); fi
    # The image's flags; -Xms/-Xmx in place of the container's 40 % of 256 MB (they win over the percentages).
    jar="$(ls "$role"/target/"$role"-*.jar | grep -v -e sources -e tests | head -1)"
    env "${E[@]}" java "${JVM_FLAGS[@]}" -Xms100m -Xmx100m -cp "$jar:$role/target/lib/*" "$main" \
      >"$WORK/bare-$role.log" 2>&1 &
    PIDS+=($!)
  done
}
start_containers() { # network limit...
  local net="$1"; shift
  local rnet=(--network host) snet=(--network host) rport=(-e RELAY_PORT="$RELAY_PORT") host=127.0.0.1
  if [ "$net" = bridge ]; then
    rnet=(-p "$RELAY_PORT:9001"); snet=(); rport=(); host=host.containers.internal
  fi
  mapfile -t RE < <(env_args receiver "$host" /certs)
  mapfile -t SE < <(env_args sender "$host" /certs)
  podman run -d --name "$P-rcv" "${rnet[@]}" --memory 256m "${LIMIT_R[@]}" -v "$PKI:/certs:ro" "${RE[@]}" \
    "${rport[@]}" "quoterelay/receiver:$TAG" >/dev/null
  podman run -d --name "$P-snd" "${snet[@]}" --memory 256m "${LIMIT_S[@]}" -v "$PKI:/certs:ro" "${SE[@]}" \
    "quoterelay/sender:$TAG" >/dev/null
}
receiver_log() { if [ "$1" = bare ]; then cat "$WORK/bare-receiver.log"; else podman logs "$P-rcv" 2>&1; fi; }

echo "load before: $(uptime | sed 's/.*load average/load average/'); $SECONDS_RUN s at $RATE/s per placement; image tag $TAG"
for placement in bare default old; do
  podman run -d --name "$P-sim" --network host --memory 256m "quoterelay/simulator:$TAG" --host 0.0.0.0 \
    --port "$SIM_PORT" --symbols BTCUSDT,ETHUSDT --rate "$RATE" >/dev/null
  case "$placement" in
    bare) start_bare ;;
    default) LIMIT_R=(--cpuset-cpus 1); LIMIT_S=(--cpuset-cpus 0); start_containers host ;;
    old) LIMIT_R=(--cpus 0.5); LIMIT_S=(--cpus 0.5); start_containers bridge ;;
  esac
  # The second full stats window after quotes start: the first includes start-up.
  deadline=$(( $(date +%s) + 3 * SECONDS_RUN + 120 ))
  until [ "$(receiver_log "$placement" | grep -c 'stats .* msgs=[1-9]')" -ge 2 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { receiver_log "$placement" | tail -5; echo "$placement: no two stats windows with quotes"; break; }
    sleep 2
  done
  line="$(receiver_log "$placement" | grep 'stats .* msgs=[1-9]' | sed -n 2p)"
  echo "$placement: $(echo "$line" | grep -oE 'msgs=[0-9]+|lat_us p50=[0-9]+ p90=[0-9]+ p99=[0-9]+ p99.9=[0-9]+ max=[0-9]+|gaps=[0-9]+|conflated=[0-9]+' | tr '\n' ' ')"
  stop_all
done
echo "load after: $(uptime | sed 's/.*load average/load average/')"
