#!/usr/bin/env bash
# Builds the JRE 17 base image for the Jib builds, offline (Debian mirror only, no registry), cached.
#
# Why: Jib's default base (eclipse-temurin:17-jre) comes from Docker Hub, which CI machines here
# cannot reach. This makes an equivalent glibc JRE 17 base from Debian packages and writes it as a
# docker-save tar, the only tar format Jib accepts as a base (`tar:///abs/path`; OCI archives fail).
# It is debootstrap minbase + openjdk-17-jre-headless rather than a jlink image so that the image
# has a shell (/bin/sh) for health checks and debugging.
#
# The tar is written without podman or a daemon (one layer tar + config JSON + manifest.json), so
# it can be built on any Debian machine with root. It has user `relay` (uid/gid 10001).
#
# Usage: containers/build-base-image.sh [--rebuild]     prints the tar's absolute path last
# Env:   DEBIAN_MIRROR (default http://deb.debian.org/debian), DEBIAN_SUITE (default bookworm)
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
CACHE_DIR="$HERE/.cache"
OUT="$CACHE_DIR/jre17-base.tar"
KEY_FILE="$CACHE_DIR/jre17-base.key"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITE="${DEBIAN_SUITE:-bookworm}"
PACKAGES="openjdk-17-jre-headless,ca-certificates-java"
RECIPE_VERSION=1   # bump when the recipe below changes in a way the key does not see

log() { echo "[base-image] $*" >&2; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    log "needs root (debootstrap, chroot) or sudo"; exit 1
  fi
fi

ARCH="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
case "$ARCH" in amd64) OCI_ARCH=amd64 ;; arm64) OCI_ARCH=arm64 ;; *) OCI_ARCH="$ARCH" ;; esac
KEY="v$RECIPE_VERSION suite=$SUITE arch=$ARCH packages=$PACKAGES"

if [ "${1:-}" != "--rebuild" ] && [ -s "$OUT" ] && [ -f "$KEY_FILE" ] && [ "$(cat "$KEY_FILE")" = "$KEY" ]; then
  log "cached: $OUT ($(du -h "$OUT" | cut -f1)); pass --rebuild to refresh"
  echo "$OUT"
  exit 0
fi

# --- tools (idempotent: apt-get update at most once, only when something is missing) ---
need=()
command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || need+=(debootstrap)
command -v sha256sum >/dev/null 2>&1 || need+=(coreutils)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq || log "apt-get update reported errors (unreachable extra sources?); continuing"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
DEBOOTSTRAP="$(command -v debootstrap || echo /usr/sbin/debootstrap)"

mkdir -p "$CACHE_DIR"
WORK="$(mktemp -d "$CACHE_DIR/build.XXXXXX")"
cleanup() {
  if [ -n "${ROOT:-}" ] && mountpoint -q "$ROOT/proc" 2>/dev/null; then $SUDO umount "$ROOT/proc" || true; fi
  $SUDO rm -rf "$WORK"
}
trap cleanup EXIT
ROOT="$WORK/rootfs"

start=$(date +%s)
log "debootstrap $SUITE minbase + $PACKAGES from $MIRROR (about a minute)"
if ! $SUDO "$DEBOOTSTRAP" --variant=minbase --include="$PACKAGES" --arch="$ARCH" \
    "$SUITE" "$ROOT" "$MIRROR" >"$WORK/debootstrap.log" 2>&1; then
  tail -30 "$WORK/debootstrap.log" >&2
  [ -f "$ROOT/debootstrap/debootstrap.log" ] && tail -30 "$ROOT/debootstrap/debootstrap.log" >&2
  log "debootstrap failed"; exit 1
fi

