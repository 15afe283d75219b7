package io.quoterelay.bench.real;

import java.nio.file.Path;

/**
 * One kind of traffic every peer gets in turn: a capture replayed at its recorded pace, or a fixed
 * rate for a fixed count. The first {@link #warmupCount()} messages a peer delivers are discarded
 * (the rule {@code relay2hop} applies to itself: the first 10 %).
 *
 * @param name      row label, e.g. {@code real spot-btcusdt} or {@code 1000/s}
 * @param capture   the capture (null at a fixed rate)
 * @param jsonl     the clean capture file the simulator replays (null at a fixed rate)
 * @param recvNs    its receive-time offsets, for the simulator and relay2hop (null at a fixed rate)
 * @param rate      msg/s at a fixed rate, 0 for a capture
 * @param count     messages sent
 */
record Traffic(String name, PacedCapture capture, Path jsonl, Path recvNs, int rate, int count) {

    static Traffic replay(PacedCapture capture, Path jsonl, Path recvNs) {
        return new Traffic("real " + capture.name(), capture, jsonl, recvNs, 0, capture.size());
    }

    static Traffic fixedRate(int rate, int seconds) {
        return new Traffic(rate + "/s", null, null, null, rate, Math.multiplyExact(rate, seconds));
    }

    boolean isReplay() {
        return capture != null;
    }

    int warmupCount() {
        return count / 10;
    }

    /** When message {@code i} (from 0) is due after the first. */
    long offsetNs(int i) {
        return isReplay() ? capture.offsetsNs()[i] : (long) i * 1_000_000_000L / rate;
    }

    long durationNs() {
        return offsetNs(count - 1);
    }
}
