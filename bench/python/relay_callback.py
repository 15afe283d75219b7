#!/usr/bin/env python3
"""The Python pair's executor in the real-traffic benchmark (bench/run-real.sh).

Embeds the deployed receiver.py exactly as its users do (set_message_callback, run_server) and
records, per quote, time.time_ns() - binance_ts: the emitter stamped Binance's E with its emit time
in epoch ns and sender.py forwards E as binance_ts, so this is emit -> callback on one wall clock.

    PYTHON_PAIR=DIR PORT=P CERT=F KEY=F python3 relay_callback.py EXPECTED OUT_FILE

Talks to the harness over stdin/stdout like the product's RealReceiver: 'bench-first' on the
first quote ('bench-ready port=P' once listening); 'count' -> 'bench-count n=K'; 'dump' (or EXPECTED quotes) writes OUT_FILE
('emit_ns latency_ns' per quote, arrival order) and prints 'bench-done received=K'; EOF exits.
"""
import asyncio
import logging
import os
import sys
import threading
import time

sys.path.insert(0, os.environ["PYTHON_PAIR"])
import receiver  # noqa: E402  (the deployed module, unchanged)

EXPECTED = int(sys.argv[1])
OUT = sys.argv[2]
emits = []
latencies = []
done = threading.Event()
dump_lock = threading.Lock()


def dump():
    with dump_lock:
        if not done.is_set():
            done.set()
            with open(OUT, "w") as f:
                f.write("".join(f"{e} {l}\n" for e, l in zip(emits, latencies)))
        # Asked again (the harness may have missed the line): the same answer; nothing is recorded after the dump.
        print(f"bench-done received={len(emits)}", flush=True)


def on_quote(msg):
    now = time.time_ns()
    if done.is_set():
        return
    emit = msg.get("binance_ts", 0)
    emits.append(emit)
    latencies.append(now - emit)
    if len(emits) == 1:
        print("bench-first", flush=True)
    if len(emits) == EXPECTED:
        dump()


def control():
    for line in sys.stdin:
        command = line.strip()
        if command == "count":
            print(f"bench-count n={len(emits)}", flush=True)
        elif command == "dump":
            dump()
        else:
            print(f"bench-error unknown command '{command}'", flush=True)
    os._exit(0)


class ReadyWhenListening(logging.Handler):
    """receiver.py logs 'Listening on' once its server is up: that is when the sender may dial."""

    def emit(self, record):
        if record.getMessage().startswith("Listening on"):
            print(f"bench-ready port={receiver.PORT}", flush=True)


receiver.logger.addHandler(ReadyWhenListening())
receiver.set_message_callback(on_quote)
threading.Thread(target=control, name="bench-control", daemon=True).start()
asyncio.run(receiver.run_server())
