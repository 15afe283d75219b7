#!/usr/bin/env bash
# Rebuilds the receiver and sender images with a class-data sharing archive made by a training run
# of those very images, so that a container starts on pre-parsed, pre-verified classes.
#
# Why a training run in the image: an AppCDS archive is valid only for the exact JVM build and the
# exact class path (paths, sizes, modification times of the jars) it was made with. Jib cannot run
# the JVM, and the build machine's JDK is rarely the base image's build, so the archive is made by
# the image's own JVM: this script runs the simulator, the receiver and the sender images on this
# host's loopback with -XX:ArchiveClassesAtExit until quotes flowed and both warm-ups ended, stops
# them (the JVM writes the archive as it exits), puts each archive in MODULE/target/cds/ and rebuilds
# the two images with -Pcds (adds /app/cds/app.jsa and -XX:SharedArchiveFile; see the parent pom).
# An image whose archive does not match (another JVM build or class path) prints a CDS warning and
# starts without it: slower, nothing else changes.
#
#   containers/build-cds-images.sh [MAVEN_ARGS...]     e.g. -Poffline-base (the same as the first build)
#
# Needs: podman (root, or CONTAINERS_CONF as in containers/lib/podman-env.sh), the images built first
# (`./mvnw -DskipTests package jib:buildTar -pl certs-tool,receiver-service,sender,simulator -am ...`).
# Module directories: RECEIVER_MODULE (default receiver-service), SENDER_MODULE (default sender).
set -euo pipefail
cd "$(dirname "$0")/.."
source containers/lib/podman-env.sh
RECEIVER_MODULE="${RECEIVER_MODULE:-receiver-service}"
SENDER_MODULE="${SENDER_MODULE:-sender}"
log() { echo "[cds] $*" >&2; }

WORK="$(mktemp -d /tmp/quoterelay-cds.XXXXXX)"
[ -n "${CONTAINERS_CONF:-}" ] || podman_env "$WORK"
P="qrcds$$"
TAG="cds-train-$$"
cleanup() {
  [ -n "${KEEP:-}" ] && { log "kept $P-* and $WORK"; return; }
  podman rm -f -t 1 "$P-sim" "$P-receiver" "$P-sender" >/dev/null 2>&1 || true
  for m in receiver sender simulator; do podman rmi "quoterelay/$m:$TAG" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

declare -A MODULE=([receiver]="$RECEIVER_MODULE" [sender]="$SENDER_MODULE" [simulator]=simulator)
for svc in receiver sender simulator; do
  tar="${MODULE[$svc]}/target/jib-image.tar"
  [ -s "$tar" ] || { log "$tar missing: build the images first (jib:buildTar)"; exit 1; }
  podman load -q -i "$tar" >/dev/null
  podman tag "$(cat "${MODULE[$svc]}/target/jib-image.id")" "quoterelay/$svc:$TAG"
done

# The image's own command line, minus any archive it already names, plus the dump at exit.
training_entrypoint() {
  podman inspect --format '{{json .Config.Entrypoint}}' "quoterelay/$1:$TAG" \
    | python3 -c 'import json,sys; e=[a for a in json.load(sys.stdin) if not a.startswith("-XX:SharedArchiveFile=")]
e.insert(1, "-XX:ArchiveClassesAtExit=/cds/app.jsa"); print(json.dumps(e))'
}

loopback_setup "$WORK/pki"
start_simulator "$P-sim" "$TAG"
for svc in receiver sender; do
  mkdir -p "$WORK/cds-$svc" && chmod 777 "$WORK/cds-$svc"
  # shellcheck disable=SC2046  # the option lists are word-split on purpose (no spaces inside values)
  # More memory than in service: writing the archive at exit needs room (256 MB ends in a kill).
  podman create --name "$P-$svc" --memory 1g -v "$WORK/cds-$svc:/cds" \
    --entrypoint "$(training_entrypoint "$svc")" $("${svc}_opts") "quoterelay/$svc:$TAG" >/dev/null
done
podman start "$P-receiver" "$P-sender" >/dev/null

# Trained once quotes went through (TLS, decoding, delivery, stats) and both warm-ups are over.
deadline=$(( $(date +%s) + 180 ))
until [ "$(receiver_quotes || echo 0)" -ge 400 ] 2>/dev/null \
    && podman logs "$P-receiver" 2>&1 | grep -q 'quote path warm' && podman logs "$P-sender" 2>&1 | grep -q 'quote path warm'; do
  [ "$(date +%s)" -lt "$deadline" ] || { podman logs --tail 20 "$P-sender" >&2; podman logs --tail 20 "$P-receiver" >&2
    log "training run: no quotes through both services within 180 s"; exit 1; }
  sleep 1
done
podman stop -t 60 "$P-sender" "$P-receiver" >/dev/null
for svc in receiver sender; do
  [ -s "$WORK/cds-$svc/app.jsa" ] || { podman logs --tail 20 "$P-$svc" >&2; log "$svc wrote no archive"; exit 1; }
  mkdir -p "${MODULE[$svc]}/target/cds"
  cp "$WORK/cds-$svc/app.jsa" "${MODULE[$svc]}/target/cds/app.jsa"
  log "$svc: $(du -h "${MODULE[$svc]}/target/cds/app.jsa" | cut -f1) archive from $(podman run --rm --entrypoint java \
    "quoterelay/$svc:$TAG" -version 2>&1 | sed -n 2p)"
done

# -am builds the simulator's image too (the sender's tests use it): an empty archive directory lets
# -Pcds add nothing to it, and its JVM starts as before (a missing archive is silently skipped).
mkdir -p simulator/target/cds
./mvnw -B -ntp -q -DskipTests -Pcds "$@" package jib:buildTar -pl "$RECEIVER_MODULE,$SENDER_MODULE" -am

# The new images must map their archive (-Xshare:on turns a mismatch into an error) and start.
for svc in receiver sender; do
  podman load -q -i "${MODULE[$svc]}/target/jib-image.tar" >/dev/null
  id="$(cat "${MODULE[$svc]}/target/jib-image.id")"
  if ! out="$(podman run --rm -e JAVA_TOOL_OPTIONS=-Xshare:on "$id" --help 2>&1)"; then
    echo "$out" | tail -5 >&2; log "$svc image does not map its archive"; exit 1
  fi
  log "$svc image ${id:7:12} starts on its archive (${MODULE[$svc]}/target/jib-image.tar)"
done