# The JRE must actually start (it finds libjli.so through /proc/self/exe, hence /proc), and TLS to
# Binance needs the Java trust store.
$SUDO mount -t proc proc "$ROOT/proc"
$SUDO chroot "$ROOT" /usr/bin/java -version >"$WORK/java-version.txt" 2>&1 || {
  cat "$WORK/java-version.txt" >&2; $SUDO umount "$ROOT/proc"; log "java does not start inside the root filesystem"; exit 1; }
$SUDO umount "$ROOT/proc"
$SUDO test -s "$ROOT/etc/ssl/certs/java/cacerts" || { log "no Java trust store (ca-certificates-java)"; exit 1; }
JAVA_HOME_IN_IMAGE="$($SUDO chroot "$ROOT" sh -c 'dirname "$(dirname "$(readlink -f /usr/bin/java)")"')"

# Non-root runtime user; the images run as uid 10001 (Jib <user>), this gives it a name and home.
$SUDO chroot "$ROOT" sh -c 'getent group relay >/dev/null || groupadd --gid 10001 relay;
  getent passwd relay >/dev/null || useradd --uid 10001 --gid 10001 --home-dir /home/relay \
    --create-home --shell /usr/sbin/nologin relay'

# Slim down: package caches, docs, man pages, locales; nothing the JVM reads.
$SUDO sh -c "rm -rf '$ROOT'/var/cache/apt/archives/*.deb '$ROOT'/var/lib/apt/lists/* '$ROOT'/debootstrap \
  '$ROOT'/usr/share/doc/* '$ROOT'/usr/share/man/* '$ROOT'/usr/share/info/* '$ROOT'/var/log/*.log \
  '$ROOT'/var/cache/debconf/*-old '$ROOT'/var/lib/dpkg/*-old '$ROOT'/dev/*"
$SUDO find "$ROOT/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'C.*' -exec rm -rf {} + 2>/dev/null || true

# --- docker-save tar: manifest.json + <config>.json + one uncompressed layer ---
IMG="$WORK/image"; mkdir -p "$IMG"
$SUDO tar --numeric-owner --sort=name --mtime='@0' --xattrs -C "$ROOT" -cf "$IMG/layer.tar" .
$SUDO chown "$(id -u):$(id -g)" "$IMG/layer.tar"
DIFF_ID="sha256:$(sha256sum "$IMG/layer.tar" | cut -d' ' -f1)"
LAYER_DIR="${DIFF_ID#sha256:}"; mkdir -p "$IMG/$LAYER_DIR"; mv "$IMG/layer.tar" "$IMG/$LAYER_DIR/layer.tar"
cat >"$IMG/config.json" <<EOF
{"architecture":"$OCI_ARCH","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$JAVA_HOME_IN_IMAGE","LANG=C.UTF-8"],
           "Cmd":["/bin/sh"],"WorkingDir":"/",
           "Labels":{"org.opencontainers.image.title":"quoterelay JRE 17 base ($SUITE minbase + openjdk-17-jre-headless)"}},
 "rootfs":{"type":"layers","diff_ids":["$DIFF_ID"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"containers/build-base-image.sh: debootstrap --variant=minbase --include=$PACKAGES $SUITE"}]}
EOF
CONFIG_ID="$(sha256sum "$IMG/config.json" | cut -d' ' -f1)"
mv "$IMG/config.json" "$IMG/$CONFIG_ID.json"
printf '[{"Config":"%s.json","RepoTags":["quoterelay/jre17-base:%s"],"Layers":["%s/layer.tar"]}]\n' \
  "$CONFIG_ID" "$SUITE" "$LAYER_DIR" >"$IMG/manifest.json"
tar --sort=name --mtime='@0' -C "$IMG" -cf "$WORK/base.tar" manifest.json "$CONFIG_ID.json" "$LAYER_DIR"
mv -f "$WORK/base.tar" "$OUT"
echo "$KEY" >"$KEY_FILE"

log "built $OUT ($(du -h "$OUT" | cut -f1)) in $(( $(date +%s) - start )) s: $(head -1 "$WORK/java-version.txt")"
echo "$OUT"
