#!/usr/bin/env bash
# Where a container's start-up time goes: container start -> JVM's first log line -> ready
# (receiver listening / sender's link up) -> first quote delivered by the receiver, for both images,
# under podman on this machine, with host networking and loopback addresses.
#
#   containers/measure-start.sh TAG [--cpus 0.5 | --cpuset 1] [--runs N] [--env NAME=VALUE]...
#
# TAG: the images quoterelay/{receiver,sender,simulator}:TAG, loaded in podman (e.g. by .ci/deployment
# or `podman load -i */target/jib-image.tar`). Two measurements per run, each on a running peer:
#   sender:   receiver up, then the sender container starts: its first quote at the receiver;
#   receiver: sender up and redialling, the receiver container restarts: its first quote.
# "first quote" is the receiver's quoterelay_receiver_quotes_total turning non-zero, polled every
# 20 ms from the host; the other points are the log lines' own stamps. Beside the wall times, the
# CPU seconds the JVM used up to its first quote: on a busy machine (or under `nice`) the wall
# times stretch with the load, that figure does not. Prints one line per measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
source containers/lib/podman-env.sh

TAG="${1:?usage: $0 TAG [--cpus 0.5 | --cpuset 1] [--runs N]}"; shift
LIMIT=(--cpuset-cpus 1); RUNS=3; ENV=()
while [ $# -gt 0 ]; do
  case "$1" in
    --cpus) LIMIT=(--cpus "$2"); shift 2 ;;
    --cpuset) LIMIT=(--cpuset-cpus "$2"); shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --env) ENV+=(-e "$2"); shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

WORK="$(mktemp -d /tmp/quoterelay-start.XXXXXX)"
[ -n "${CONTAINERS_CONF:-}" ] || podman_env "$WORK"
P="qrstart$$"
cleanup() { [ -n "${KEEP:-}" ] && { echo "kept $P-* and $WORK" >&2; return; }; podman rm -f -t 1 "$P-sim" "$P-rcv" "$P-snd" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

loopback_setup "$WORK/pki"
start_simulator "$P-sim" "$TAG"
# shellcheck disable=SC2046  # the option lists are word-split on purpose (no spaces inside values)
podman create --name "$P-rcv" --memory 256m "${LIMIT[@]}" "${ENV[@]}" $(receiver_opts) "quoterelay/receiver:$TAG" >/dev/null
# shellcheck disable=SC2046
podman create --name "$P-snd" --memory 256m "${LIMIT[@]}" "${ENV[@]}" $(sender_opts) "quoterelay/sender:$TAG" >/dev/null

await_first_quote() { # -> host epoch seconds when the counter became non-zero; 60 s at most
  local deadline=$(( $(date +%s) + 60 )) n
  while [ "$(date +%s)" -lt "$deadline" ]; do
    n="$(receiver_quotes || true)"; [ "${n:-0}" -gt 0 ] 2>/dev/null && { date +%s.%3N; return 0; }
    sleep 0.02
  done
  echo "no quote within 60 s" >&2; return 1
}
# Log lines carry ISO-8601 UTC stamps, which sort as strings: lines of earlier runs are skipped.
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%S.%3N; }
after() { podman logs "$1" 2>&1 | awk -v t="$(iso "$2")" '$1 >= t'; }
await_line() { # container, since (epoch), pattern -> epoch of the first matching log line's stamp
  local deadline=$(( $(date +%s) + 60 )) line
  while [ "$(date +%s)" -lt "$deadline" ]; do
    line="$(after "$1" "$2" | grep -m1 -E "$3" || true)"
    [ -n "$line" ] && { log_epoch "$line"; return 0; }
    sleep 0.1
  done
  echo "no line /$3/ from $1 within 60 s" >&2; return 1
}
since() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", b-a}'; }
# CPU seconds the container's JVM (its pid 1) has used: what start-up costs whatever the machine's load.
TICKS=$(getconf CLK_TCK)
cpu_s() { awk -v t="$TICKS" '{printf "%.2f", ($14 + $15) / t}' "/proc/$(podman inspect -f '{{.State.Pid}}' "$1")/stat"; }
first_line() { log_epoch "$(after "$1" "$2" | grep -m1 -E '^[0-9]{4}-')"; }

echo "load: $(uptime | sed 's/.*load average/load average/'); limit: ${LIMIT[*]}; image tag $TAG"
for i in $(seq 1 "$RUNS"); do
  # The sender starting against a running receiver.
  t0=$(date +%s.%3N); podman start "$P-rcv" >/dev/null; await_line "$P-rcv" "$t0" 'receiver listening on' >/dev/null
  t0=$(date +%s.%3N); podman start "$P-snd" >/dev/null; run=$(date +%s.%3N)
  q=$(await_first_quote); cpu=$(cpu_s "$P-snd"); up=$(await_line "$P-snd" "$t0" 'link to .* up'); jvm=$(first_line "$P-snd" "$t0")
  echo "run $i sender:   start->running $(since "$t0" "$run") s, ->first log line $(since "$t0" "$jvm") s, ->link up $(since "$t0" "$up") s, ->first quote $(since "$t0" "$q") s (JVM CPU by then $cpu s)"
  # The receiver restarting under a running sender (which redials with its back-off).
  podman stop -t 5 "$P-rcv" >/dev/null
  t0=$(date +%s.%3N); podman start "$P-rcv" >/dev/null; run=$(date +%s.%3N)
  q=$(await_first_quote); cpu=$(cpu_s "$P-rcv"); ready=$(await_line "$P-rcv" "$t0" 'receiver listening on'); jvm=$(first_line "$P-rcv" "$t0")
  echo "run $i receiver: start->running $(since "$t0" "$run") s, ->first log line $(since "$t0" "$jvm") s, ->listening $(since "$t0" "$ready") s, ->first quote $(since "$t0" "$q") s (JVM CPU by then $cpu s)"
  podman stop -t 5 "$P-snd" "$P-rcv" >/dev/null
done
