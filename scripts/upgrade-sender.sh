#!/usr/bin/env bash
# Upgrades (or restarts) the sender on this host without a hole in the feed: the new sender is
# started beside the old one and must be healthy (Binance and the receiver link up, quotes flowing)
# before the old one stops; then the same again to bring the service back under its usual name.
# At every moment at least one sender is relaying.
#
#   scripts/upgrade-sender.sh [VERSION]        run next to docker-compose.sender.yml (or set COMPOSE_DIR)
#
# VERSION: the image tag to run (QUOTERELAY_VERSION; default: keep what .env/the shell says, e.g.
# `latest` after loading a new image). COMPOSE: the compose command (default `docker compose`;
# with podman: `docker-compose -H unix:///run/podman/podman.sock`). PROJECT: the compose
# project (default quoterelay). SPARE_METRICS_PORT: the temporary sender's metrics port (default 9103).
#
# While both run, the receiver has two sessions of the same feed. With A/B arbitration in the
# receiver (issue 11) the executor gets each update once; without it, it gets the overlap's
# updates once per sender (counted per session, nothing lost). Both ways, no update is missed.
set -euo pipefail
cd "${COMPOSE_DIR:-.}"
[ -f docker-compose.sender.yml ] || { echo "no docker-compose.sender.yml in $(pwd): run next to it or set COMPOSE_DIR" >&2; exit 2; }
read -r -a COMPOSE <<<"${COMPOSE:-docker compose}"
PROJECT="${PROJECT:-quoterelay}"
SPARE_PORT="${SPARE_METRICS_PORT:-9103}"
MAIN_PORT="${SENDER_METRICS_PORT:-9102}"
[ -n "${1:-}" ] && export QUOTERELAY_VERSION="$1"
log() { echo "[upgrade-sender $(date -u +%H:%M:%S)] $*"; }

healthy() { # metrics port -> 0 when GET /health answers 200 (quotes are flowing through that sender)
  local status
  { exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /health HTTP/1.0\r\n\r\n' >&3 && IFS= read -r -t 5 status <&3; } 2>/dev/null \
    && [[ "$status" == *" 200 "* ]]
}
await_healthy() { # metrics port, what; 90 s at most
  local deadline=$(( $(date +%s) + 90 ))
  until healthy "$1"; do
    [ "$(date +%s)" -lt "$deadline" ] || { log "$2 not healthy within 90 s: the old sender keeps running"; return 1; }
    sleep 1
  done
  log "$2 healthy (quotes flowing)"
}
down() { # project, container name, metrics port
  SENDER_CONTAINER="$2" SENDER_METRICS_PORT="$3" "${COMPOSE[@]}" -f docker-compose.sender.yml -p "$1" down
}
# down, then up: recreates with the new image under every compose (podman-compose 1.0.3's `up -d`
# keeps an existing container; docker-compose on podman's socket cannot --force-recreate a named one).
up() { # project, container name, metrics port
  down "$@"
  SENDER_CONTAINER="$2" SENDER_METRICS_PORT="$3" "${COMPOSE[@]}" -f docker-compose.sender.yml -p "$1" up -d
}

log "starting a spare sender ($PROJECT-spare, metrics on $SPARE_PORT) beside the running one"
up "$PROJECT-spare" quoterelay-sender-spare "$SPARE_PORT"
await_healthy "$SPARE_PORT" "spare sender" || { down "$PROJECT-spare" quoterelay-sender-spare "$SPARE_PORT"; exit 1; }
log "recreating the main sender ($PROJECT) while the spare relays"
up "$PROJECT" "${SENDER_CONTAINER:-quoterelay-sender}" "$MAIN_PORT"
await_healthy "$MAIN_PORT" "main sender" || { log "the spare keeps relaying; look at the main sender's logs"; exit 1; }
log "stopping the spare"
down "$PROJECT-spare" quoterelay-sender-spare "$SPARE_PORT"
log "done: the main sender runs ${QUOTERELAY_VERSION:-the current image}"
