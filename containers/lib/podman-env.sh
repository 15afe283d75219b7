# Sourced by the container scripts: podman settings that work on these machines (and do no harm
# elsewhere). crun fails on hybrid cgroups here and without explicit ulimits, so podman gets a
# private containers.conf through CONTAINERS_CONF: runtime runc, cgroupfs, file events, netavark.
# Usage: source containers/lib/podman-env.sh; podman_env DIR   (writes DIR/containers.conf, exports it)
podman_env() {
  export CONTAINERS_CONF="$1/containers.conf"
  cat >"$CONTAINERS_CONF" <<CONF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=4096:4096"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
[network]
network_backend = "netavark"
CONF
}

# A free TCP port on this host (the kernel's choice), for scripts that must not collide with others.
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("",0));print(s.getsockname()[1])'; }

# Seconds since the epoch (ms resolution) of a log line's leading ISO-8601 UTC stamp.
log_epoch() { date -u -d "$(echo "$1" | cut -c1-23 | tr T ' ')" +%s.%3N; }

# The three services on this host's loopback (host networking), as the measurement and training
# scripts run them: simulator on SIM_PORT, receiver on RELAY_PORT (metrics RM_PORT), sender dialling
# both (metrics SM_PORT); certificates from PKI (certs tool output, readable by uid 10001).
# Each prints `podman create` options for the service; the caller adds limits, name and image.
receiver_opts() {
  echo --network host -v "$PKI:/certs:ro" -e STATS_INTERVAL=1s -e METRICS_BIND_ADDRESS=127.0.0.1 \
    -e RELAY_PORT="$RELAY_PORT" -e METRICS_PORT="$RM_PORT" \
    -e SERVER_CERT=/certs/server.crt -e SERVER_KEY=/certs/server.key -e CA_CERT=/certs/ca.crt
}
sender_opts() {
  echo --network host -v "$PKI:/certs:ro" -e STATS_INTERVAL=1s -e METRICS_BIND_ADDRESS=127.0.0.1 \
    -e METRICS_PORT="$SM_PORT" -e RECEIVER_HOST=127.0.0.1 -e RECEIVER_PORT="$RELAY_PORT" -e SYMBOLS=BTCUSDT,ETHUSDT \
    -e BINANCE_URL="ws://127.0.0.1:$SIM_PORT/stream?streams=btcusdt@bookTicker/ethusdt@bookTicker" \
    -e CA_CERT=/certs/ca.crt -e CLIENT_CERT=/certs/sender.crt -e CLIENT_KEY=/certs/sender.key
}
# Starts the simulator container NAME from quoterelay/simulator:TAG on SIM_PORT (200 updates/s).
start_simulator() {
  podman run -d --name "$1" --network host --memory 256m "quoterelay/simulator:$2" --host 127.0.0.1 \
    --port "$SIM_PORT" --symbols BTCUSDT,ETHUSDT --rate 200 >/dev/null
}
# Certificates for 127.0.0.1 into PKI, readable by the images' uid 10001; picks the four ports.
loopback_setup() {
  PKI="$1"
  java -jar certs-tool/target/certs-tool-*-cli.jar --out "$PKI" --ip 127.0.0.1 --client sender >/dev/null
  chown -R 10001:10001 "$PKI" 2>/dev/null || chmod -R a+rX "$PKI"
  SIM_PORT=$(free_port); RELAY_PORT=$(free_port); RM_PORT=$(free_port); SM_PORT=$(free_port)
}
# The receiver's delivered-quote counter (quoterelay_receiver_quotes_total), 0 while it does not answer.
receiver_quotes() {
  { exec 3<>"/dev/tcp/127.0.0.1/$RM_PORT" && printf 'GET /metrics HTTP/1.0\r\n\r\n' >&3 \
      && sed -n 's/^quoterelay_receiver_quotes_total \([0-9.e+E]*\).*/\1/p' <&3; } 2>/dev/null | head -1 | cut -d. -f1
}
